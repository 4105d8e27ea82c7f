import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { findFirstActiveAdmin, findUserByEmail } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { isParseFailure } from "@/lib/wire/normalized";
import { DEFAULT_MAX_BYTES, parseWireBytes } from "@/lib/wire/parse";
import { env } from "@/lib/env";
import { isZip, unpackZip, UnpackBudget, ZipRefusedError, type ZipLimits } from "@/lib/wire/zip";
import { storeBatch, type ImportOutcome, type Received, type StoreCtx, type WireFile } from "./wire-import-store";

export type { ImportOutcome, WireFile } from "./wire-import-store";

export type FileReport = { file: string; outcomes: ImportOutcome[] };

export type ImportOptions = {
  ip?: string | null;
  /** Called after each file (archive entries count as files), for progress bars. */
  onFile?: (report: FileReport, done: number, total: number) => void;
  /** How the files arrived, recorded in the audit rows ("upload", "cli", "feed:<id>"). */
  via?: string;
  /** What the whole batch may unpack (default: WIREDESK_ZIP_MAX_BYTES / _ENTRIES); see UnpackBudget. */
  unpackLimits?: ZipLimits;
};

/**
 * Imports the files of one upload or CLI batch. Zip archives are unpacked entry by entry as
 * the import goes, within one budget for the whole batch (safely, see lib/wire/zip.ts), and
 * each entry is reported as `archive.zip/inner/file.xml`. Each
 * file is parsed on its own; items are stored in batches, one transaction per batch with a
 * savepoint per item when needed (see storeBatch), so a broken file or item is reported
 * with its reason, leaves no rows, and the rest of the batch still imports.
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

/**
 * Items stored per transaction. A commit (a WAL flush) and a round trip per item were what
 * made ingest slow; a batch of this size amortises both while a transaction stays well
 * under a second. A file is never split across batches unless it alone holds more than
 * MAX_BATCH_ITEMS items (a big newsMessage or feed).
 */
const BATCH_ITEMS = 100;
const MAX_BATCH_ITEMS = 400;

/** A parsed file whose items are waiting to be stored; `outcomes` holds null where an item is not stored yet. */
type ParsedFile = { file: WireFile; outcomes: (ImportOutcome | null)[]; items: { index: number; received: Received }[] };

async function importFiles(actorId: string | null, files: WireFile[], opts: ImportOptions) {
  const reports: FileReport[] = [];
  const expanded = expandArchives(files, opts.unpackLimits);
  const report = (r: FileReport) => {
    reports.push(r);
    // Archives are unpacked as the import goes, so the total grows as they are opened.
    opts.onFile?.(r, reports.length, Math.max(expanded.total, reports.length));
  };

  const ctx: StoreCtx = { actorId, ip: opts.ip ?? null, via: opts.via ?? null, sources: new Map() };
  let pending: ParsedFile[] = [];
  let pendingItems = 0;
  // Batches are stored one after another (each sees what the one before stored), while the
  // next batch is parsed: parsing is CPU work here, storing mostly waits for Postgres.
  let storing: Promise<void> | null = null;
  const flush = async () => {
    const batch = pending;
    pending = [];
    pendingItems = 0;
    if (storing) await storing;
    storing = storeParsedFiles(ctx, batch).then((done) => done.forEach(report));
    // Awaited below; this only keeps a failure that comes before that from counting as unhandled.
    storing.catch(() => {});
  };
  for await (const next of expanded) {
    if ("failed" in next) {
      // Reported in upload order, with the files stored before it.
      pending.push({ file: { name: next.failed.file, bytes: new Uint8Array() }, outcomes: next.failed.outcomes, items: [] });
      continue;
    }
    const file = next;
    const receivedAt = new Date();
    const results = parseWireBytes(file.bytes, file.name, { receivedAt });
    const rawSha256 = createHash("sha256").update(file.bytes).digest("hex");
    const parsed: ParsedFile = { file, outcomes: [], items: [] };
    for (const result of results) {
      if (isParseFailure(result)) {
        parsed.outcomes.push({ status: "failed", reason: result.error.message, code: result.error.code });
        continue;
      }
      parsed.items.push({
        index: parsed.outcomes.length,
        received: { item: result, file, rawSha256, receivedAt, manyItems: results.length > 1 },
      });
      parsed.outcomes.push(null);
    }
    // A file with nothing to store is only a name in its report from here on: its bytes
    // (a zip bomb's entry, say) are not kept until the batch is stored.
    if (parsed.items.length === 0) parsed.file = { name: file.name, bytes: new Uint8Array() };
    pending.push(parsed);
    pendingItems += parsed.items.length;
    if (pendingItems >= BATCH_ITEMS) await flush();
    else if (storing) await yieldToIo();
  }
  if (pending.length > 0) await flush();
  await storing;
  return reports;
}

