import "server-only";
import type { Tx } from "./client";
import { Prisma } from "./generated/client";
import { newId } from "./ids";
import { valuesList, type Sql } from "./sql";

/**
 * The wire importer's writes: sources, items and versions in a few multi-row statements per
 * batch (raw SQL through `Sql`, lib/db/sql.ts), and the one item update agency kills make.
 * Reads of stored items are in wire.ts, the queue's search in wire-queue.ts.
 */

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
