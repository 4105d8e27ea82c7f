import "server-only";
import { db } from "./client";
import { Prisma } from "./generated/client";

/**
 * The wire queue: filtered, searched and paginated lists of agency items for the desk, and
 * the change marker the live-update endpoint polls. Validated by lib/services/desk-queue.ts.
 */

export type WireSignal = "new" | "update" | "correction" | "kill";

/** Filters for the wire queue; every one optional. Validated by lib/services/desk-queue.ts. */
export type WireQueueFilter = {
  /** Free text, searched with Postgres full-text search (websearch syntax; never a syntax error). */
  q?: string;
  /** WireSource codes. */
  sources?: string[];
  /** Agency urgency at most this (1 = flash). */
  maxUrgency?: number;
  /** A subject code or name as the agency sent it (normalized.subjects). */
  subject?: string;
  signals?: WireSignal[];
  /** Only items with activity at or after this time. */
  since?: Date;
  /** Keyset cursor: items older than this (updatedAt, id) pair. */
  before?: { updatedAt: Date; id: string };
  limit?: number;
};

export type WireQueueRow = {
  id: string;
  guid: string;
  state: "ACTIVE" | "WITHHELD" | "KILLED";
  latestVersion: number;
  updatedAt: Date;
  source: { name: string; code: string };
  latest: {
    id: string;
    version: number;
    format: string;
    headline: string | null;
    proposedHeadline: string | null;
    datelinePlace: string | null;
    datelineAgency: string | null;
    urgency: number | null;
    signal: string;
    embargoUntil: Date | null;
    receivedAt: Date;
    snippet: string;
  };
};

// websearch_to_tsquery never raises on user input (quotes, operators, lone backslashes);
// the term cap keeps a pasted article from turning into a 1,000-way AND.
export const MAX_SEARCH_TERMS = 32;

/** User words for websearch_to_tsquery: NULs out, at most MAX_SEARCH_TERMS terms; null when empty. */
export function searchText(q: string | undefined): string | null {
  if (!q) return null;
  const terms = q
    .replace(/\u0000/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_TERMS);
  const text = terms.join(" ").slice(0, 500);
  return text.length > 0 ? text : null;
}

// How many of the newest items the first phase of a filtered queue query looks at.
const RECENT_WINDOW = 1000;

type QueueSqlRow = Omit<WireQueueRow, "source" | "latest"> & { sourceName: string; sourceCode: string } & {
  [K in keyof WireQueueRow["latest"] as `v_${K}`]: WireQueueRow["latest"][K];
};

function queueQuery(from: Prisma.Sql, where: Prisma.Sql, limit: number, { perItem = false } = {}) {
  // perItem: each item's latest version by its key, one lookup per item in queue order (for
  // the newest-items window). As a plain join the planner underestimates a multi-word match
  // (it multiplies the words' selectivities; in news they come together) and reads every
  // match from the GIN index to hash it against the window: 10,000 heap pages for "diesel
  // bus ban" at 100k items. OFFSET 0 keeps the subquery from being flattened into that join.
  const version = perItem
    ? Prisma.sql`CROSS JOIN LATERAL (
        SELECT * FROM "WireItemVersion" lv WHERE lv."itemId" = i.id AND lv.version = i."latestVersion" OFFSET 0
      ) v`
    : Prisma.sql`JOIN "WireItemVersion" v ON v."itemId" = i.id AND v.version = i."latestVersion"`;
  return db().$queryRaw<QueueSqlRow[]>`
    SELECT i.id, i.guid, i.state::text AS state, i."latestVersion", i."updatedAt",
           s.name AS "sourceName", s.code AS "sourceCode",
           v.id AS v_id, v.version AS v_version, v.format AS v_format, v.headline AS v_headline,
           v."proposedHeadline" AS "v_proposedHeadline", v."datelinePlace" AS "v_datelinePlace",
           v."datelineAgency" AS "v_datelineAgency", v.urgency AS v_urgency, v.signal AS v_signal,
           v."embargoUntil" AS "v_embargoUntil", v."receivedAt" AS "v_receivedAt", left(v."bodyText", 240) AS v_snippet
    FROM ${from} i
    ${version}
    JOIN "WireSource" s ON s.id = i."sourceId"
    ${where}
    ORDER BY i."updatedAt" DESC, i.id DESC
    LIMIT ${limit}`;
}

/**
 * The wire queue, newest activity first, each item with its latest version. Full-text
 * search runs over the latest version's `search` vector (generated column, GIN index);
 * filters apply to the latest version too, so an item shows as what it is now.
 * Also used by `npm run bench:desk` (queue search p95).
 *
 * Returns `searchIgnored` when the text held no searchable word (only stop words or
 * punctuation): the queue is then shown unfiltered rather than empty.
 */
