import "server-only";
import { db } from "./client";
import { Prisma } from "./generated/client";
import type { StoryStatus } from "./generated/enums";
import type { DeskStoryRow } from "./desk-lists";
import { searchText } from "./wire-queue";

/**
 * The desk's story finder: every story (drafts included), newest change first, full-text
 * over headline, standfirst, byline, body (Story.deskSearch) and the words notes quote
 * (Annotation.quoteSearch), with filters and keyset paging. Query plans: ARCHITECTURE.md,
 * "Finding any story".
 */
export type DeskStorySort = "updated" | "created";

export type DeskStoryQuery = {
  q?: string;
  statuses?: StoryStatus[];
  authorId?: string;
  tagSlug?: string;
  /** Changed (or created, with sort "created") in [from, to). */
  from?: Date;
  to?: Date;
  origin?: "wire" | "own";
  openNotes?: boolean;
  flag?: "embargoed" | "scheduled" | "agency-update" | "agency-kill";
  sort: DeskStorySort;
  /** Keyset cursor: rows strictly after this (time, id) in the sort order. */
  after?: { at: Date; id: string };
  limit: number;
};

/** How many matches the count reads at most; beyond it the desk says "more than". */
export const DESK_COUNT_CAP = 10_000;

/**
 * Stories whose notes quote the words, looked up first (notes are few; GIN on quoteSearch):
 * the main query then reads `deskSearch @@ q OR id = ANY(ids)`, which Postgres answers with
 * a BitmapOr of two indexes. An OR with a subquery instead made it walk every story.
 */
async function storiesQuotedInNotes(text: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ storyId: string }[]>`
    SELECT DISTINCT an."storyId" FROM "Annotation" an
    WHERE an."quoteSearch" @@ websearch_to_tsquery('english', ${text}) AND an."storyId" IS NOT NULL
    LIMIT 1000`;
  return rows.map((r) => r.storyId);
}

function where(query: DeskStoryQuery, now: Date, quoted: readonly string[]): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const text = searchText(query.q);
  if (text) {
    const vector = Prisma.sql`s."deskSearch" @@ websearch_to_tsquery('english', ${text})`;
    parts.push(quoted.length ? Prisma.sql`(${vector} OR s.id = ANY(${quoted as string[]}::text[]))` : vector);
  }
  if (query.statuses?.length) parts.push(Prisma.sql`s.status = ANY(${query.statuses as string[]}::text[]::"StoryStatus"[])`);
  if (query.authorId) parts.push(Prisma.sql`s."authorId" = ${query.authorId}`);
  if (query.tagSlug) {
    // The tag's id is looked up once (a uncorrelated subquery, an InitPlan), so each story
    // costs one probe of StoryTag's (storyId, tagId) key, or a scan of the tag's links.
    parts.push(Prisma.sql`s.id IN (SELECT st."storyId" FROM "StoryTag" st
      WHERE st."tagId" = (SELECT t.id FROM "Tag" t WHERE t.slug = ${query.tagSlug}))`);
  }
  const col = query.sort === "created" ? Prisma.sql`s."createdAt"` : Prisma.sql`s."updatedAt"`;
  if (query.from) parts.push(Prisma.sql`${col} >= ${query.from}`);
  if (query.to) parts.push(Prisma.sql`${col} < ${query.to}`);
  if (query.origin === "wire") parts.push(Prisma.sql`s."wireVersionId" IS NOT NULL`);
  if (query.origin === "own") parts.push(Prisma.sql`s."wireVersionId" IS NULL`);
  if (query.openNotes) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "Annotation" an WHERE an."storyId" = s.id AND an."resolvedAt" IS NULL)`);
  }
  if (query.flag === "embargoed") parts.push(Prisma.sql`s."embargoUntil" > ${now}`);
  if (query.flag === "scheduled") parts.push(Prisma.sql`s.status = 'SCHEDULED'`);
  if (query.flag === "agency-update") parts.push(Prisma.sql`s."agencyUpdateAvailable"`);
  if (query.flag === "agency-kill") {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "WireItemVersion" wv JOIN "WireItem" wi ON wi.id = wv."itemId"
      WHERE wv.id = s."wireVersionId" AND wi.state = 'KILLED')`);
  }
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

type Row = {
  id: string;
  status: StoryStatus;
  headline: string;
  updatedAt: Date;
  createdAt: Date;
  publishedAt: Date | null;
  scheduledAt: Date | null;
  agencyUpdateAvailable: boolean;
  embargoUntil: Date | null;
  lockExpiresAt: Date | null;
  authorName: string;
  lockHolderName: string | null;
  wireState: string | null;
};

