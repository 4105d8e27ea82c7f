import "server-only";
import { transaction, type Tx } from "@/lib/db/client";
import { pgTransaction, sqlInTx, withSavepoint, type Sql } from "@/lib/db/sql";
import {
  ensureWireSources,
  findWireItemsByGuid,
  lockWireGuids,
  insertWireItems,
  insertWireVersions,
  setWireItemLatestVersion,
  updateWireItem,
  type NewWireVersion,
  type StoredWireVersion,
} from "@/lib/db/wire-ingest";
import { findStoriesFromWireItem } from "@/lib/db/stories";
import type { NormalizedItem } from "@/lib/wire/normalized";
import { proposeHeadline } from "@/lib/wire/headline";
import { slugify } from "@/lib/slug";
import { flagAgencyUpdate, writeStoryIn } from "./story-write";
import { audit, auditMany } from "./audit";

/**
 * Storing parsed wire items (the second half of wire-import.ts): what each item does to
 * what is stored (duplicate, new item, next version, late older version, kill), written
 * batch by batch, with the stories made from an item flagged or taken down.
 */

export type ImportOutcome =
  | {
      status: "imported" | "updated" | "duplicate";
      guid: string;
      version: number;
      itemId: string;
      versionId: string;
      headline: string;
    }
  | { status: "failed"; reason: string; code: string };

export type WireFile = { name: string; bytes: Uint8Array };

/** The agency an item is filed under: its dateline agency, else its credit, else its format. */
function agencyOf(item: NormalizedItem): { code: string; name: string } {
  const name =
    item.dateline.agency ??
    item.credit
      ?.replace(/^copyright\s+(\d{4}\s+)?/i, "")
      .split(/[;,]/)[0]
      ?.trim() ??
    item.format;
  return { code: slugify(name, 40), name: name.slice(0, 120) };
}

function toDate(iso: string | null): Date | null {
  return iso ? new Date(iso) : null;
}

/** The same instant as stored and read back (millisecond precision, "Z"). */
function isoUtc(iso: string | null): string | null {
  return toDate(iso)?.toISOString() ?? null;
}

/** One parsed item and the delivery it came in. */
export type Received = { item: NormalizedItem; file: WireFile; rawSha256: string; receivedAt: Date; manyItems: boolean };

export type StoreCtx = {
  actorId: string | null;
  ip: string | null;
  via: string | null;
  /** Agency code → WireSource id, for the whole import (sources are never deleted). */
  sources: Map<string, string>;
};

/** Two deliveries of the same item version say the same thing (feeds are re-fetched whole). */
function sameContent(v: Omit<StoredWireVersion, "id" | "version" | "rawSha256">, item: NormalizedItem): boolean {
  return (
    v.headline === item.headline &&
    v.bodyHtml === item.bodyHtml &&
    v.signal === item.signal &&
    v.pubStatus === item.pubStatus &&
    v.embargoUntil === isoUtc(item.embargoUntil)
  );
}

// ── storing a batch ─────────────────────────────────────────────────────────
//
// A batch is one transaction. What each item does (duplicate, new item, next version, late
// older version, kill) is decided in memory against the stored items of the batch's guids
// plus the items before it in the batch, exactly as if the items were stored one by one.
// Then the whole batch is written with a few multi-row statements inside a savepoint. If
// any statement fails (one bad item), that savepoint is rolled back and the batch is
// stored again item by item, each in a savepoint of its own: the bad item is reported
// failed, leaves no rows, and the others are stored.

/** A version as the importer knows it; `id` is null until the version is written. */
type KnownVersion = Omit<StoredWireVersion, "id"> & { id: string | null };

/**
 * An item as the importer knows it. `ref` is shared by every state of the same item in a
 * batch, so the id an insert returns reaches all of them; null until the item is written.
 */
type KnownItem = { ref: { id: string | null }; sourceId: string; guid: string; latestVersion: number; versions: KnownVersion[] };

type Step =
  | { kind: "duplicate"; received: Received; item: KnownItem; version: KnownVersion; headline: string }
  | {
      kind: "store";
      received: Received;
      /** The item before this step (null: the step creates it) and after it. */
      before: KnownItem | null;
      after: KnownItem;
      version: KnownVersion;
      headline: string;
      isNewer: boolean;
      isKill: boolean;
    };

