import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Prisma } from "./generated/client";
import type { SuggestionStatus, TagKind, TagSource } from "./generated/enums";

const tagSelect = {
  id: true,
  kind: true,
  name: true,
  slug: true,
  scheme: true,
  code: true,
  synonyms: true,
  mergedIntoId: true,
  sectionOrder: true,
} as const;

export function findTagBySlug(tx: Tx, slug: string) {
  return tx.tag.findUnique({ where: { slug }, select: { id: true, kind: true, name: true, slug: true } });
}

export function findTagById(tx: Tx, id: string) {
  return tx.tag.findUnique({ where: { id }, select: tagSelect });
}

export function findTagByKindAndName(tx: Tx, kind: TagKind, name: string) {
  return tx.tag.findFirst({
    where: { kind, name: { equals: name, mode: "insensitive" }, mergedIntoId: null },
    select: { id: true, kind: true, name: true, slug: true },
  });
}

/** The live tag of `kind` called `name` or having it as a synonym (case-insensitive). */
export async function findTagByNameOrSynonym(
  tx: Tx,
  kind: TagKind,
  name: string,
): Promise<{ id: string; kind: TagKind; name: string; slug: string } | null> {
  const byName = await findTagByKindAndName(tx, kind, name);
  if (byName) return byName;
  const rows = await tx.$queryRaw<{ id: string; kind: TagKind; name: string; slug: string }[]>`
    SELECT id, kind, name, slug FROM "Tag"
    WHERE kind = ${kind}::"TagKind" AND "mergedIntoId" IS NULL
      AND EXISTS (SELECT 1 FROM unnest(synonyms) s WHERE lower(s) = lower(${name}))
    ORDER BY "createdAt" LIMIT 1`;
  return rows[0] ?? null;
}

/** The Media Topic with this code, following merges. */
export function findMediaTopic(tx: Tx, code: string) {
  return tx.tag.findUnique({ where: { scheme_code: { scheme: "medtop", code } }, select: tagSelect });
}

export function insertTag(
  tx: Tx,
  data: { kind: TagKind; name: string; slug: string; scheme?: string; code?: string; synonyms?: string[] },
) {
  return tx.tag.create({ data, select: { id: true, kind: true, name: true, slug: true } });
}

export async function replaceStoryTags(tx: Tx, storyId: string, tagIds: string[]) {
  await tx.storyTag.deleteMany({ where: { storyId, tagId: { notIn: tagIds } } });
  await tx.storyTag.createMany({ data: tagIds.map((tagId) => ({ storyId, tagId })), skipDuplicates: true });
}

export async function addStoryTag(tx: Tx, storyId: string, tagId: string, source: TagSource) {
  await tx.storyTag.createMany({ data: [{ storyId, tagId, source }], skipDuplicates: true });
}

// ───────────── Vocabulary ─────────────

export type VocabularyTopic = { code: string; name: string; definition: string; parentCode: string | null; slug: string };

/** Codes and names of the Media Topics already stored, and every slug in use. */
export async function listMediaTopicState(tx: Tx) {
  const [topics, slugs] = await Promise.all([
    tx.tag.findMany({
      where: { scheme: "medtop" },
      select: { id: true, code: true, name: true, description: true, parentCode: true },
    }),
    tx.tag.findMany({ select: { slug: true } }),
  ]);
  return { topics, slugs: new Set(slugs.map((s) => s.slug)) };
}

/** One multi-row INSERT for the whole vocabulary (idempotent: existing codes are skipped). */
export async function insertMediaTopics(tx: Tx, topics: VocabularyTopic[]): Promise<number> {
  if (topics.length === 0) return 0;
  const { count } = await tx.tag.createMany({
    data: topics.map((t) => ({
      kind: "MEDIA_TOPIC" as const,
      scheme: "medtop",
      code: t.code,
      name: t.name,
      slug: t.slug,
      description: t.definition,
      parentCode: t.parentCode,
    })),
    skipDuplicates: true,
  });
  return count;
}