/** The words notes quote, resolved once per page (list and count share it). */
export async function resolveQuoted(query: DeskStoryQuery): Promise<string[]> {
  const text = searchText(query.q);
  return text ? storiesQuotedInNotes(text) : [];
}

/** The page query (ids first, in index order, then the joins for just those rows). */
export function deskStoriesSql(query: DeskStoryQuery, now: Date, quoted: readonly string[]): Prisma.Sql {
  const col = query.sort === "created" ? Prisma.sql`s."createdAt"` : Prisma.sql`s."updatedAt"`;
  const filter = where(query, now, quoted);
  const keyset = query.after ? Prisma.sql`(${col}, s.id) < (${query.after.at}, ${query.after.id})` : null;
  const fullWhere = keyset
    ? filter === Prisma.empty
      ? Prisma.sql`WHERE ${keyset}`
      : Prisma.sql`${filter} AND ${keyset}`
    : filter;
  return Prisma.sql`
    WITH page AS (
      SELECT s.id FROM "Story" s ${fullWhere}
      ORDER BY ${col} DESC, s.id DESC
      LIMIT ${query.limit + 1}
    )
    SELECT s.id, s.status, s.headline, s."updatedAt", s."createdAt", s."publishedAt", s."scheduledAt",
           s."agencyUpdateAvailable", s."embargoUntil", s."lockExpiresAt",
           a.name AS "authorName", lh.name AS "lockHolderName", wi.state::text AS "wireState"
    FROM page JOIN "Story" s ON s.id = page.id
    JOIN "User" a ON a.id = s."authorId"
    LEFT JOIN "User" lh ON lh.id = s."lockHolderId"
    LEFT JOIN "WireItemVersion" wv ON wv.id = s."wireVersionId"
    LEFT JOIN "WireItem" wi ON wi.id = wv."itemId"
    ORDER BY ${col} DESC, s.id DESC`;
}

/** The count query (capped). */
export function countDeskStoriesSql(query: DeskStoryQuery, now: Date, quoted: readonly string[]): Prisma.Sql {
  return Prisma.sql`SELECT count(*) AS n FROM (SELECT 1 FROM "Story" s ${where(query, now, quoted)} LIMIT ${DESK_COUNT_CAP + 1}) m`;
}

/** EXPLAIN (ANALYZE) of a query built above: the bench prints the plans ARCHITECTURE.md describes. */
export async function explainDeskSql(sql: Prisma.Sql): Promise<string[]> {
  const rows = await db().$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`;
  return rows.map((r) => r["QUERY PLAN"]);
}

export async function searchDeskStories(query: DeskStoryQuery, now = new Date(), quoted?: readonly string[]) {
  const rows = await db().$queryRaw<Row[]>(deskStoriesSql(query, now, quoted ?? (await resolveQuoted(query))));
  const hasNext = rows.length > query.limit;
  const items: (DeskStoryRow & { createdAt: Date })[] = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    status: r.status,
    headline: r.headline,
    updatedAt: r.updatedAt,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
    scheduledAt: r.scheduledAt,
    agencyUpdateAvailable: r.agencyUpdateAvailable,
    embargoUntil: r.embargoUntil,
    author: { name: r.authorName },
    lockHolder: r.lockHolderName && r.lockExpiresAt && r.lockExpiresAt > now ? r.lockHolderName : null,
    agencyKilled: r.wireState === "KILLED",
  }));
  const last = items[items.length - 1];
  return {
    items,
    next: hasNext && last ? { at: query.sort === "created" ? last.createdAt : last.updatedAt, id: last.id } : null,
  };
}

/** Matches for the whole filter (not the page), read up to DESK_COUNT_CAP. */
export async function countDeskStories(
  query: DeskStoryQuery,
  now = new Date(),
  quoted?: readonly string[],
): Promise<{ count: number; capped: boolean }> {
  const [row] = await db().$queryRaw<{ n: bigint }[]>(countDeskStoriesSql(query, now, quoted ?? (await resolveQuoted(query))));
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, DESK_COUNT_CAP), capped: n > DESK_COUNT_CAP };
}

/** The story with exactly this id, for the header's "go to" box. */
export async function findStoryIdExact(id: string): Promise<string | null> {
  const row = await db().story.findUnique({ where: { id }, select: { id: true } });
  return row?.id ?? null;
}

/** Staff who have written stories, for the author filter. */
export function listStoryAuthors() {
  return db().user.findMany({
    where: { stories: { some: {} } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
