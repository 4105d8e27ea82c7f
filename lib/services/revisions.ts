import "server-only";
import { z } from "zod";
import {
  findPendingAutosave,
  getLatestRevision,
  getStoryForHistory,
  getStoryRevision,
  listStoryRevisions,
} from "@/lib/db/revisions";
import { insertRevision } from "@/lib/db/stories";
import { db } from "@/lib/db/client";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { parseStoryDoc, safeParseStoryDoc, type StoryDoc } from "@/lib/editor/doc-schema";
import { docToBlockTexts } from "@/lib/diff/doc-blocks";
import { countChangedWords, diffBlocksSideBySide, diffWordsOf, type DiffPart, type SideBySideRow } from "@/lib/diff/words";
import type { Prisma } from "@/lib/db/types";
import { parseInput } from "./stories";
import { saveStorySchema } from "@/lib/validation/story";
import { snapshotOf, writeStory } from "./story-write";
import type { TagInput } from "./tags";

/**
 * Revisions: every save, publish, transition, restore and take-over is a full snapshot.
 * Restoring writes the old text as a new RESTORE revision on top; nothing is rewritten,
 * so the text being replaced stays in the history.
 */

/** What a snapshot holds (older rows may lack fields; kill snapshots hold none). */
export type SnapshotView = {
  headline: string;
  standfirst: string;
  byline: string;
  datelinePlace: string;
  body: StoryDoc | null;
  tags: { kind: string; name: string }[];
  status: string | null;
  version: number | null;
};

const snapshotShape = z
  .object({
    headline: z.string().catch(""),
    standfirst: z.string().catch(""),
    byline: z.string().catch(""),
    datelinePlace: z.string().catch(""),
    body: z.unknown(),
    tags: z.array(z.object({ kind: z.string(), name: z.string() })).catch([]),
    status: z.string().nullable().catch(null),
    version: z.number().nullable().catch(null),
  })
  .partial();

export function readSnapshot(json: unknown): SnapshotView {
  const s = snapshotShape.safeParse(json ?? {});
  const v = s.success ? s.data : {};
  const body = v.body === undefined ? null : safeParseStoryDoc(v.body);
  return {
    headline: v.headline ?? "",
    standfirst: v.standfirst ?? "",
    byline: v.byline ?? "",
    datelinePlace: v.datelinePlace ?? "",
    body: body?.ok ? body.doc : null,
    tags: v.tags ?? [],
    status: v.status ?? null,
    version: v.version ?? null,
  };
}

async function storyForRead(actor: Actor | null, storyId: string) {
  assertCan(actor, "desk.open");
  const story = await getStoryForHistory(db(), storyId);
  if (!story) throw notFound("Story not found");
  return story;
}

export async function listRevisionsFor(actor: Actor | null, storyId: string) {
  const story = await storyForRead(actor, storyId);
  return { story, revisions: await listStoryRevisions(storyId) };
}

export type RevisionComparison = {
  left: { number: number; kind: string; createdAt: Date; author: string | null };
  right: { number: number; kind: string; createdAt: Date; author: string | null };
  fields: { label: string; parts: DiffPart[] }[];
  body: SideBySideRow[];
  changed: { added: number; removed: number };
};

/** Any two revisions side by side, with word-level highlighting. */
export async function compareRevisions(actor: Actor | null, storyId: string, a: number, b: number): Promise<RevisionComparison> {
  await storyForRead(actor, storyId);
  const [ra, rb] = await Promise.all([getStoryRevision(db(), storyId, a), getStoryRevision(db(), storyId, b)]);
  if (!ra || !rb) throw notFound("Revision not found");
  const [sa, sb] = [readSnapshot(ra.snapshot), readSnapshot(rb.snapshot)];
  const body = diffBlocksSideBySide(sa.body ? docToBlockTexts(sa.body) : [], sb.body ? docToBlockTexts(sb.body) : []);
  const tagText = (s: SnapshotView) => s.tags.map((t) => t.name).join(", ");
  return {
    left: { number: ra.number, kind: ra.kind, createdAt: ra.createdAt, author: ra.author?.name ?? null },
    right: { number: rb.number, kind: rb.kind, createdAt: rb.createdAt, author: rb.author?.name ?? null },
    fields: [
      { label: "Headline", parts: diffWordsOf(sa.headline, sb.headline) },
      { label: "Standfirst", parts: diffWordsOf(sa.standfirst, sb.standfirst) },
      { label: "Byline", parts: diffWordsOf(sa.byline, sb.byline) },
      { label: "Dateline", parts: diffWordsOf(sa.datelinePlace, sb.datelinePlace) },
      { label: "Tags", parts: diffWordsOf(tagText(sa), tagText(sb)) },
    ],
    body,
    changed: countChangedWords(body),
  };
}

