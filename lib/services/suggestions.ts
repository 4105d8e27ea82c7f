import "server-only";
import { z } from "zod";
import { db, transaction, type Tx } from "@/lib/db/client";
import {
  countSuggestions,
  findSuggestion,
  findTagByNameOrSynonym,
  getStoryForSuggestions,
  listSuggestions,
  replacePendingSuggestions,
  setSuggestionStatus,
  type SuggestionRow,
} from "@/lib/db/tags";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { AppError, notFound } from "@/lib/errors";
import { suggestionKey, type AgencySubject, type SuggestionKind } from "@/lib/tagging/suggest";
import { suggestTagsOffThread } from "@/lib/tagging/suggest-thread";
import { idSchema } from "@/lib/validation/ids";

// At most this many open proposals per story: a short list an editor actually reads.
const MAX_PENDING = 12;

function agencySubjects(normalized: unknown): AgencySubject[] {
  const parsed = z
    .object({
      subjects: z.array(z.object({ scheme: z.string(), code: z.string(), name: z.string().nullable().optional() })).max(200),
    })
    .safeParse(normalized);
  return parsed.success ? parsed.data.subjects.map((s) => ({ scheme: s.scheme, code: s.code, name: s.name ?? null })) : [];
}

/**
 * Recomputes a story's PENDING suggestions from its current text (offline: compromise and
 * the IPTC vocabulary, no network). Tags already on the story and proposals the editor
 * accepted or rejected are left out; entity names resolve to an existing tag's canonical
 * name when it matches a name or synonym.
 */
export async function computeStorySuggestions(storyId: string, tx: Tx = db()): Promise<number> {
  const story = await getStoryForSuggestions(tx, storyId);
  if (!story || story.status === "KILLED") return 0;
  const proposals = await suggestTagsOffThread({
    headline: story.headline,
    standfirst: story.standfirst,
    bodyText: story.bodyText,
    agencySubjects: agencySubjects(story.wireVersion?.normalized),
  });
  const applied = new Set<string>();
  for (const { tag } of story.tags) {
    applied.add(tag.scheme === "medtop" && tag.code ? `medtop:${tag.code}` : suggestionKey(tag.kind as SuggestionKind, tag.name));
    for (const s of tag.synonyms) applied.add(suggestionKey(tag.kind as SuggestionKind, s));
  }
  const rows: Parameters<typeof replacePendingSuggestions>[2] = [];
  for (const p of proposals) {
    let name = p.name;
    if (p.kind !== "MEDIA_TOPIC") {
      const known = (await findTagByNameOrSynonym(tx, p.kind, p.name)) ?? (await findFirstSynonymMatch(tx, p.kind, p.synonyms));
      if (known) name = known.name;
    }
    const key = p.kind === "MEDIA_TOPIC" ? p.key : suggestionKey(p.kind, name);
    if (applied.has(key) || rows.some((r) => r.key === key)) continue;
    rows.push({ key, kind: p.kind, name, scheme: p.scheme, code: p.code, score: p.score, origin: p.origin });
    if (rows.length >= MAX_PENDING) break;
  }
  await replacePendingSuggestions(tx, storyId, rows);
  return rows.length;
}

async function findFirstSynonymMatch(tx: Tx, kind: SuggestionKind, names: string[]) {
  for (const n of names) {
    const t = await findTagByNameOrSynonym(tx, kind, n);
    if (t) return t;
  }
  return null;
}

// Background recomputation after a save. compromise needs ~100 ms per 1,000 words, too slow
// for the save round-trip, so saves only enqueue (and the NLP runs on a worker thread, see
// lib/tagging/suggest-thread.ts, so it does not stall other requests either); one story at a time keeps the (possibly
// single-connection) database light, and a story saved again while queued runs once.
const queued = new Set<string>();
let chain: Promise<void> = Promise.resolve();
const inFlight = new Map<string, Promise<void>>();

export function queueStorySuggestions(storyId: string): Promise<void> {
  const existing = inFlight.get(storyId);
  if (existing && queued.has(storyId)) return existing;
  queued.add(storyId);
  const run = chain.then(async () => {
    queued.delete(storyId);
    try {
      await computeStorySuggestions(storyId);
    } catch (e) {
      console.error("tag suggestions failed", { storyId, error: e });
    }
  });
  chain = run;
  inFlight.set(storyId, run);
  void run.finally(() => {
    if (inFlight.get(storyId) === run) inFlight.delete(storyId);
  });
  return run;
}

/** Resolves when every queued computation has finished (seed scripts and tests). */
export async function settleStorySuggestions(): Promise<void> {
  await chain;
}

export type SuggestionView = Pick<SuggestionRow, "id" | "kind" | "name" | "code" | "score" | "origin">;

/** Open proposals, and whether a recomputation (after a save) is still running. */
export type SuggestionList = { items: SuggestionView[]; computing: boolean };

/**
 * The open proposals for a story, computing them first if the story has never had any.
 * With `wait: false` (the desk) it does not wait for a recomputation in progress but says
 * so: the browser runs server actions one at a time, so a list call waiting ~0.3 s for the
 * NLP held up the editor's next save.
 */
export async function listStorySuggestions(
  actor: Actor | null,
  storyId: string,
  { wait = true }: { wait?: boolean } = {},
): Promise<SuggestionList> {
  assertCan(actor, "desk.open");
  const id = idSchema.parse(storyId);
  const running = inFlight.get(id);
  if (wait) await running;
  const story = await getStoryForSuggestions(db(), id);
  if (!story) throw notFound("Story not found");
  if (!running && (await countSuggestions(db(), id)) === 0) await computeStorySuggestions(id);
  const rows = await listSuggestions(db(), id, "PENDING");
  return {
    items: rows.map(({ id: sid, kind, name, code, score, origin }) => ({ id: sid, kind, name, code, score, origin })),
    computing: !wait && inFlight.has(id),
  };
}

async function decide(actor: Actor | null, suggestionId: string, tx: Tx) {
  assertCan(actor, "tag.apply");
  const s = await findSuggestion(tx, idSchema.parse(suggestionId));
  if (!s) throw notFound("Suggestion not found");
  const story = await getStoryForSuggestions(tx, s.storyId);
  if (!story) throw notFound("Story not found");
  if (!canEditStory(actor, story)) throw new AppError("FORBIDDEN", "You may only tag stories you can edit");
  if (s.status !== "PENDING") throw new AppError("CONFLICT", `This suggestion was already ${s.status.toLowerCase()}`);
  return { s, actor };
}

/** A rejected proposal stays recorded, so it is not proposed again for this story. */
export async function rejectSuggestion(actor: Actor | null, suggestionId: string) {
  return transaction(async (tx) => {
    const { s } = await decide(actor, suggestionId, tx);
    await setSuggestionStatus(tx, s.id, "REJECTED");
    return { id: s.id };
  });
}

/** Wraps a story-writing transaction: once it has committed, the story's suggestions are recomputed in the background. */
export async function suggestAfterCommit<T extends { id: string }>(committed: Promise<T>): Promise<T> {
  const result = await committed;
  void queueStorySuggestions(result.id);
  return result;
}
