import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import { Prisma } from "./generated/client";
import { newId } from "./ids";

/**
 * The ids of these agencies, created when missing (a source is never renamed by an import:
 * the first spelling stays). Two statements for any number of sources.
 */
export async function ensureWireSources(tx: Tx, sources: { code: string; name: string }[]): Promise<Map<string, string>> {
  if (sources.length === 0) return new Map();
  await tx.wireSource.createMany({ data: sources, skipDuplicates: true });
  const rows = await tx.wireSource.findMany({
    where: { code: { in: sources.map((s) => s.code) } },
    select: { id: true, code: true },
  });
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
  embargoUntil: Date | null;
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
export async function findWireItemsByGuid(tx: Tx, guids: string[]): Promise<Map<string, StoredWireItem>> {
  const found = new Map<string, StoredWireItem>();
  if (guids.length === 0) return found;
  const items = await tx.wireItem.findMany({
    where: { guid: { in: guids } },
    orderBy: [{ firstReceivedAt: "asc" }, { id: "asc" }],
    select: { id: true, sourceId: true, guid: true, latestVersion: true },
  });
  for (const item of items) if (!found.has(item.guid)) found.set(item.guid, { ...item, versions: [] });
  if (found.size === 0) return found;
  const byId = new Map([...found.values()].map((i) => [i.id, i]));
  const versions = await tx.wireItemVersion.findMany({
    where: { itemId: { in: [...byId.keys()] } },
    orderBy: { version: "asc" },
    select: {
      itemId: true,
      id: true,
      version: true,
      rawSha256: true,
      headline: true,
      bodyHtml: true,
      signal: true,
      pubStatus: true,
      embargoUntil: true,
    },
  });
  for (const { itemId, ...v } of versions) byId.get(itemId)?.versions.push(v);
  return found;
}

export type NewWireItem = { sourceId: string; guid: string; latestVersion: number; firstReceivedAt: Date };

/**
 * New items in one statement. A batch import writes hundreds of rows at a time, where
 * Prisma's createMany costs more client CPU per row than Postgres spends storing it, so
 * this is a plain multi-row INSERT (ids made like Prisma's, lib/db/ids.ts). Returns the
 * new ids in the order of `rows`.
 */
export async function insertWireItems(tx: Tx, rows: NewWireItem[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const ids = rows.map(() => newId());
  const values = rows.map(
    (r, i) => Prisma.sql`(${ids[i]}, ${r.sourceId}, ${r.guid}, ${r.latestVersion}, ${r.firstReceivedAt}, ${now})`,
  );
  await tx.$executeRaw`INSERT INTO "WireItem" ("id", "sourceId", "guid", "latestVersion", "firstReceivedAt", "updatedAt")
    VALUES ${Prisma.join(values)}`;
  return ids;
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

/**
 * New versions, in as few statements as keep each one's parameters small (see below;
 * raw SQL for the reason given at insertWireItems). Postgres computes the search vector.
 * Returns the new ids in the order of `rows`.
 */
export async function insertWireVersions(tx: Tx, rows: NewWireVersion[]): Promise<string[]> {
  const ids: string[] = [];
  let values: Prisma.Sql[] = [];
  let bytes = 0;
  const flush = async () => {
    if (values.length === 0) return;
    // Typed casts in VALUES: a VALUES list in FROM does not take its types from the table.
    await tx.$executeRaw`INSERT INTO "WireItemVersion" ("id", "itemId", "version", "format", "fileName", "raw", "rawSha256",
        "receivedAt", "headline", "proposedHeadline", "subheadline", "slugline", "byline",
        "datelinePlace", "datelineAgency", "datelineDate", "firstCreated", "versionCreated",
        "language", "urgency", "pubStatus", "signal", "embargoUntil", "credit", "bodyHtml",
        "bodyText", "normalized")
      SELECT "id", "itemId", "version", "format", "fileName", "raw", "rawSha256",
        "receivedAt", "headline", "proposedHeadline", "subheadline", "slugline", "byline",
        "datelinePlace", "datelineAgency", "datelineDate", "firstCreated", "versionCreated",
        "language", "urgency", "pubStatus", "signal", "embargoUntil", "credit", "bodyHtml",
        "bodyText", "rest" || jsonb_build_object('bodyHtml', "bodyHtml", 'bodyText', "bodyText")
      FROM (VALUES ${Prisma.join(values)}) AS v ("id", "itemId", "version", "format", "fileName", "raw", "rawSha256",
        "receivedAt", "headline", "proposedHeadline", "subheadline", "slugline", "byline",
        "datelinePlace", "datelineAgency", "datelineDate", "firstCreated", "versionCreated",
        "language", "urgency", "pubStatus", "signal", "embargoUntil", "credit", "bodyHtml",
        "bodyText", "rest")`;
    values = [];
    bytes = 0;
  };
  for (const r of rows) {
    const id = newId();
    ids.push(id);
    const rest = JSON.stringify(r.normalizedWithoutBodies);
    values.push(Prisma.sql`(${id}::text, ${r.itemId}::text, ${r.version}::int, ${r.format}::text, ${r.fileName}::text,
      ${r.raw}::bytea, ${r.rawSha256}::text, ${r.receivedAt}::timestamp(3), ${r.headline}::text,
      ${r.proposedHeadline}::text, ${r.subheadline}::text, ${r.slugline}::text, ${r.byline}::text,
      ${r.datelinePlace}::text, ${r.datelineAgency}::text, ${r.datelineDate}::timestamp(3),
      ${r.firstCreated}::timestamp(3), ${r.versionCreated}::timestamp(3), ${r.language}::text, ${r.urgency}::int,
      ${r.pubStatus}::text, ${r.signal}::text, ${r.embargoUntil}::timestamp(3), ${r.credit}::text,
      ${r.bodyHtml}::text, ${r.bodyText}::text, ${rest}::jsonb)`);
    // Prisma serializes a statement's parameters into one string (bytes as base64). Kept
    // under V8's large-object size, that string dies young; a statement of hundreds of
    // items made one of megabytes per batch, which only a full GC frees, and the heap
    // grew to hundreds of MB between full GCs.
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

/**
 * Runs `fn` inside a savepoint of the current transaction: if it throws, what it wrote is
 * rolled back and the transaction stays usable (Postgres refuses every further statement
 * of a transaction after an error unless it returns to a savepoint). Not reentrant per name.
 */
export async function withSavepoint<T>(tx: Tx, name: "wire_batch" | "wire_item", fn: () => Promise<T>): Promise<T> {
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (e) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
    throw e;
  }
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

function queueQuery(from: Prisma.Sql, where: Prisma.Sql, limit: number) {
  return db().$queryRaw<QueueSqlRow[]>`
    SELECT i.id, i.guid, i.state::text AS state, i."latestVersion", i."updatedAt",
           s.name AS "sourceName", s.code AS "sourceCode",
           v.id AS v_id, v.version AS v_version, v.format AS v_format, v.headline AS v_headline,
           v."proposedHeadline" AS "v_proposedHeadline", v."datelinePlace" AS "v_datelinePlace",
           v."datelineAgency" AS "v_datelineAgency", v.urgency AS v_urgency, v.signal AS v_signal,
           v."embargoUntil" AS "v_embargoUntil", v."receivedAt" AS "v_receivedAt", left(v."bodyText", 240) AS v_snippet
    FROM ${from} i
    JOIN "WireItemVersion" v ON v."itemId" = i.id AND v.version = i."latestVersion"
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
    rows = await queueQuery(recent, and([...versionWhere, ...(textMatch ? [textMatch] : [])]), limit);
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