/** Lets pending database replies be handled between two synchronous parses. */
function yieldToIo() {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Stores the items of these files (in transactions of at most MAX_BATCH_ITEMS) and returns their reports. */
async function storeParsedFiles(ctx: StoreCtx, files: ParsedFile[]): Promise<FileReport[]> {
  const slots = files.flatMap((f) => f.items.map((it) => ({ file: f, ...it })));
  const chunks = Math.ceil(slots.length / MAX_BATCH_ITEMS);
  const size = Math.ceil(slots.length / Math.max(chunks, 1));
  for (let i = 0; i < slots.length; i += size) {
    const chunk = slots.slice(i, i + size);
    const outcomes = await storeBatch(
      ctx,
      chunk.map((s) => s.received),
    );
    chunk.forEach((s, k) => (s.file.outcomes[s.index] = outcomes[k]!));
  }
  return files.map((f) => ({ file: f.file.name, outcomes: f.outcomes.map((o) => o!) }));
}

/**
 * Replaces each zip archive by its entries, one at a time as the import asks for them (an
 * archive is never held inflated whole); a refused archive or entry becomes a failed report.
 * One UnpackBudget covers the whole batch: plain files and archive entries alike.
 */
function expandArchives(
  files: WireFile[],
  limits?: ZipLimits,
): AsyncIterable<WireFile | { failed: FileReport }> & { total: number } {
  const e = env();
  const budget = new UnpackBudget(
    limits ?? {
      maxEntries: e.WIREDESK_ZIP_MAX_ENTRIES,
      maxTotalBytes: e.WIREDESK_ZIP_MAX_BYTES,
      maxEntryBytes: DEFAULT_MAX_BYTES,
    },
  );
  const fail = (file: string, reason: string, code: string) => ({
    failed: { file, outcomes: [{ status: "failed" as const, reason, code }] },
  });
  const out = {
    total: files.length,
    async *[Symbol.asyncIterator]() {
      for (const file of files) {
        if (!isZip(file.name, file.bytes)) {
          // Already in memory, but it counts: the budget is what the whole batch may hold.
          if (budget.takeEntries(1) && budget.takeBytes(file.bytes.length)) yield file;
          else yield fail(file.name, `Too much data in one upload: ${budget.describe()}`, "UPLOAD_BUDGET");
          continue;
        }
        let entries = 0;
        try {
          for await (const item of unpackZip(file.name, file.bytes, budget)) {
            if (entries++ > 0) out.total++;
            yield item.kind === "file" ? { name: item.name, bytes: item.bytes } : fail(item.name, item.reason, "ZIP_ENTRY");
          }
          if (entries === 0) yield fail(file.name, "The archive holds no files", "ZIP");
        } catch (err) {
          if (!(err instanceof ZipRefusedError)) throw err;
          const rest = entries > 0 ? " (the rest of the archive was not unpacked)" : "";
          if (entries++ > 0) out.total++;
          yield fail(file.name, err.message + rest, "ZIP");
        }
      }
    },
  };
  return out;
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