/** What storing one item would do, given what is stored so far. Pure: the caller applies `after`. */
function planItem(state: Map<string, KnownItem>, received: Received, sourceId: () => string): Step {
  const { item, rawSha256, manyItems } = received;
  const existing = state.get(item.guid) ?? null;
  const headline = item.headline ?? proposeHeadline(item);

  // The same bytes for the same item: nothing new. A file carrying many items (a feed,
  // a newsMessage) changes whenever one of them does, so there the item's own content decides.
  const same = existing?.versions.find(
    (v) => v.version === item.version && (v.rawSha256 === rawSha256 || (manyItems && sameContent(v, item))),
  );
  if (existing && same) return { kind: "duplicate", received, item: existing, version: same, headline };

  // Same guid and version with different content is kept too, as the next version.
  const takenVersion = existing?.versions.some((v) => v.version === item.version) ?? false;
  const maxVersion = existing ? Math.max(...existing.versions.map((v) => v.version)) : 0;
  const number = takenVersion ? maxVersion + 1 : item.version;
  const version: KnownVersion = {
    id: null,
    version: number,
    rawSha256,
    headline: item.headline,
    bodyHtml: item.bodyHtml,
    signal: item.signal,
    pubStatus: item.pubStatus,
    embargoUntil: isoUtc(item.embargoUntil),
  };
  const isNewer = !!existing && number > existing.latestVersion;
  const after: KnownItem = existing
    ? {
        ...existing,
        latestVersion: isNewer ? number : existing.latestVersion,
        versions: [...existing.versions, version].sort((a, b) => a.version - b.version),
      }
    : { ref: { id: null }, sourceId: sourceId(), guid: item.guid, latestVersion: number, versions: [version] };
  const isKill = item.signal === "kill" || item.pubStatus === "canceled";
  return { kind: "store", received, before: existing, after, version, headline, isNewer, isKill };
}

function applyStep(state: Map<string, KnownItem>, step: Step) {
  if (step.kind === "store") state.set(step.after.guid, step.after);
}

function outcomeOf(step: Step): ImportOutcome {
  const { guid } = step.received.item;
  const itemId = step.kind === "store" ? step.after.ref.id : step.item.ref.id;
  if (!itemId || !step.version.id) throw new Error(`wire item ${guid} was planned but not written`);
  return {
    status: step.kind === "duplicate" ? "duplicate" : step.before ? "updated" : "imported",
    guid,
    version: step.version.version,
    itemId,
    versionId: step.version.id,
    headline: step.headline,
  };
}

/** Stores one batch of items; never throws for a bad item (its outcome says why). */
export async function storeBatch(ctx: StoreCtx, batch: Received[]): Promise<ImportOutcome[]> {
  try {
    // Most batches only add rows, and run on a plain connection (lib/db/sql.ts: no Prisma
    // work per statement). A batch with a kill or an update of an item stored before has
    // stories to flag or take down through the stories module, so it runs in a Prisma
    // transaction instead; the rows are written by the same SQL.
    const done =
      (await pgTransaction((sql) => storeInTransaction(sql, null, ctx, batch))) ??
      (await transaction((tx) => storeInTransaction(sqlInTx(tx), tx, ctx, batch)));
    if (!done) throw new Error("a wire batch needed a Prisma transaction inside one");
    for (const [code, id] of done.sources) ctx.sources.set(code, id);
    return done.outcomes;
  } catch (e) {
    // The transaction itself failed (lost connection, a failed commit): each item on its own.
    if (batch.length === 1) return [storeFailed(batch[0]!, e)];
    const outcomes: ImportOutcome[] = [];
    for (const r of batch) outcomes.push(...(await storeBatch(ctx, [r])));
    return outcomes;
  }
}

/** Stories may have been made from the item this step adds to: they are flagged (update) or taken down (kill). */
function touchesStories(step: Step, storedBefore: Set<KnownItem["ref"]>): boolean {
  return step.kind === "store" && (step.isKill || (step.isNewer && storedBefore.has(step.after.ref)));
}

