// `npm run wire -- import [--as <email>] [--json] <file|dir|zip>...`
//
// Imports wire files into DATABASE_URL or, when it is unset, the embedded database in
// .data/ (started here the way `npm start` starts it; refused politely while `npm start`
// holds it, because PGlite must have one process at a time). Progress goes to stderr,
// the summary (or, with --json, every per-file report) to stdout.
// Exit codes: 0 something was imported or already present; 1 nothing could be imported;
// 2 usage; 3 the database is busy or unreachable.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Deps = { listFiles: (p: string) => Promise<string[]>; usage: string };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/**
 * Files read and imported per call, so memory stays flat however many files there are: up
 * to BATCH_FILES files or BATCH_BYTES read, whichever comes first. The import stores items
 * in transactions of about a hundred and parses the next ones while it does, so a call
 * should hold a few hundred items.
 */
const BATCH_FILES = 400;
const BATCH_BYTES = 32 * 1024 * 1024;

type Args = { as?: string; json: boolean; paths: string[] };

function parseArgs(argv: string[]): Args | string {
  const out: Args = { json: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--as") {
      const v = argv[++i];
      if (!v) return "--as needs an email";
      out.as = v;
    } else if (a.startsWith("--as=")) out.as = a.slice(5);
    else if (a === "--json") out.json = true;
    else if (a === "--") continue;
    else if (a.startsWith("--")) return `unknown option ${a}`;
    else out.paths.push(a);
  }
  return out.paths.length === 0 ? "give at least one file, directory or zip" : out;
}

export async function runImport(argv: string[], deps: Deps): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`import: ${args}\n\n${deps.usage}`);
    return 2;
  }

  // Inputs first: a typo in a path should not wait for a database to start.
  const files: string[] = [];
  for (const p of args.paths) files.push(...(await deps.listFiles(p)));
  if (files.length === 0) {
    process.stderr.write("import: no input could be read\n");
    return 1;
  }

  let stopEmbedded: (() => Promise<void>) | undefined;
  // These are this script's own settings for the app modules it loads (like scripts/start.ts).
  if (!process.env.DATABASE_URL) {
    const dataDir = process.env.WIREDESK_DATA_DIR ? path.resolve(process.env.WIREDESK_DATA_DIR) : path.join(ROOT, ".data");
    const pgliteDir = path.join(dataDir, "pglite");
    if (!existsSync(path.join(pgliteDir, "PG_VERSION"))) {
      process.stderr.write(
        `import: there is no embedded database in ${path.relative(process.cwd(), pgliteDir) || pgliteDir} yet; run \`npm start\` once, or set DATABASE_URL\n`,
      );
      return 3;
    }
    const { startEmbeddedPostgres } = await import("../lib/db/embedded");
    try {
      const embedded = await startEmbeddedPostgres({ dataDir: pgliteDir });
      stopEmbedded = () => embedded.stop();
      process.env.DATABASE_URL = embedded.connectionString;
      process.env.DATABASE_POOL_MAX = "1";
      process.env.WIREDESK_EMBEDDED = "1";
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(
        /in use by process/.test(message)
          ? `import: the embedded database is in use — ${message}\n` +
              "Stop `npm start` first, or upload the files on the desk (Wire → Import) while it runs.\n"
          : `import: could not open the embedded database: ${message}\n`,
      );
      return 3;
    }
    const { applyMigrations, dispose } = await import("../lib/db/schema-engine");
    await applyMigrations(process.env.DATABASE_URL, path.join(ROOT, "prisma/migrations"));
    await dispose();
  }

  const { resolveCliActor, importWireFiles } = await import("../lib/services/wire-import");
  const { disconnectDb } = await import("../lib/db/client");
  const { isAppError } = await import("../lib/errors");
  const counts = { imported: 0, updated: 0, duplicate: 0, failed: 0 };
  const failures: { file: string; reason: string }[] = [];
  const allReports: unknown[] = [];
  try {
    let actor;
    try {
      actor = await resolveCliActor(args.as);
    } catch (e) {
      if (isAppError(e)) {
        process.stderr.write(`import: ${e.message}\n`);
        return e.code === "FORBIDDEN" ? 1 : 3;
      }
      throw e;
    }
    process.stderr.write(`Importing ${files.length} file${files.length === 1 ? "" : "s"} as ${actor.email}…\n`);
    const bar = progressBar(files.length);
    let done = 0;
    for (let i = 0; i < files.length;) {
      const batch: { name: string; bytes: Uint8Array }[] = [];
      let bytes = 0;
      for (; i < files.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES; i++) {
        const file = files[i]!;
        // The unpack budget (WIREDESK_ZIP_MAX_BYTES) is per call: an archive gets a call to itself.
        const archive = /\.zip$/i.test(file);
        if (archive && batch.length > 0) break;
        try {
          if ((await stat(file)).size > 200 * 1024 * 1024) throw new Error("larger than 200 MB");
          batch.push({ name: file, bytes: new Uint8Array(await readFile(file)) });
          bytes += batch[batch.length - 1]!.bytes.length;
          if (archive) {
            i++;
            break;
          }
        } catch (e) {
          counts.failed++;
          failures.push({ file, reason: `cannot read: ${(e as Error).message}` });
          done++;
        }
      }
      const inputNames = new Set(batch.map((b) => b.name));
      const reports = await importWireFiles(actor, batch, {
        via: "cli",
        onFile: (report) => {
          // Archive entries are reported one by one; the bar counts input files.
          if (inputNames.has(report.file)) done++;
          for (const o of report.outcomes) {
            counts[o.status]++;
            if (o.status === "failed") failures.push({ file: report.file, reason: o.reason });
          }
          if (report.outcomes.length === 0) {
            counts.failed++;
            failures.push({ file: report.file, reason: "no items found" });
          }
          bar.update(done, counts);
        },
      });
      // Every input of the batch is done now (a zip counts as one input, whatever it held).
      done = i;
      bar.update(done, counts);
      if (args.json) allReports.push(...reports);
    }
    bar.finish();
  } finally {
    await disconnectDb().catch(() => {});
    await stopEmbedded?.().catch(() => {});
  }

  if (args.json) {
    process.stdout.write(JSON.stringify({ counts, reports: allReports }, null, 2) + "\n");
  } else {
    const lines = [
      `imported  ${counts.imported}`,
      `updated   ${counts.updated}`,
      `duplicate ${counts.duplicate}`,
      `failed    ${counts.failed}`,
    ];
    if (failures.length > 0) {
      lines.push("", "Failures:");
      for (const f of failures.slice(0, 200)) lines.push(`  ${f.file}: ${f.reason}`);
      if (failures.length > 200) lines.push(`  … and ${failures.length - 200} more (use --json for all)`);
    }
    process.stdout.write(lines.join("\n") + "\n");
  }
  return counts.imported + counts.updated + counts.duplicate > 0 ? 0 : 1;
}

type Counts = Record<"imported" | "updated" | "duplicate" | "failed", number>;

/** A one-line bar redrawn in place on a terminal; on a pipe, a line every 10%. */
function progressBar(total: number) {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  const render = (done: number, c: Counts) => {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}  imported ${c.imported} · updated ${c.updated} · duplicate ${c.duplicate} · failed ${c.failed}`;
  };
  return {
    update(done: number, c: Counts) {
      if (tty) process.stderr.write(`\r${render(done, c)}`);
      else {
        const decile = Math.floor((done / Math.max(total, 1)) * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          process.stderr.write(`${render(done, c)}\n`);
        }
      }
    },
    finish() {
      if (tty) process.stderr.write("\n");
    },
  };
}
