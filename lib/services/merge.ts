import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { getStoryWireLineage, getWireVersionForMerge } from "@/lib/db/agency-updates";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { parseStoryDoc, type StoryDoc } from "@/lib/editor/doc-schema";
import { docToBlockTexts } from "@/lib/diff/doc-blocks";
import { applyResolutions, mergeBodies, mergeField, type BodyChunk, type FieldMerge } from "@/lib/diff/doc-merge";
import { countChangedWords, diffBlocksSideBySide, diffWordsOf, type SideBySideRow } from "@/lib/diff/words";
import { loadOrThrow } from "./stories";
import { writeStory } from "./story-write";
import { idSchema } from "@/lib/validation/ids";

/**
 * Agency original vs edited story, and merging agency updates into the edited story.
 * base = the wire version the story came from (Story.wireVersionId), theirs = the item's
 * newest version, ours = the story as saved now.
 */
type WireV = NonNullable<Awaited<ReturnType<typeof getWireVersionForMerge>>>;

const wireFields = (v: WireV) => ({
  headline: (v.headline ?? v.proposedHeadline ?? "Untitled").slice(0, 300),
  standfirst: v.subheadline ?? "",
  byline: v.byline ?? "",
});
const wireDoc = (v: WireV): StoryDoc => htmlToStoryDoc(v.bodyHtml);

export const MERGE_FIELDS = ["headline", "standfirst", "byline"] as const;
type MergeFieldName = (typeof MERGE_FIELDS)[number];

export async function getAgencyOriginalDiff(actor: Actor | null, storyId: string) {
  assertCan(actor, "desk.open");
  const story = await loadOrThrow(db(), storyId);
  const lineage = await getStoryWireLineage(db(), storyId);
  if (!lineage) return null;
  const rows = diffBlocksSideBySide(docToBlockTexts(wireDoc(lineage.base)), docToBlockTexts(story.body as StoryDoc));
  // The fields the desk writes over the agency's: a standfirst the desk added counts too.
  const original = wireFields(lineage.base);
  const labels: Record<MergeFieldName, string> = { headline: "Headline", standfirst: "Standfirst", byline: "Byline" };
  const fields = MERGE_FIELDS.map((f) => ({ label: labels[f], parts: diffWordsOf(original[f], story[f]) }));
  const inBody = countChangedWords(rows);
  const inFields = countChangedWords(fields.map((f) => ({ left: f.parts, right: f.parts })));
  return {
    story: { id: story.id, headline: story.headline, version: story.version },
    wire: {
      id: lineage.base.id,
      version: lineage.base.version,
      source: lineage.item.source.name,
      state: lineage.item.state,
      headline: original.headline,
    },
    fields,
    rows,
    changed: { added: inBody.added + inFields.added, removed: inBody.removed + inFields.removed },
  };
}

function computeMerge(
  story: { headline: string; standfirst: string; byline: string; body: unknown },
  base: WireV,
  theirs: WireV,
) {
  const b = wireFields(base);
  const t = wireFields(theirs);
  const fields = Object.fromEntries(MERGE_FIELDS.map((f) => [f, mergeField(b[f], story[f], t[f])])) as Record<
    MergeFieldName,
    FieldMerge
  >;
  const chunks = mergeBodies(wireDoc(base), story.body as StoryDoc, wireDoc(theirs));
  return { fields, chunks };
}

export type AgencyUpdateView = {
  story: { id: string; headline: string; version: number };
  killed: boolean;
  base: { id: string; version: number };
  theirs: { id: string; version: number; receivedAt: string };
  agencyChanges: SideBySideRow[];
  fields: Record<MergeFieldName, FieldMerge>;
  chunks: BodyChunk[];
  conflicts: number;
};