export function updateMediaTopic(tx: Tx, id: string, data: { name: string; description: string; parentCode: string | null }) {
  return tx.tag.update({ where: { id }, data, select: { id: true } });
}

// ───────────── Picker and administration ─────────────

export type TagSearchRow = {
  id: string;
  kind: TagKind;
  name: string;
  slug: string;
  code: string | null;
  synonyms: string[];
  description: string | null;
  parentName: string | null;
};

/**
 * Type-ahead: live tags whose name or a synonym contains `q` (case-insensitive), names that
 * start with it first, then shorter names. Merged tags never appear.
 */
export function searchTags(q: string, opts: { kinds?: TagKind[]; limit?: number } = {}) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const kinds = opts.kinds && opts.kinds.length > 0 ? opts.kinds : null;
  return db().$queryRaw<TagSearchRow[]>`
    SELECT t.id, t.kind, t.name, t.slug, t.code, t.synonyms, t.description, p.name AS "parentName"
    FROM "Tag" t
    LEFT JOIN "Tag" p ON p.scheme = t.scheme AND p.code = t."parentCode"
    WHERE t."mergedIntoId" IS NULL
      AND (${kinds}::text[] IS NULL OR t.kind::text = ANY(${kinds}::text[]))
      AND (t.name ILIKE ${like} OR EXISTS (SELECT 1 FROM unnest(t.synonyms) s WHERE s ILIKE ${like}))
    ORDER BY (t.name ILIKE ${prefix}) DESC, length(t.name), t.name
    LIMIT ${opts.limit ?? 20}`;
}

export type TagAdminRow = {
  id: string;
  kind: TagKind;
  name: string;
  slug: string;
  code: string | null;
  synonyms: string[];
  /** Position in the public site's sections, or null. */
  sectionOrder: number | null;
  stories: number;
};

/** Tags for the administration page, with how many stories use each; vocabulary topics only when used or searched for. */
export function listTagsForAdmin(opts: { q?: string; kind?: TagKind; limit?: number }) {
  const q = opts.q?.trim() ?? "";
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db().$queryRaw<(Omit<TagAdminRow, "stories"> & { stories: bigint })[]>`
    SELECT t.id, t.kind, t.name, t.slug, t.code, t.synonyms, t."sectionOrder", count(st."storyId") AS stories
    FROM "Tag" t LEFT JOIN "StoryTag" st ON st."tagId" = t.id
    WHERE t."mergedIntoId" IS NULL
      AND (${opts.kind ?? null}::text IS NULL OR t.kind::text = ${opts.kind ?? null}::text)
      AND (${q} = '' OR t.name ILIKE ${like} OR EXISTS (SELECT 1 FROM unnest(t.synonyms) s WHERE s ILIKE ${like}))
    GROUP BY t.id
    HAVING ${q} <> '' OR t.scheme IS NULL OR count(st."storyId") > 0 OR t."sectionOrder" IS NOT NULL
    ORDER BY count(st."storyId") DESC, t.name
    LIMIT ${opts.limit ?? 200}`.then((rows) => rows.map((r) => ({ ...r, stories: Number(r.stories) })));
}

/** The tags that are the public site's sections (a place in the masthead, not merged away). */
export const SECTION_WHERE = { sectionOrder: { not: null }, mergedIntoId: null } satisfies Prisma.TagWhereInput;

/** Whether a tag is one of the public site's sections (the row form of SECTION_WHERE). */
export function isSection(tag: { sectionOrder: number | null; mergedIntoId: string | null }): boolean {
  return tag.sectionOrder !== null && tag.mergedIntoId === null;
}

export function countSections(tx: Tx): Promise<number> {
  return tx.tag.count({ where: SECTION_WHERE });
}

export function updateTag(tx: Tx, id: string, data: { name?: string; synonyms?: string[]; sectionOrder?: number | null }) {
  return tx.tag.update({ where: { id }, data, select: tagSelect });
}

