import "server-only";
import { createHash } from "node:crypto";
import { transaction, type Tx } from "@/lib/db/client";
import {
  findWireItem,
  findWireItemSourceByGuid,
  insertWireItem,
  insertWireVersion,
  updateWireItem,
  upsertWireSource,
} from "@/lib/db/wire";
import { findStoriesFromWireItem, insertRevision, markStoriesFromWireItem, updateStoryIfVersion } from "@/lib/db/stories";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { isParseFailure, type NormalizedItem } from "@/lib/wire/normalized";
import { parseWireBytes } from "@/lib/wire/parse";
import { proposeHeadline } from "@/lib/wire/headline";
import { slugify } from "@/lib/slug";
import { invalidatePublicStory } from "@/lib/public/invalidate";
import { audit } from "./audit";
import type { Prisma } from "@/lib/db/types";

export type ImportOutcome =
  | { status: "imported" | "updated" | "duplicate"; guid: string; version: number; itemId: string; versionId: string; headline: string }
  | { status: "failed"; reason: string; code: string };

export type FileReport = { file: string; outcomes: ImportOutcome[] };

export type WireFile = { name: string; bytes: Uint8Array };

/** The agency an item is filed under: its dateline agency, else its credit, else its format. */
function agencyOf(item: NormalizedItem): { code: string; name: string } {
  const name = item.dateline.agency ?? item.credit?.replace(/^copyright\s+(\d{4}\s+)?/i, "").split(/[;,]/)[0]?.trim() ?? item.format;
  return { code: slugify(name, 40), name: name.slice(0, 120) };
}

function toDate(iso: string | null): Date | null {
  return iso ? new Date(iso) : null;
}

/**
 * Imports the files of one upload or CLI batch. Each file is parsed on its own and each
 * item is written in its own transaction, so a broken file or item is reported with its
 * reason and the rest of the batch still imports.
 */
export async function importWireFiles(actor: Actor | null, files: WireFile[], opts: { ip?: string | null } = {}) {
  assertCan(actor, "wire.import");
  const reports: FileReport[] = [];
  for (const file of files) {
    const receivedAt = new Date();
    const results = parseWireBytes(file.bytes, file.name, { receivedAt });
    const outcomes: ImportOutcome[] = [];
    for (const result of results) {
      if (isParseFailure(result)) {
        outcomes.push({ status: "failed", reason: result.error.message, code: result.error.code });
        continue;
      }
      try {
        outcomes.push(await transaction((tx) => storeItem(tx, actor, result, file, receivedAt, opts.ip ?? null)));
      } catch (e) {
        console.error("wire import failed", { file: file.name, guid: result.guid, error: e });
        outcomes.push({ status: "failed", reason: "The item could not be stored; it was not imported", code: "STORE" });
      }
    }
    reports.push({ file: file.name, outcomes });
  }
  return reports;
}

async function storeItem(
  tx: Tx,
  actor: Actor,
  item: NormalizedItem,
  file: WireFile,
  receivedAt: Date,
  ip: string | null,
): Promise<ImportOutcome> {
  const known = await findWireItemSourceByGuid(tx, item.guid);
  const agency = agencyOf(item);
  const source = known ? { id: known.sourceId } : await upsertWireSource(tx, agency.code, agency.name);
  const rawSha256 = createHash("sha256").update(file.bytes).digest("hex");
  const existing = await findWireItem(tx, source.id, item.guid);
  const headline = item.headline ?? proposeHeadline(item);
  const isKill = item.signal === "kill" || item.pubStatus === "canceled";

  // The same bytes for the same item: nothing new.
  if (existing?.versions.some((v) => v.rawSha256 === rawSha256 && v.version === item.version)) {
    const v = existing.versions.find((x) => x.rawSha256 === rawSha256 && x.version === item.version)!;
    return { status: "duplicate", guid: item.guid, version: v.version, itemId: existing.id, versionId: v.id, headline };
  }

  // Same guid and version with different content is kept too, as the next version.
  const takenVersion = existing?.versions.some((v) => v.version === item.version) ?? false;
  const maxVersion = existing ? Math.max(...existing.versions.map((v) => v.version)) : 0;
  const version = takenVersion ? maxVersion + 1 : item.version;

  const itemId = existing?.id ?? (await insertWireItem(tx, { sourceId: source.id, guid: item.guid, latestVersion: version })).id;
  const stored = await insertWireVersion(tx, {
    itemId,
    version,
    format: item.format,
    fileName: file.name.slice(0, 500),
    raw: Buffer.from(file.bytes),
    rawSha256,
    receivedAt,
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
    normalized: item as unknown as Prisma.InputJsonValue,
  });

  const isNewer = !!existing && version > existing.latestVersion;
  if (existing) {
    await updateWireItem(tx, itemId, isNewer ? { latestVersion: version } : {});
  }
  if (isNewer && !isKill) {
    await markStoriesFromWireItem(tx, itemId, { agencyUpdateAvailable: true });
  }
  if (isKill) await killWireItem(tx, actor, itemId, ip);

  await audit(tx, {
    actorId: actor.id,
    action: "wire.import",
    targetType: "wire_item",
    targetId: itemId,
    ip,
    meta: { guid: item.guid, version, format: item.format, file: file.name.slice(0, 200) },
  });
  return { status: existing ? "updated" : "imported", guid: item.guid, version, itemId, versionId: stored.id, headline };
}

/**
 * An agency kill: the item and all its versions are marked killed, and every published
 * story made from it leaves the public site at once, unless an editor marked it as
 * independently verified.
 */
async function killWireItem(tx: Tx, actor: Actor, itemId: string, ip: string | null) {
  const now = new Date();
  await updateWireItem(tx, itemId, { state: "KILLED", killedAt: now });
  for (const story of await findStoriesFromWireItem(tx, itemId)) {
    if (story.independentlyVerified || story.status === "KILLED") continue;
    const wasPublic = story.status === "PUBLISHED" || story.status === "SCHEDULED";
    const ok = await updateStoryIfVersion(tx, story.id, story.version, {
      status: wasPublic ? "KILLED" : story.status,
      killedAt: wasPublic ? now : undefined,
      scheduledAt: null,
    });
    if (ok && wasPublic) {
      await insertRevision(tx, {
        storyId: story.id,
        kind: "TRANSITION",
        status: "KILLED",
        snapshot: { reason: "agency kill", wireItemId: itemId },
        authorId: null,
      });
      await audit(tx, { actorId: actor.id, action: "story.kill", targetType: "story", targetId: story.id, ip, meta: { reason: "agency kill" } });
      await invalidatePublicStory(tx, story.id);
    }
  }
  await audit(tx, { actorId: actor.id, action: "wire.kill", targetType: "wire_item", targetId: itemId, ip });
}
