// Global setup for the integration project (*.int.test.ts): one throwaway database per run,
// migrated with prisma/migrations, handed to the test workers through the environment:
//   DATABASE_URL       the throwaway database
//   DATABASE_POOL_MAX  "1" for the embedded database (single connection), else as given
//
// With DATABASE_URL set, a database `wiredesk_test_<random>` is created on that server and
// dropped afterwards; the database named in DATABASE_URL is only used to run CREATE/DROP.
// Without it, an embedded PGlite is started in a temporary folder and deleted afterwards.
// Vitest starts the workers after this returns and copies process.env into them.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";

import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations, dispose } from "../lib/db/schema-engine";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** The same server and credentials as `url`, another database. */
function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}

async function runAdminSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const saved = {
    url: process.env.DATABASE_URL,
    poolMax: process.env.DATABASE_POOL_MAX,
    embedded: process.env.WIREDESK_EMBEDDED,
  };
  const restoreEnv = () => {
    for (const [key, value] of [
      ["DATABASE_URL", saved.url],
      ["DATABASE_POOL_MAX", saved.poolMax],
      ["WIREDESK_EMBEDDED", saved.embedded],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  if (saved.url) {
    const adminUrl = saved.url;
    const name = `wiredesk_test_${randomBytes(6).toString("hex")}`;
    await runAdminSql(adminUrl, `CREATE DATABASE "${name}"`);
    const url = withDatabase(adminUrl, name);
    try {
      await applyMigrations(url, MIGRATIONS_DIR);
    } catch (error) {
      await runAdminSql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw error;
    } finally {
      await dispose();
    }
    process.env.DATABASE_URL = url;
    return async () => {
      restoreEnv();
      // FORCE: a test that forgot to disconnect must not leave the database behind.
      await runAdminSql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), "wiredesk-test-"));
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite"), fromTemplate: true });
  const stop = async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await applyMigrations(embedded.connectionString, MIGRATIONS_DIR);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await dispose();
  }
  process.env.DATABASE_URL = embedded.connectionString;
  process.env.DATABASE_POOL_MAX = "1";
  // As npm start runs on it: public-cache invalidation through the in-process emitter.
  process.env.WIREDESK_EMBEDDED = "1";
  return async () => {
    restoreEnv();
    await stop();
  };
}