/**
 * The batch in the current transaction. Without `tx` (a plain connection), returns null
 * before writing anything when some item needs the stories module (see storeBatch).
 */
async function storeInTransaction(
  sql: Sql,
  tx: Tx | null,
  ctx: StoreCtx,
  batch: Received[],
): Promise<{ outcomes: ImportOutcome[]; sources: Map<string, string> } | null> {
  const guids = [...new Set(batch.map((r) => r.item.guid))];
  await lockWireGuids(sql, guids);
  const stored = await findWireItemsByGuid(sql, guids);
  const state = new Map<string, KnownItem>();
  for (const [guid, s] of stored) state.set(guid, { ...s, ref: { id: s.id } });
  const storedBefore = new Set([...state.values()].map((i) => i.ref));
  const plan = (sourceOf: (r: Received) => () => string) => {
    const trial = new Map(state);
    return batch.map((r) => {
      const step = planItem(trial, r, sourceOf(r));
      applyStep(trial, step);
      return step;
    });
  };
  if (!tx && plan(() => () => "").some((step) => touchesStories(step, storedBefore))) return null;

  const sources = await resolveSources(
    sql,
    ctx,
    batch.filter((r) => !state.has(r.item.guid)),
  );
  const sourceOf = (r: Received) => () => sources.get(agencyOf(r.item).code)!;

  // The whole batch at once (the usual case).
  const steps = plan(sourceOf);
  try {
    await withSavepoint(sql, "wire_batch", () => writeSteps(sql, tx, ctx, steps, storedBefore));
    return { outcomes: steps.map(outcomeOf), sources };
  } catch {
    // Some item is bad: store them one by one below, which says which.
  }
  const outcomes: ImportOutcome[] = [];
  for (const r of batch) {
    const step = planItem(state, r, sourceOf(r));
    try {
      await withSavepoint(sql, "wire_item", () => writeSteps(sql, tx, ctx, [step], storedBefore));
      applyStep(state, step);
      outcomes.push(outcomeOf(step));
    } catch (e) {
      outcomes.push(storeFailed(r, e));
    }
  }
  return { outcomes, sources };
}

function storeFailed(r: Received, error: unknown): ImportOutcome {
  console.error("wire import failed", { file: r.file.name, guid: r.item.guid, error });
  return { status: "failed", reason: "The item could not be stored; it was not imported", code: "STORE" };
}