export async function searchWireQueue(filter: WireQueueFilter = {}): Promise<{ items: WireQueueRow[]; searchIgnored: boolean }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  let text = searchText(filter.q);
  let searchIgnored = false;
  if (text) {
    const [probe] = await db().$queryRaw<{ n: number }[]>`SELECT numnode(websearch_to_tsquery('english', ${text}))::int AS n`;
    if (!probe || probe.n === 0) {
      text = null;
      searchIgnored = true;
    }
  }
  // Filters on the item row (cheap, index-friendly) and on its latest version.
  const itemWhere: Prisma.Sql[] = [];
  if (filter.since) itemWhere.push(Prisma.sql`i."updatedAt" >= ${filter.since}`);
  if (filter.before) itemWhere.push(Prisma.sql`(i."updatedAt", i.id) < (${filter.before.updatedAt}, ${filter.before.id})`);
  const versionWhere: Prisma.Sql[] = [];
  if (filter.sources?.length) versionWhere.push(Prisma.sql`s.code IN (${Prisma.join(filter.sources)})`);
  if (filter.maxUrgency != null) versionWhere.push(Prisma.sql`v.urgency <= ${filter.maxUrgency}`);
  if (filter.signals?.length) versionWhere.push(Prisma.sql`v.signal IN (${Prisma.join(filter.signals)})`);
  if (filter.subject) {
    versionWhere.push(Prisma.sql`EXISTS (
      SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v.normalized->'subjects') = 'array' THEN v.normalized->'subjects' ELSE '[]'::jsonb END) e
      WHERE e->>'code' = ${filter.subject} OR lower(e->>'name') = lower(${filter.subject}))`);
  }
  const textMatch = text ? Prisma.sql`v."search" @@ websearch_to_tsquery('english', ${text})` : null;
  const all = [...itemWhere, ...versionWhere, ...(textMatch ? [textMatch] : [])];
  const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty);

  let rows: QueueSqlRow[];
  if (versionWhere.length === 0 && !textMatch) {
    rows = await queueQuery(Prisma.sql`"WireItem"`, and(all), limit);
  } else {
    // Two phases, because which plan is fast depends on how common the match is, which the
    // planner guesses badly for clustered news. (1) The newest items only: enough when
    // matches are common. (2) Otherwise matches are rare, so start from the matches (the
    // GIN index for text) and sort those.
    const recent = Prisma.sql`(SELECT * FROM "WireItem" i ${and(itemWhere)} ORDER BY i."updatedAt" DESC, i.id DESC LIMIT ${RECENT_WINDOW})`;
    rows = await queueQuery(recent, and([...versionWhere, ...(textMatch ? [textMatch] : [])]), limit, { perItem: true });
    if (rows.length < limit) {
      const from = text
        ? Prisma.sql`(SELECT i.* FROM (SELECT "itemId", version FROM "WireItemVersion" WHERE "search" @@ websearch_to_tsquery('english', ${text}) OFFSET 0) m
                      JOIN "WireItem" i ON i.id = m."itemId" AND i."latestVersion" = m.version)`
        : Prisma.sql`"WireItem"`;
      // The text condition is already applied to the matches; re-checking it would detoast every vector again.
      rows = await queueQuery(from, and(text ? [...itemWhere, ...versionWhere] : all), limit);
    }
  }
  return {
    searchIgnored,
    items: rows.map((r) => ({
      id: r.id,
      guid: r.guid,
      state: r.state,
      latestVersion: r.latestVersion,
      updatedAt: r.updatedAt,
      source: { name: r.sourceName, code: r.sourceCode },
      latest: {
        id: r.v_id,
        version: r.v_version,
        format: r.v_format,
        headline: r.v_headline,
        proposedHeadline: r.v_proposedHeadline,
        datelinePlace: r.v_datelinePlace,
        datelineAgency: r.v_datelineAgency,
        urgency: r.v_urgency,
        signal: r.v_signal,
        embargoUntil: r.v_embargoUntil,
        receivedAt: r.v_receivedAt,
        snippet: r.v_snippet,
      },
    })),
  };
}

/** The wire queue without filters (desk overview). */
export async function listWireQueue({ limit = 50 }: { limit?: number } = {}): Promise<WireQueueRow[]> {
  return (await searchWireQueue({ limit })).items;
}

export function listWireSources() {
  return db().wireSource.findMany({ orderBy: { name: "asc" }, select: { code: true, name: true } });
}

/** Newest activity in the queue (change detection for the live-update endpoint; index-only). */
export async function latestWireActivity(): Promise<Date | null> {
  const [row] = await db().$queryRaw<{ at: Date | null }[]>`SELECT max("updatedAt") AS at FROM "WireItem"`;
  return row?.at ?? null;
}