/**
 * Puts an old revision's text, metadata and tags back as the current story (status and
 * publication are not touched). Optimistic concurrency as for a save. The current text
 * is already the latest revision; should it not be (an autosave on top), it is snapshotted
 * first, so a restore can never lose it. Every rule is the story-write pipeline's.
 */
export async function restoreRevision(
  actor: Actor | null,
  storyId: string,
  number: number,
  baseVersion: number,
  ctx: { ip?: string | null } = {},
) {
  assertCan(actor, "story.edit.own");
  const r = await writeStory({
    path: "restore",
    storyId,
    actor,
    baseVersion,
    ip: ctx.ip,
    plan: async (tx, story) => {
      const rev = await getStoryRevision(tx, storyId, number);
      if (!rev) throw notFound("Revision not found");
      const snap = readSnapshot(rev.snapshot);
      if (!snap.body || !snap.headline) throw new AppError("VALIDATION", "This revision holds no text to restore");
      const latest = await getLatestRevision(tx, storyId);
      if (latest?.kind === "AUTOSAVE" || readSnapshot(latest?.snapshot).version !== story.version) {
        await insertRevision(tx, {
          storyId,
          kind: "SAVE",
          status: story.status,
          snapshot: snapshotOf(story),
          authorId: actor!.id,
        });
      }
      return {
        fields: { headline: snap.headline, standfirst: snap.standfirst, byline: snap.byline, datelinePlace: snap.datelinePlace },
        body: parseStoryDoc(snap.body),
        tags: { set: snap.tags.filter((t): t is TagInput => isTagKind(t.kind)) },
        revision: "RESTORE",
        audit: { action: "story.save", meta: { restoredFrom: number } },
      };
    },
  });
  return { id: storyId, version: r.version, status: r.status, sentBackToReview: r.sentBackToReview };
}

const TAG_KINDS = ["MEDIA_TOPIC", "PERSON", "ORGANISATION", "PLACE", "KEYWORD"] as const;
function isTagKind(kind: string): kind is (typeof TAG_KINDS)[number] {
  return (TAG_KINDS as readonly string[]).includes(kind);
}

/**
 * Autosave keeps the editor's working copy as an AUTOSAVE revision without changing the
 * story: one revision per person and base version, updated in place, so history is not
 * flooded. It passes the same pipeline as a save (lock, version, killed, live-needs-publish):
 * refused (CONFLICT) when the story moved on from `baseVersion` or someone else holds the
 * lock, so it can never overwrite a newer save.
 */
export async function autosaveStory(actor: Actor | null, storyId: string, input: unknown) {
  assertCan(actor, "story.edit.own");
  const data = parseInput(saveStorySchema, input, "Invalid story");
  const r = await writeStory({
    path: "autosave",
    storyId,
    actor,
    baseVersion: data.baseVersion,
    plan: () => ({
      autosave: {
        headline: data.headline,
        standfirst: data.standfirst,
        byline: data.byline,
        datelinePlace: data.datelinePlace,
        body: data.body as Prisma.InputJsonValue,
        tags: data.tags.map((t) => ({ ...(t.id ? { id: t.id } : {}), kind: t.kind, name: t.name })),
      },
      audit: { action: "story.save" },
    }),
  });
  return { revision: r.revision!, savedAt: new Date().toISOString() };
}

/** The caller's own autosave newer than the last real save, offered back when they reopen the story. */
export async function findMyPendingAutosave(actor: Actor, storyId: string) {
  const rev = await findPendingAutosave(db(), storyId, actor.id);
  if (!rev) return null;
  const snap = readSnapshot(rev.snapshot);
  return {
    number: rev.number,
    createdAt: rev.createdAt.toISOString(),
    baseVersion: (rev.snapshot as { baseVersion?: number } | null)?.baseVersion ?? null,
    snapshot: snap,
  };
}
