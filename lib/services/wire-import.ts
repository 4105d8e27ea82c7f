import "server-only";
import { createHash } from "node:crypto";
import { db, transaction, type Tx } from "@/lib/db/client";
import { findFirstActiveAdmin, findUserByEmail } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
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
import { env } from "@/lib/env";
import { isZip, readZip, ZipRefusedError } from "@/lib/wire/zip";
import { audit } from "./audit";
import type { Prisma } from "@/lib/db/types";

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

export type FileReport = { file: string; outcomes: ImportOutcome[] };

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

export type ImportOptions = {
  ip?: string | null;
  /** Called after each file (archive entries count as files), for progress bars. */
  onFile?: (report: FileReport, done: number, total: number) => void;
  /** How the files arrived, recorded in the audit rows ("upload", "cli", "feed:<id>"). */
  via?: string;
};

/**
 * Imports the files of one upload or CLI batch. Zip archives are unpacked first (safely,
 * see lib/wire/zip.ts) and each entry is reported as `archive.zip/inner/file.xml`. Each
 * file is parsed on its own and each item is written in its own transaction, so a broken
 * file or item is reported with its reason and the rest of the batch still imports.
 */
export async function importWireFiles(actor: Actor | null, files: WireFile[], opts: ImportOptions = {}) {
  assertCan(actor, "wire.import");
  return importFiles(actor.id, files, opts);
}

/**
 * The same import for the background worker (feed polling), which acts for nobody in
 * particular: audit rows carry no actor and name the feed in `via`. Not reachable from
 * any request; callers are lib/services/feeds.ts and tests.
 */
export function importWireFilesAsSystem(files: WireFile[], opts: ImportOptions & { via: string }) {
  return importFiles(null, files, opts);
}

async function importFiles(actorId: string | null, files: WireFile[], opts: ImportOptions) {
  const reports: FileReport[] = [];
  const { files: expanded, failed } = await expandArchives(files);
  const total = expanded.length + failed.length;
  for (const report of failed) {
    reports.push(report);
    opts.onFile?.(report, reports.length, total);
  }
  for (const file of expanded) {
    const receivedAt = new Date();
    const results = parseWireBytes(file.bytes, file.name, { receivedAt });
    const outcomes: ImportOutcome[] = [];
    for (const result of results) {
      if (isParseFailure(result)) {
        outcomes.push({ status: "failed", reason: result.error.message, code: result.error.code });
        continue;
      }
      try {
        const ctx = { actorId, ip: opts.ip ?? null, via: opts.via ?? null, manyItems: results.length > 1 };
        outcomes.push(await transaction((tx) => storeItem(tx, ctx, result, file, receivedAt)));
      } catch (e) {
        console.error("wire import failed", { file: file.name, guid: result.guid, error: e });
        outcomes.push({ status: "failed", reason: "The item could not be stored; it was not imported", code: "STORE" });
      }
    }
    const report = { file: file.name, outcomes };
    reports.push(report);
    opts.onFile?.(report, reports.length, total);
  }
  return reports;
}

/** Replaces each zip archive by its entries; a refused archive or entry becomes a failed report. */
async function expandArchives(files: WireFile[]): Promise<{ files: WireFile[]; failed: FileReport[] }> {
  const e = env();
  const out: WireFile[] = [];
  const failed: FileReport[] = [];
  for (const file of files) {
    if (!isZip(file.name, file.bytes)) {
      out.push(file);
      continue;
    }
    try {
      const { files: entries, skipped } = await readZip(file.name, file.bytes, {
        maxEntries: e.WIREDESK_ZIP_MAX_ENTRIES,
        maxTotalBytes: e.WIREDESK_ZIP_MAX_BYTES,
      });
      out.push(...entries);
      for (const s of skipped)
        failed.push({ file: s.name, outcomes: [{ status: "failed", reason: s.reason, code: "ZIP_ENTRY" }] });
      if (entries.length === 0 && skipped.length === 0) {
        failed.push({ file: file.name, outcomes: [{ status: "failed", reason: "The archive holds no files", code: "ZIP" }] });
      }
    } catch (err) {
      if (!(err instanceof ZipRefusedError)) throw err;
      failed.push({ file: file.name, outcomes: [{ status: "failed", reason: err.message, code: "ZIP" }] });
    }
  }
  return { files: out, failed };
}