/** The WireSource id of every agency these (not yet stored) items are filed under. */
async function resolveSources(sql: Sql, ctx: StoreCtx, items: Received[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const missing = new Map<string, { code: string; name: string }>();
  for (const r of items) {
    const agency = agencyOf(r.item);
    const id = ctx.sources.get(agency.code);
    if (id) ids.set(agency.code, id);
    else if (!missing.has(agency.code)) missing.set(agency.code, agency);
  }
  for (const [code, id] of await ensureWireSources(sql, [...missing.values()])) ids.set(code, id);
  return ids;
}

/**
 * Writes planned steps (in their order) with as few statements as their kinds allow. `tx`
 * is needed when a step touches stories (touchesStories); `storedBefore` are the items
 * stored before the batch.
 */
async function writeSteps(sql: Sql, tx: Tx | null, ctx: StoreCtx, steps: Step[], storedBefore: Set<KnownItem["ref"]>) {
  const stores = steps.filter((s): s is Extract<Step, { kind: "store" }> => s.kind === "store");
  if (stores.length === 0) return;

  // Per item: the state before the first step and after the last one.
  const items = new Map<KnownItem["ref"], { first: (typeof stores)[number]; last: KnownItem }>();
  for (const s of stores) {
    const seen = items.get(s.after.ref);
    if (seen) seen.last = s.after;
    else items.set(s.after.ref, { first: s, last: s.after });
  }
  // Items not stored yet are inserted with their final latest version.
  const created = [...items.values()].filter(({ first }) => first.after.ref.id === null);
  const itemIds = await insertWireItems(
    sql,
    created.map(({ first, last }) => ({
      sourceId: last.sourceId,
      guid: last.guid,
      latestVersion: last.latestVersion,
      firstReceivedAt: first.received.receivedAt,
    })),
  );
  created.forEach(({ last }, i) => (last.ref.id = itemIds[i]!));

  const versionIds = await insertWireVersions(
    sql,
    stores.map((s) => versionRow(s.after.ref.id!, s.version.version, s.received, s.headline)),
  );
  stores.forEach((s, i) => (s.version.id = versionIds[i]!));

  // Items stored before: a newer version moves their latest version (and their place in the queue).
  for (const { first, last } of items.values()) {
    if (first.before && last.latestVersion > first.before.latestVersion) {
      await setWireItemLatestVersion(sql, last.ref.id!, last.latestVersion);
    }
  }
  const flagged = new Set<string>();
  for (const s of stores) {
    if (!touchesStories(s, storedBefore)) continue;
    if (!tx) throw new Error("wire items that touch stories need the Prisma transaction");
    const itemId = s.after.ref.id!;
    if (s.isKill) await killWireItem(tx, ctx, itemId);
    else if (!flagged.has(itemId)) {
      flagged.add(itemId);
      await flagAgencyUpdate(tx, itemId);
    }
  }

  await auditMany(
    sql,
    stores.map((s) => ({
      actorId: ctx.actorId,
      action: "wire.import" as const,
      targetType: "wire_item",
      targetId: s.after.ref.id!,
      ip: ctx.ip,
      meta: {
        guid: s.received.item.guid,
        version: s.version.version,
        format: s.received.item.format,
        file: s.received.file.name.slice(0, 200),
        ...(ctx.via ? { via: ctx.via } : {}),
      },
    })),
  );
}

function versionRow(itemId: string, version: number, r: Received, headline: string): NewWireVersion {
  const { item, file } = r;
  const { bodyHtml: _html, bodyText: _text, ...normalizedWithoutBodies } = item;
  return {
    itemId,
    version,
    format: item.format,
    fileName: file.name.slice(0, 500),
    raw: file.bytes,
    rawSha256: r.rawSha256,
    receivedAt: r.receivedAt,
    headline: item.headline,
    proposedHeadline: item.headline ? null : headline,
    subheadline: item.subheadline,
    slugline: item.slugline,
    byline: item.byline,
    datelinePlace: item.dateline.place,
    datelineAgency: item.dateline.agency,
    datelineDate: toDate(item.dateline.date),
    firstCreated: toDate(item.firstCreated),
    versionCreated: toDate(item.versionCreated),
    language: item.language,
    urgency: item.urgency,
    pubStatus: item.pubStatus,
    signal: item.signal,
    embargoUntil: toDate(item.embargoUntil),
    credit: item.credit,
    bodyHtml: item.bodyHtml,
    bodyText: item.bodyText,
    normalizedWithoutBodies,
  };
}

/**
 * An agency kill: the item and all its versions are marked killed, and every published
 * story made from it leaves the public site at once, unless an editor marked it as
 * independently verified.
 */
async function killWireItem(tx: Tx, ctx: StoreCtx, itemId: string) {
  const { actorId, ip } = ctx;
  await updateWireItem(tx, itemId, { state: "KILLED", killedAt: new Date() });
  for (const story of await findStoriesFromWireItem(tx, itemId)) {
    // The `kill` transition, on the agency's word: a public or scheduled story comes down at
    // once; a story that never went out stays on the desk, and publishing it is refused
    // until an editor marks it independently verified (the pipeline's publication gate).
    await writeStoryIn(tx, {
      path: "agency-kill",
      storyId: story.id,
      actor: null,
      system: { auditActorId: actorId, reason: "agency kill" },
      ip,
      plan: (_tx, current) =>
        current.independentlyVerified || !["PUBLISHED", "SCHEDULED"].includes(current.status)
          ? { skip: true, audit: { action: "story.kill" } }
          : { transition: "kill", audit: { action: "story.kill", meta: { wireItemId: itemId } } },
    });
  }
  await audit(tx, { actorId, action: "wire.kill", targetType: "wire_item", targetId: itemId, ip });
}
