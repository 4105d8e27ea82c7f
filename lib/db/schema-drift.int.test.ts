// Fails when prisma/schema.prisma and prisma/migrations disagree.
//
// Database A is built by applying the migrations, database B by running the SQL that
// creates schema.prisma from nothing; their descriptions from the catalog must match.
// (Introspection through the schema engine fails here, see scripts/db.ts, so we read
// pg_catalog ourselves.) Works on real Postgres (scratch databases on DATABASE_URL's
// server) and on the embedded PGlite (separate in-memory instances), whichever the
// global setup provides.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations, diffSql, dispose, isEmptyMigration } from "./schema-engine";

const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const SNAPSHOT_PATH = fileURLToPath(new URL("../../prisma/migrations/schema.snapshot.prisma", import.meta.url));

interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is unset: run this through the int project (test/global-setup.ts)");
  return url;
}

/** An empty database: on the same Postgres server, or a new in-memory PGlite (single-connection). */
async function createScratchDatabase(onPglite: boolean, label: string): Promise<ScratchDatabase> {
  if (onPglite) {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", fromTemplate: true });
    return { url: embedded.connectionString, drop: () => embedded.stop() };
  }
  const admin = serverUrl();
  const name = `wiredesk_drift_${randomBytes(4).toString("hex")}_${label}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** Empties a scratch database (public schema only), so it can be built again. */
async function resetDatabase(url: string): Promise<void> {
  await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";`));
}

async function runScript(url: string, sql: string): Promise<void> {
  // A migration script is plain DDL without parameters: one simple-protocol query runs it all.
  await withClient(url, (c) => c.query(sql));
}

/**
 * The public schema as sorted lines, one per table, column, index, constraint and enum,
 * ignoring column order (Prisma does not control it) and `_prisma_migrations`.
 */
async function describeSchema(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const lines: string[] = [];
    const rows = async (sql: string) => (await c.query<Record<string, unknown>>(sql)).rows;

    for (const r of await rows(`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`)) {
      lines.push(`table ${String(r.table_name)}`);
    }
    for (const r of await rows(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
             character_maximum_length, numeric_precision, numeric_scale, datetime_precision
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`)) {
      lines.push(
        `column ${String(r.table_name)}.${String(r.column_name)} ${String(r.data_type)}/${String(r.udt_name)}` +
          ` nullable=${String(r.is_nullable)} default=${String(r.column_default)}` +
          ` len=${String(r.character_maximum_length)} num=${String(r.numeric_precision)},${String(r.numeric_scale)}` +
          ` dt=${String(r.datetime_precision)}`,
      );
    }
    for (const r of await rows(`
      SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`)) {
      lines.push(`index ${String(r.tablename)}.${String(r.indexname)}: ${String(r.indexdef)}`);
    }
    for (const r of await rows(`
      SELECT rel.relname AS table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) AS def
      FROM pg_constraint con
      JOIN pg_class rel ON rel.oid = con.conrelid
      JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations'`)) {
      lines.push(`constraint ${String(r.table_name)}.${String(r.conname)} (${String(r.contype)}): ${String(r.def)}`);
    }
    for (const r of await rows(`
      SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t
      JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace ns ON ns.oid = t.typnamespace
      WHERE ns.nspname = 'public'
      GROUP BY t.typname`)) {
      lines.push(`enum ${String(r.typname)}: ${String(r.labels)}`);
    }
    return lines.sort();
  });
}

/** Applies `edit` to the schema text and insists that it changed something. */
function mutate(schema: string, edit: (text: string) => string, what: string): string {
  const changed = edit(schema);
  if (changed === schema) throw new Error(`The drift self-test could not apply "${what}" to schema.prisma`);
  return changed;
}