/** What the agency changed (old vs new wire version) and the proposed three-way merge. */
export async function getAgencyUpdate(actor: Actor | null, storyId: string): Promise<AgencyUpdateView | null> {
  assertCan(actor, "desk.open");
  const story = await loadOrThrow(db(), storyId);
  const lineage = await getStoryWireLineage(db(), storyId);
  if (!lineage || lineage.latest.id === lineage.base.id) return null;
  const { fields, chunks } = computeMerge(story, lineage.base, lineage.latest);
  return {
    story: { id: story.id, headline: story.headline, version: story.version },
    killed: lineage.item.state === "KILLED",
    base: { id: lineage.base.id, version: lineage.base.version },
    theirs: { id: lineage.latest.id, version: lineage.latest.version, receivedAt: lineage.latest.receivedAt.toISOString() },
    agencyChanges: diffBlocksSideBySide(docToBlockTexts(wireDoc(lineage.base)), docToBlockTexts(wireDoc(lineage.latest))),
    fields,
    chunks,
    conflicts:
      chunks.filter((c) => c.kind === "conflict").length + Object.values(fields).filter((f) => f.kind === "conflict").length,
  };
}

export const applyMergeSchema = z.object({
  baseVersion: z.number().int().positive(),
  theirsVersionId: idSchema,
  body: z.record(z.string().regex(/^\d+$/), z.enum(["ours", "theirs"])).default({}),
  fields: z.partialRecord(z.enum(MERGE_FIELDS), z.enum(["ours", "theirs"])).default({}),
});

/**
 * Applies the merge in one transaction: the merge is recomputed here from the stored
 * story and wire versions (the browser only sends decisions), the story is written with
 * the optimistic version check, Story.wireVersionId moves to the new version, the update
 * flag clears, a revision and an audit row are written and annotations re-anchored.
 */
export async function applyAgencyMerge(actor: Actor | null, storyId: string, input: unknown, ctx: { ip?: string | null } = {}) {
  assertCan(actor, "story.edit.own");
  const parsed = applyMergeSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid merge");
  const data = parsed.data;
  const r = await writeStory({
    path: "merge",
    storyId,
    actor,
    baseVersion: data.baseVersion,
    ip: ctx.ip,
    plan: async (tx, story) => {
      const lineage = await getStoryWireLineage(tx, storyId);
      if (!lineage) throw new AppError("VALIDATION", "This story was not made from wire copy");
      if (lineage.item.state === "KILLED")
        throw new AppError("VALIDATION", "The agency killed this item; its updates cannot be merged");
      const theirs = await getWireVersionForMerge(tx, data.theirsVersionId);
      if (!theirs || theirs.itemId !== lineage.item.id || theirs.version <= lineage.base.version)
        throw notFound("No newer agency version to merge");
      const { fields, chunks } = computeMerge(story, lineage.base, theirs);
      const decisions = Object.fromEntries(Object.entries(data.body).map(([k, v]) => [Number(k), v]));
      const missing = chunks.filter((c) => c.kind === "conflict" && !decisions[c.index]).length;
      const fieldValue = (f: MergeFieldName): string => {
        const m = fields[f];
        if (m.kind === "resolved") return m.value;
        const d = data.fields[f];
        if (!d) throw new AppError("VALIDATION", `Decide the ${f} first`);
        return d === "ours" ? m.ours : m.theirs;
      };
      if (missing) throw new AppError("VALIDATION", `Decide ${missing} conflict${missing === 1 ? "" : "s"} first`);
      return {
        body: parseStoryDoc(applyResolutions(chunks, decisions)),
        fields: {
          headline: fieldValue("headline").trim() || story.headline,
          standfirst: fieldValue("standfirst"),
          byline: fieldValue("byline"),
          wireVersionId: theirs.id,
          agencyUpdateAvailable: theirs.id !== lineage.latest.id,
        },
        embargoUntil: theirs.embargoUntil,
        audit: { action: "story.save", meta: { agencyMerge: { from: lineage.base.id, to: theirs.id } } },
      };
    },
  });
  return { id: storyId, version: r.version, status: r.status, sentBackToReview: r.sentBackToReview };
}

/** For the edit page: is the source killed, and is there a newer agency version? */
export async function getStoryWireStatus(actor: Actor | null, storyId: string) {
  assertCan(actor, "desk.open");
  const lineage = await getStoryWireLineage(db(), storyId);
  if (!lineage) return null;
  return {
    source: lineage.item.source.name,
    baseVersion: lineage.base.version,
    latestVersion: lineage.latest.version,
    killed: lineage.item.state === "KILLED",
    killedAt: lineage.item.killedAt,
  };
}
