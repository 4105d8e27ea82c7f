// Database migrations without the Prisma CLI's native engine (offline, see lib/db/schema-engine.ts).
//
//   tsx scripts/db.ts migrate            apply prisma/migrations to DATABASE_URL, or to the
//                                        embedded database under .data/ when it is unset
//   tsx scripts/db.ts migration <name>   write prisma/migrations/<timestamp>_<name>/migration.sql
//                                        for the changes to prisma/schema.prisma
//   tsx scripts/db.ts check              exit 1 when schema.prisma has changes without a migration
//   tsx scripts/db.ts resolve --rolled-back <migration>   after fixing a failed migration by hand
//   tsx scripts/db.ts resolve --applied <migration>       (like `prisma migrate resolve`)
//
// How `migration` knows the schema as of the last migration: it keeps a copy,
// prisma/migrations/schema.snapshot.prisma, rewritten with every new migration, and diffs
// that copy against the current schema offline. (Prisma's own way, replaying migrations
// into a shadow database and introspecting it, needs a second database server, and
// introspecting through @prisma/adapter-pg fails on Postgres's "char" columns.)
// lib/db/schema-drift.int.test.ts checks that migrations, snapshot and schema agree.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startEmbeddedPostgres } from "../lib/db/embedded";
import {
  applyMigrations,
  diffSql,
  dispose,
  isEmptyMigration,
  markMigrationApplied,
  markMigrationRolledBack,
  MIGRATION_LOCK_CONTENT,
  readMigrations,
} from "../lib/db/schema-engine";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");
export const EMBEDDED_DATA_DIR = path.join(ROOT, ".data/pglite");
const LOCK_PATH = path.join(MIGRATIONS_DIR, "migration_lock.toml");

const USAGE = `Usage:
  tsx scripts/db.ts migrate
  tsx scripts/db.ts migration <name>
  tsx scripts/db.ts check
  tsx scripts/db.ts resolve --rolled-back|--applied <migration>`;

/** Runs `fn` against `databaseUrl`, or against the embedded database when it is undefined. */
async function withDatabase<T>(databaseUrl: string | undefined, fn: (url: string) => Promise<T>): Promise<T> {
  if (databaseUrl) return fn(databaseUrl);
  const embedded = await startEmbeddedPostgres({ dataDir: EMBEDDED_DATA_DIR });
  try {
    return await fn(embedded.connectionString);
  } finally {
    await embedded.stop();
  }
}

/** Applies pending migrations to `databaseUrl`, or to the embedded database when it is undefined. */
export async function migrate(databaseUrl: string | undefined): Promise<string[]> {
  return withDatabase(databaseUrl, async (url) => (await applyMigrations(url, MIGRATIONS_DIR)).applied);
}

async function readSnapshot(): Promise<string | undefined> {
  try {
    return await readFile(SNAPSHOT_PATH, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The schema as of the last migration: the snapshot, or "empty" before the first one. */
async function schemaAtLastMigration(): Promise<string> {
  const snapshot = await readSnapshot();
  if (snapshot !== undefined) return snapshot;
  if ((await readMigrations(MIGRATIONS_DIR)).length > 0) {
    throw new Error(
      `${path.relative(ROOT, SNAPSHOT_PATH)} is missing but migrations exist, so the schema as of ` +
        `the last migration is unknown. Restore it from version control.`,
    );
  }
  return "empty";
}

/** The SQL a new migration would hold (empty-migration comment when nothing changed). */
export async function pendingSchemaSql(): Promise<string> {
  const [from, to] = await Promise.all([schemaAtLastMigration(), readFile(SCHEMA_PATH, "utf8")]);
  return diffSql({ from, to });
}

/** UTC YYYYMMDDHHMMSS, like Prisma's migration folder names. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Like Prisma: anything but letters, digits and underscores becomes an underscore. */
function sanitizeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 200);
}

/**
 * Writes a new migration for the difference between the schema as of the last migration
 * and prisma/schema.prisma. Returns the folder name, or undefined when nothing changed.
 */
export async function createMigration(name: string, now = new Date()): Promise<string | undefined> {
  const cleanName = sanitizeName(name.trim());
  if (!cleanName.replace(/_/g, "")) throw new Error("The migration needs a name, e.g. `add_story_notes`.");

  const schema = await readFile(SCHEMA_PATH, "utf8");
  const sql = await diffSql({ from: await schemaAtLastMigration(), to: schema });
  if (isEmptyMigration(sql)) return undefined;

  // Keep folders in creation order even if the clock is behind the last migration.
  const existing = await readMigrations(MIGRATIONS_DIR);
  const last = existing.at(-1)?.path.slice(0, 14);
  let stamp = timestamp(now);
  if (last && /^\d{14}$/.test(last) && stamp <= last) stamp = String(BigInt(last) + 1n);

  const folder = `${stamp}_${cleanName}`;
  const dir = path.join(MIGRATIONS_DIR, folder);
  await mkdir(MIGRATIONS_DIR, { recursive: true });
  await mkdir(dir); // fails rather than overwrite an existing folder
  await writeFile(path.join(dir, "migration.sql"), sql);
  await writeFile(LOCK_PATH, MIGRATION_LOCK_CONTENT);
  await writeFile(SNAPSHOT_PATH, schema);
  return folder;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  switch (command) {
    case "migrate": {
      const target = databaseUrl ? "DATABASE_URL" : `the embedded database (${path.relative(ROOT, EMBEDDED_DATA_DIR)})`;
      const applied = await migrate(databaseUrl);
      if (applied.length === 0) console.log(`No pending migrations for ${target}.`);
      else console.log(`Applied to ${target}:\n${applied.map((name) => `  ${name}`).join("\n")}`);
      return 0;
    }
    case "migration": {
      const name = args.join("_");
      if (!name) {
        console.error(USAGE);
        return 2;
      }
      const folder = await createMigration(name);
      if (!folder) {
        console.log("no schema changes");
        return 0;
      }
      console.log(`Created ${path.relative(ROOT, path.join(MIGRATIONS_DIR, folder, "migration.sql"))}`);
      console.log("Review it, then apply it with `tsx scripts/db.ts migrate`.");
      return 0;
    }
    case "check": {
      const sql = await pendingSchemaSql();
      if (isEmptyMigration(sql)) {
        console.log("prisma/schema.prisma matches the last migration.");
        return 0;
      }
      console.error(
        "prisma/schema.prisma has changes without a migration. Create one with\n" +
          "  tsx scripts/db.ts migration <name>\nThe missing SQL:\n\n" +
          sql,
      );
      return 1;
    }
    case "resolve": {
      const [flag, name] = args;
      if (!name || (flag !== "--rolled-back" && flag !== "--applied")) {
        console.error(USAGE);
        return 2;
      }
      await withDatabase(databaseUrl, (url) =>
        flag === "--applied" ? markMigrationApplied(url, MIGRATIONS_DIR, name) : markMigrationRolledBack(url, name),
      );
      console.log(`Marked ${name} as ${flag === "--applied" ? "applied" : "rolled back"}.`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await dispose();
  }
}