// Generic edits (first model, first enum, ...) so the self-test survives schema changes.
// Each one touches a different part of the description.
const MUTATIONS: { name: string; edit: (schema: string) => string }[] = [
  {
    name: "a new column",
    edit: (s) => s.replace(/^(model \w+ \{\n)/m, "$1  driftProbe String?\n"),
  },
  {
    name: "a new enum value",
    edit: (s) => s.replace(/^(enum \w+ \{\n)/m, "$1  DRIFT_PROBE\n"),
  },
  {
    name: "a changed default",
    edit: (s) => s.replace(/@default\(true\)/, "@default(false)"),
  },
  {
    name: "a dropped unique index",
    edit: (s) => s.replace(/^(\s+\w+\s+String\s+)@unique\b/m, "$1"),
  },
  {
    name: "a changed foreign-key action",
    edit: (s) => s.replace(/, onDelete: Cascade\)/, ")"),
  },
  {
    name: "a nullable column made required",
    edit: (s) => s.replace(/^(\s+\w+\s+)DateTime\?/m, "$1DateTime"),
  },
];

describe("schema drift", () => {
  let schema: string;
  let fromMigrations: string[];
  let onPglite: boolean;
  const scratch: ScratchDatabase[] = [];

  beforeAll(async () => {
    schema = await readFile(SCHEMA_PATH, "utf8");
    const version = await withClient(
      serverUrl(),
      async (c) => (await c.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v,
    );
    onPglite = String(version).includes("PGlite");

    const a = await createScratchDatabase(onPglite, "a");
    scratch.push(a);
    const { applied } = await applyMigrations(a.url, MIGRATIONS_DIR);
    expect(applied.length, "prisma/migrations holds no migrations").toBeGreaterThan(0);
    fromMigrations = await describeSchema(a.url);
  });

  afterAll(async () => {
    await Promise.allSettled(scratch.map((db) => db.drop()));
    await dispose();
  });

  it("prisma/migrations build the same database as prisma/schema.prisma", async () => {
    const b = await createScratchDatabase(onPglite, "b");
    scratch.push(b);
    await runScript(b.url, await diffSql({ from: "empty", to: schema }));
    // On failure, "-" lines exist only in the database built from the migrations and "+"
    // lines only in the one built from schema.prisma.
    expect(
      await describeSchema(b.url),
      "prisma/schema.prisma and prisma/migrations disagree: create a migration with " +
        "`tsx scripts/db.ts migration <name>` (never edit an applied migration)",
    ).toEqual(fromMigrations);
  });

  it("the snapshot used to create migrations matches prisma/schema.prisma", async () => {
    const snapshot = await readFile(SNAPSHOT_PATH, "utf8");
    const sql = await diffSql({ from: snapshot, to: schema });
    expect(
      isEmptyMigration(sql),
      `prisma/schema.prisma has changes without a migration (\`tsx scripts/db.ts migration <name>\`):\n${sql}`,
    ).toBe(true);
  });

  describe("the comparison itself notices", () => {
    let c: ScratchDatabase;
    beforeAll(async () => {
      c = await createScratchDatabase(onPglite, "c");
      scratch.push(c);
    });

    it.each(MUTATIONS)("$name", async ({ name, edit }) => {
      const mutated = mutate(schema, edit, name);
      await resetDatabase(c.url);
      await runScript(c.url, await diffSql({ from: "empty", to: mutated }));
      const described = await describeSchema(c.url);
      expect(described).not.toEqual(fromMigrations);
      // And only a little: the difference is the mutation, not a broken build.
      const changed =
        described.filter((line) => !fromMigrations.includes(line)).length +
        fromMigrations.filter((line) => !described.includes(line)).length;
      expect(changed).toBeLessThanOrEqual(4);
    });
  });

  it("runs each migration script whole: a PL/pgSQL body with semicolons applies, a failing script applies nothing", async () => {
    const d = await createScratchDatabase(onPglite, "d");
    scratch.push(d);
    const dir = await mkdtemp(path.join(os.tmpdir(), "wiredesk-migrations-"));
    try {
      await copyFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
      const migration = async (name: string, sql: string) => {
        await mkdir(path.join(dir, name));
        await writeFile(path.join(dir, name, "migration.sql"), sql);
      };
      await migration(
        "20000101000000_with_function",
        `CREATE TABLE "T1" (n int);
CREATE FUNCTION t1_double(x int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE y int;
BEGIN
  y := x * 2;
  RETURN y;
END
$$;
INSERT INTO "T1" VALUES (t1_double(21));
`,
      );
      expect((await applyMigrations(d.url, dir)).applied).toEqual(["20000101000000_with_function"]);
      expect(await withClient(d.url, async (c) => (await c.query<{ n: number }>(`SELECT n FROM "T1"`)).rows)).toEqual([
        { n: 42 },
      ]);

      await migration("20000102000000_fails_halfway", `CREATE TABLE "T2" (n int);\nSELECT 1 / 0;\n`);
      await expect(applyMigrations(d.url, dir)).rejects.toThrow(/division by zero/);
      const t2 = await withClient(
        d.url,
        async (c) => (await c.query(`SELECT to_regclass('"T2"') AS t`)).rows[0] as { t: unknown },
      );
      expect(t2.t).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