/**
 * Moves every story link from `sourceId` to `targetId` (a story that had both keeps one
 * link), points earlier merges at the target, and marks the source merged. Returns how
 * many links moved. Runs inside the caller's transaction.
 */
export async function mergeTagInto(tx: Tx, sourceId: string, targetId: string): Promise<number> {
  const moved = await tx.$executeRaw`
    INSERT INTO "StoryTag" ("storyId", "tagId", source, "createdAt")
    SELECT "storyId", ${targetId}, source, "createdAt" FROM "StoryTag" WHERE "tagId" = ${sourceId}
    ON CONFLICT ("storyId", "tagId") DO NOTHING`;
  await tx.storyTag.deleteMany({ where: { tagId: sourceId } });
  await tx.tag.updateMany({ where: { mergedIntoId: sourceId }, data: { mergedIntoId: targetId } });
  await tx.tag.update({ where: { id: sourceId }, data: { mergedIntoId: targetId } });
  return moved;
}

export function countStoryTags(tx: Tx, tagId: string) {
  return tx.storyTag.count({ where: { tagId } });
}

// ───────────── Suggestions ─────────────

export type SuggestionRow = {
  id: string;
  key: string;
  kind: TagKind;
  name: string;
  scheme: string | null;
  code: string | null;
  score: number;
  origin: string;
  status: SuggestionStatus;
};
const suggestionSelect = {
  id: true,
  key: true,
  kind: true,
  name: true,
  scheme: true,
  code: true,
  score: true,
  origin: true,
  status: true,
} as const;

export function listSuggestions(tx: Tx, storyId: string, status?: SuggestionStatus): Promise<SuggestionRow[]> {
  return tx.tagSuggestion.findMany({
    where: { storyId, ...(status ? { status } : {}) },
    select: suggestionSelect,
    orderBy: [{ score: "desc" }, { name: "asc" }],
  });
}

export function findSuggestion(tx: Tx, id: string) {
  return tx.tagSuggestion.findUnique({ where: { id }, select: { ...suggestionSelect, storyId: true } });
}

export function countSuggestions(tx: Tx, storyId: string) {
  return tx.tagSuggestion.count({ where: { storyId } });
}

/**
 * Replaces the PENDING proposals of a story with `rows`. ACCEPTED and REJECTED rows are
 * never touched, and a key that has one is not proposed again (the unique key skips it).
 */
export async function replacePendingSuggestions(
  tx: Tx,
  storyId: string,
  rows: { key: string; kind: TagKind; name: string; scheme: string | null; code: string | null; score: number; origin: string }[],
) {
  await tx.tagSuggestion.deleteMany({ where: { storyId, status: "PENDING", key: { notIn: rows.map((r) => r.key) } } });
  const pending = new Set(
    (await tx.tagSuggestion.findMany({ where: { storyId, status: "PENDING" }, select: { key: true } })).map((r) => r.key),
  );
  await tx.tagSuggestion.createMany({
    data: rows.filter((r) => !pending.has(r.key)).map((r) => ({ storyId, ...r })),
    skipDuplicates: true,
  });
  for (const r of rows.filter((r) => pending.has(r.key))) {
    await tx.tagSuggestion.updateMany({
      where: { storyId, key: r.key, status: "PENDING" },
      data: { score: r.score, name: r.name, origin: r.origin },
    });
  }
}

export function setSuggestionStatus(tx: Tx, id: string, status: SuggestionStatus) {
  return tx.tagSuggestion.update({ where: { id }, data: { status }, select: { id: true } });
}

/** What the suggestion engine reads for one story: its text, author, tags and the agency's subject codes. */
export function getStoryForSuggestions(tx: Tx, storyId: string) {
  return tx.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      authorId: true,
      status: true,
      headline: true,
      standfirst: true,
      bodyText: true,
      wireVersion: { select: { normalized: true } },
      tags: { select: { tag: { select: { kind: true, name: true, scheme: true, code: true, synonyms: true } } } },
    },
  });
}
