// `npm run wire -- import` run as a child process.
//  - "on DATABASE_URL": against the integration run's throwaway database. Real Postgres only
//    (SKIPPED on PGlite: a second process on the single-connection socket server is unsafe).
//  - "embedded": the CLI starts its own PGlite in a temporary data folder (runs everywhere).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile, mkdir, copyFile, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations, dispose } from "@/lib/db/schema-engine";
import { FIXTURES, makeStaff } from "@/test/helpers";
import { buildZip } from "@/test/zip-writer";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const onPglite = env().DATABASE_POOL_MAX === 1;

async function cli(args: string[], extraEnv: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const [k, v] of Object.entries(extraEnv)) if (v === undefined) delete childEnv[k];
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/wire.ts", "import", ...args],
      {
        cwd: ROOT,
        env: childEnv,
        timeout: 120_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let dir: string;
let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
  dir = await mkdtemp(path.join(os.tmpdir(), "wiredesk-cli-"));
  await mkdir(path.join(dir, "in/nested"), { recursive: true });
  // An item id of this run's own: other test files import the same fixtures into the same
  // database at the same time, and this test counts what is new.
  const itemId = `MWS-CLI-${randomUUID().slice(0, 8)}`;
  for (const [fixture, to] of [
    ["nitf/nitf-full-rotterdam-solar-v1-2026-11-05.xml", "in/rotterdam-v1.xml"],
    ["nitf/nitf-update-rotterdam-solar-v2-2026-11-05.xml", "in/nested/rotterdam-v2.xml"],
  ] as const) {
    const text = await readFile(path.join(FIXTURES, fixture), "utf8");
    await writeFile(path.join(dir, to), text.replaceAll("MWS-20261105-NL-0117", itemId));
  }
  await copyFile(path.join(FIXTURES, "bad/xxe-external-entity-nitf.xml"), path.join(dir, "in/xxe.xml"));
  await writeFile(
    path.join(dir, "batch.zip"),
    buildZip([
      {
        name: "inner/ninjs.json",
        data: await import("node:fs/promises").then((fs) =>
          fs.readFile(path.join(FIXTURES, "ninjs/ninjs20-iceland-coffee-2026-11-16.json")),
        ),
        deflate: true,
      },
      { name: "../escape.txt", data: "nope" },
    ]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(onPglite)("wire import CLI on DATABASE_URL (real Postgres)", () => {
  it("imports files, directories and zips as the named user, audited, with a summary", async () => {
    const res = await cli(["--as", staff.editor.email, path.join(dir, "in"), path.join(dir, "batch.zip")], {});
    expect(res.stderr).toMatch(/Importing 4 files as editor-/);
    expect(res.stderr).toMatch(/\[#+\] 4\/4/);
    expect(res.stdout).toMatch(/imported\s+2/);
    expect(res.stdout).toMatch(/updated\s+1/);
    expect(res.stdout).toMatch(/failed\s+2/);
    expect(res.stdout).toMatch(/xxe\.xml: XML external entities are not allowed/);
    expect(res.stdout).toMatch(/batch\.zip\/\.\.\/escape\.txt: `\.\.` paths are not allowed/);
    expect(res.code).toBe(0);
    const rows = await db().auditLog.findMany({ where: { action: "wire.import", actorId: staff.editor.id } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => (r.meta as { via?: string }).via === "cli")).toBe(true);
    expect(rows.map((r) => (r.meta as { file: string }).file)).toContainEqual(
      expect.stringMatching(/batch\.zip\/inner\/ninjs\.json$/),
    );

    // Again: nothing new.
    const again = await cli(["--as", staff.editor.email, "--json", path.join(dir, "in")], {});
    expect(again.code).toBe(0);
    const parsed = JSON.parse(again.stdout) as { counts: Record<string, number> };
    expect(parsed.counts).toEqual({ imported: 0, updated: 0, duplicate: 2, failed: 1 });
  }, 240_000);

  it("refuses a reporter, an unknown user and missing input, with exit codes", async () => {
    const reporter = await cli(["--as", staff.reporter.email, path.join(dir, "in")], {});
    expect(reporter.code).toBe(1);
    expect(reporter.stderr).toMatch(/may not wire import/);
    const unknown = await cli(["--as", "nobody@example.com", path.join(dir, "in")], {});
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/No active user nobody@example.com/);
    const missing = await cli(["--as", staff.editor.email, path.join(dir, "does-not-exist")], {});
    expect(missing.code).toBe(1);
    expect((await cli([], {})).code).toBe(2);
  }, 240_000);
});

describe("wire import CLI on the embedded database", () => {
  it("starts the embedded database itself, imports as the first admin, and refuses while another process holds it", async () => {
    const dataDir = path.join(dir, "data");
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), fromTemplate: true });
    try {
      await applyMigrations(embedded.connectionString, path.join(ROOT, "prisma/migrations"));
      await dispose();
      const client = new pg.Client({ connectionString: embedded.connectionString });
      await client.connect();
      await client.query(
        `INSERT INTO "User" (id, email, name, slug, role, "updatedAt") VALUES ('cli-admin', 'first-admin@example.com', 'First Admin', 'first-admin', 'ADMIN', now())`,
      );
      await client.end();

      // While this process holds the database, the CLI must refuse politely.
      const busy = await cli([path.join(dir, "in")], { DATABASE_URL: undefined, WIREDESK_DATA_DIR: dataDir });
      expect(busy.code).toBe(3);
      expect(busy.stderr).toMatch(/in use by process .*Stop `npm start` first/s);
    } finally {
      await embedded.stop();
    }

    const res = await cli([path.join(dir, "in")], {
      DATABASE_URL: undefined,
      DATABASE_POOL_MAX: undefined,
      WIREDESK_DATA_DIR: dataDir,
    });
    expect(res.stderr).toMatch(/as first-admin@example.com/);
    expect(res.stdout).toMatch(/imported\s+1\s+updated\s+1\s+duplicate\s+0\s+failed\s+1/);
    expect(res.code).toBe(0);

    const check = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite") });
    try {
      const client = new pg.Client({ connectionString: check.connectionString });
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'wire.import' AND "actorId" = 'cli-admin' AND meta->>'via' = 'cli'`,
      );
      await client.end();
      expect(rows[0].n).toBe(2);
    } finally {
      await check.stop();
    }
  }, 180_000);

  it("says what to do when there is no embedded database yet", async () => {
    const res = await cli([path.join(dir, "in")], { DATABASE_URL: undefined, WIREDESK_DATA_DIR: path.join(dir, "empty") });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/run `npm start` once, or set DATABASE_URL/);
  }, 60_000);
});