type StoreCtx = { actorId: string | null; ip: string | null; via: string | null; manyItems: boolean };

/** Two deliveries of the same item version say the same thing (feeds are re-fetched whole). */
function sameContent(
  v: { headline: string | null; bodyHtml: string; signal: string; pubStatus: string; embargoUntil: Date | null },
  item: NormalizedItem,
): boolean {
  return (
    v.headline === item.headline &&
    v.bodyHtml === item.bodyHtml &&
    v.signal === item.signal &&
    v.pubStatus === item.pubStatus &&
    (v.embargoUntil?.toISOString() ?? null) === (toDate(item.embargoUntil)?.toISOString() ?? null)
  );
}

async function storeItem(tx: Tx, ctx: StoreCtx, item: NormalizedItem, file: WireFile, receivedAt: Date): Promise<ImportOutcome> {
  const known = await findWireItemSourceByGuid(tx, item.guid);
  const agency = agencyOf(item);
  const source = known ? { id: known.sourceId } : await upsertWireSource(tx, agency.code, agency.name);
  const rawSha256 = createHash("sha256").update(file.bytes).digest("hex");
  const existing = await findWireItem(tx, source.id, item.guid);
  const headline = item.headline ?? proposeHeadline(item);
  const isKill = item.signal === "kill" || item.pubStatus === "canceled";

  // The same bytes for the same item: nothing new. A file carrying many items (a feed,
  // a newsMessage) changes whenever one of them does, so there the item's own content decides.
  const same = existing?.versions.find(
    (v) => v.version === item.version && (v.rawSha256 === rawSha256 || (ctx.manyItems && sameContent(v, item))),
  );
  if (existing && same) {
    return { status: "duplicate", guid: item.guid, version: same.version, itemId: existing.id, versionId: same.id, headline };
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
  if (isKill) await killWireItem(tx, ctx, itemId);

  await audit(tx, {
    actorId: ctx.actorId,
    action: "wire.import",
    targetType: "wire_item",
    targetId: itemId,
    ip: ctx.ip,
    meta: { guid: item.guid, version, format: item.format, file: file.name.slice(0, 200), ...(ctx.via ? { via: ctx.via } : {}) },
  });
  return { status: existing ? "updated" : "imported", guid: item.guid, version, itemId, versionId: stored.id, headline };
}

/**
 * An agency kill: the item and all its versions are marked killed, and every published
 * story made from it leaves the public site at once, unless an editor marked it as
 * independently verified.
 */
async function killWireItem(tx: Tx, ctx: StoreCtx, itemId: string) {
  const { actorId, ip } = ctx;
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
      await audit(tx, {
        actorId,
        action: "story.kill",
        targetType: "story",
        targetId: story.id,
        ip,
        meta: { reason: "agency kill" },
      });
      await invalidatePublicStory(tx, story.id);
    }
  }
  await audit(tx, { actorId, action: "wire.kill", targetType: "wire_item", targetId: itemId, ip });
}

/**
 * Who a command-line import acts as: the active staff member with that email, else the
 * longest-serving active admin. The import then runs under that person's permissions
 * (a reporter is refused) and every audit row names them, with `via: "cli"`.
 */
export async function resolveCliActor(email: string | undefined): Promise<Actor> {
  const user = await (email ? findUserByEmail(db(), email.trim().toLowerCase()) : findFirstActiveAdmin(db()));
  if (!user || !user.active) {
    throw new AppError(
      "NOT_FOUND",
      email
        ? `No active user ${email}`
        : "No active admin to import as; create one first (npm start seeds one, or use --as <email>)",
    );
  }
  const actor: Actor = { id: user.id, role: user.role, email: user.email, name: user.name };
  assertCan(actor, "wire.import");
  return actor;
}
