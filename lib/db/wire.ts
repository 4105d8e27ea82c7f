import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import { Prisma } from "./generated/client";
import { newId } from "./ids";
import { valuesList, type Sql } from "./sql";

/**
 * The ids of these agencies, created when missing (a source is never renamed by an import:
 * the first spelling stays). Two statements for any number of sources.
 */
export async function ensureWireSources(sql: Sql, sources: { code: string; name: string }[]): Promise<Map<string, string>> {
  if (sources.length === 0) return new Map();
  const params = sources.flatMap((s) => [newId(), s.code, s.name]);
  await sql.query(
    `INSERT INTO "WireSource" ("id", "code", "name") VALUES ${valuesList(sources.length, ["text", "text", "text"])}
     ON CONFLICT ("code") DO NOTHING`,
    params,
  );
  const rows = await sql.query<{ id: string; code: string }>(
    `SELECT "id", "code" FROM "WireSource" WHERE "code" = ANY($1::text[])`,
    [sources.map((s) => s.code)],
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** What the importer needs to know of a stored version to recognise a redelivery. */
export type StoredWireVersion = {
  id: string;
  version: number;
  rawSha256: string;
  headline: string | null;
  bodyHtml: string;
  signal: string;
  pubStatus: string;
  /** ISO 8601 in UTC, as the normalized item has it. */
  embargoUntil: string | null;
};

export type StoredWireItem = { id: string; sourceId: string; guid: string; latestVersion: number; versions: StoredWireVersion[] };

/**
 * The stored items with these guids, each with its versions (the content fields let a feed
 * that is fetched again, new bytes for the same items, be recognised as a redelivery).
 * Agency identifiers (URNs, doc-ids) are unique in practice, but how an agency names itself
 * drifts between versions (a kill advisory may carry no dateline or credit), so an item is
 * looked up by guid across sources; should two sources hold the same guid, the one received
 * first is the item. Two statements for any number of guids (index on WireItem.guid).
 */
export async function findWireItemsByGuid(sql: Sql, guids: string[]): Promise<Map<string, StoredWireItem>> {
  const found = new Map<string, StoredWireItem>();
  if (guids.length === 0) return found;
  const items = await sql.query<Omit<StoredWireItem, "versions">>(
    `SELECT DISTINCT ON ("guid") "id", "sourceId", "guid", "latestVersion" FROM "WireItem"
     WHERE "guid" = ANY($1::text[]) ORDER BY "guid", "firstReceivedAt", "id"`,
    [guids],
  );
  for (const item of items) found.set(item.guid, { ...item, versions: [] });
  if (found.size === 0) return found;
  const byId = new Map([...found.values()].map((i) => [i.id, i]));
  const versions = await sql.query<StoredWireVersion & { itemId: string }>(
    `SELECT "itemId", "id", "version", "rawSha256", "headline", "bodyHtml", "signal", "pubStatus",
            to_char("embargoUntil", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "embargoUntil"
     FROM "WireItemVersion" WHERE "itemId" = ANY($1::text[]) ORDER BY "version"`,
    [[...byId.keys()]],
  );
  for (const { itemId, ...v } of versions) byId.get(itemId)?.versions.push(v);
  return found;
}

/**
 * Locks, until the transaction ends, every one of these guids: two imports of the same item
 * at once (an upload and a feed poll, two app instances) take turns, so the second finds the
 * first's item and records a redelivery or a new version instead of colliding with it.
 * Taken in one global order (by lock key), so two batches can never deadlock.
 */
export async function lockWireGuids(sql: Sql, guids: string[]): Promise<void> {
  if (guids.length === 0) return;
  await sql.query(
    `SELECT count(pg_advisory_xact_lock(k))::int AS n
     FROM (SELECT DISTINCT hashtextextended('wiredesk.wire-guid:' || g, 0) AS k FROM unnest($1::text[]) AS g ORDER BY k) AS keys`,
    [guids],
  );
}

export type NewWireItem = { sourceId: string; guid: string; latestVersion: number; firstReceivedAt: Date };

/** New items in one statement (ids made like Prisma's, lib/db/ids.ts); their ids in the order of `rows`. */
export async function insertWireItems(sql: Sql, rows: NewWireItem[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const now = new Date().toISOString();
  const ids = rows.map(() => newId());
  await sql.query(
    `INSERT INTO "WireItem" ("id", "sourceId", "guid", "latestVersion", "firstReceivedAt", "updatedAt")
     VALUES ${valuesList(rows.length, ["text", "text", "text", "int", "timestamp(3)", "timestamp(3)"])}`,
    rows.flatMap((r, i) => [ids[i], r.sourceId, r.guid, r.latestVersion, r.firstReceivedAt.toISOString(), now]),
  );
  return ids;
}

/** A newer latest version; `updatedAt` moves too (the queue orders by it), as Prisma's @updatedAt would. */
export async function setWireItemLatestVersion(sql: Sql, id: string, latestVersion: number): Promise<void> {
  await sql.query(`UPDATE "WireItem" SET "latestVersion" = $1::int, "updatedAt" = $2::timestamp(3) WHERE "id" = $3::text`, [
    latestVersion,
    new Date().toISOString(),
    id,
  ]);
}

export type NewWireVersion = {
  itemId: string;
  version: number;
  format: string;
  fileName: string | null;
  raw: Uint8Array;
  rawSha256: string;
  receivedAt: Date;
  headline: string | null;
  proposedHeadline: string | null;
  subheadline: string | null;
  slugline: string | null;
  byline: string | null;
  datelinePlace: string | null;
  datelineAgency: string | null;
  datelineDate: Date | null;
  firstCreated: Date | null;
  versionCreated: Date | null;
  language: string | null;
  urgency: number | null;
  pubStatus: string;
  signal: string;
  embargoUntil: Date | null;
  credit: string | null;
  bodyHtml: string;
  bodyText: string;
  /**
   * The normalized item (stored as jsonb) without its bodyHtml and bodyText: those are
   * added from the columns above in SQL, so the two largest fields are sent once, not twice.
   */
  normalizedWithoutBodies: Record<string, unknown>;
};

const VERSION_COLUMNS = [
  ["id", "text"],
  ["itemId", "text"],
  ["version", "int"],
  ["format", "text"],
  ["fileName", "text"],
  ["raw", "bytea"],
  ["rawSha256", "text"],
  ["receivedAt", "timestamp(3)"],
  ["headline", "text"],
  ["proposedHeadline", "text"],
  ["subheadline", "text"],
  ["slugline", "text"],
  ["byline", "text"],
  ["datelinePlace", "text"],
  ["datelineAgency", "text"],
  ["datelineDate", "timestamp(3)"],
  ["firstCreated", "timestamp(3)"],
  ["versionCreated", "timestamp(3)"],
  ["language", "text"],
  ["urgency", "int"],
  ["pubStatus", "text"],
  ["signal", "text"],
  ["embargoUntil", "timestamp(3)"],
  ["credit", "text"],
  ["bodyHtml", "text"],
  ["bodyText", "text"],
] as const;
const VERSION_NAMES = VERSION_COLUMNS.map(([name]) => `"${name}"`).join(", ");
const VERSION_CASTS = [...VERSION_COLUMNS.map(([, cast]) => cast), "jsonb"];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * New versions, in statements of about STATEMENT_BYTES of parameters (large enough to
 * amortise a round trip, small enough to stay out of V8's large-object space, where only a
 * full GC frees them). Postgres computes the search vector. Returns the new ids in the
 * order of `rows`.
 */
export async function insertWireVersions(sql: Sql, rows: NewWireVersion[]): Promise<string[]> {
  const ids: string[] = [];
  let params: unknown[] = [];
  let count = 0;
  let bytes = 0;
  const flush = async () => {
    if (count === 0) return;
    await sql.query(
      `INSERT INTO "WireItemVersion" (${VERSION_NAMES}, "normalized")
       SELECT ${VERSION_NAMES}, "rest" || jsonb_build_object('bodyHtml', "bodyHtml", 'bodyText', "bodyText")
       FROM (VALUES ${valuesList(count, VERSION_CASTS)}) AS v (${VERSION_NAMES}, "rest")`,
      params,
    );
    params = [];
    count = 0;
    bytes = 0;
  };
  for (const r of rows) {
    const id = newId();
    ids.push(id);
    const rest = JSON.stringify(r.normalizedWithoutBodies);
    const raw = Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength);
    params.push(
      id,
      r.itemId,
      r.version,
      r.format,
      r.fileName,
      raw,
      r.rawSha256,
      r.receivedAt.toISOString(),
      r.headline,
      r.proposedHeadline,
      r.subheadline,
      r.slugline,
      r.byline,
      r.datelinePlace,
      r.datelineAgency,
      iso(r.datelineDate),
      iso(r.firstCreated),
      iso(r.versionCreated),
      r.language,
      r.urgency,
      r.pubStatus,
      r.signal,
      iso(r.embargoUntil),
      r.credit,
      r.bodyHtml,
      r.bodyText,
      rest,
    );
    count++;
    bytes += r.raw.length * 1.4 + r.bodyHtml.length + r.bodyText.length + rest.length;
    if (bytes >= STATEMENT_BYTES) await flush();
  }
  await flush();
  return ids;
}

const STATEMENT_BYTES = 96 * 1024;

export function updateWireItem(tx: Tx, id: string, data: Prisma.WireItemUpdateInput) {
  return tx.wireItem.update({ where: { id }, data, select: { id: true } });
}

export type WireSignal = "new" | "update" | "correction" | "kill";

/** Filters for the wire queue; every one optional. Validated by lib/services/wire-queue.ts. */
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

function searchText(q: string | undefined): string | null {
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

export function getWireItemWithVersions(id: string) {
  return db().wireItem.findUnique({
    where: { id },
    select: {
      id: true,
      guid: true,
      state: true,
      latestVersion: true,
      killedAt: true,
      source: { select: { name: true, code: true } },
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          format: true,
          fileName: true,
          receivedAt: true,
          headline: true,
          proposedHeadline: true,
          subheadline: true,
          slugline: true,
          byline: true,
          datelinePlace: true,
          datelineAgency: true,
          datelineDate: true,
          urgency: true,
          pubStatus: true,
          signal: true,
          embargoUntil: true,
          credit: true,
          bodyHtml: true,
          rawSha256: true,
          stories: { select: { id: true, headline: true, status: true } },
        },
      },
    },
  });
}

export function getWireVersion(tx: Tx, id: string) {
  return tx.wireItemVersion.findUnique({
    where: { id },
    select: {
      id: true,
      version: true,
      headline: true,
      proposedHeadline: true,
      subheadline: true,
      byline: true,
      datelinePlace: true,
      datelineAgency: true,
      datelineDate: true,
      embargoUntil: true,
      credit: true,
      bodyHtml: true,
      bodyText: true,
      normalized: true,
      item: { select: { id: true, state: true } },
    },
  });
}

export function getWireVersionRaw(id: string) {
  return db().wireItemVersion.findUnique({ where: { id }, select: { raw: true, fileName: true, format: true } });
}

/** Agency kills since a time, newest first, with every story made from any version of the item. */
export function listRecentKills(since: Date, limit: number) {
  return db().wireItem.findMany({
    where: { state: "KILLED", killedAt: { gte: since } },
    orderBy: { killedAt: "desc" },
    take: limit,
    select: {
      id: true,
      killedAt: true,
      source: { select: { name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: {
          headline: true,
          proposedHeadline: true,
          stories: { select: { id: true, headline: true, status: true, independentlyVerified: true } },
        },
      },
    },
  });
}
