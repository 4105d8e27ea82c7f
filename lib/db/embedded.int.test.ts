// The embedded database keeps its data across restarts, stops cleanly (twice is fine),
// and refuses a second opener of the same data folder.
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmbeddedPostgres } from "./embedded";

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  // One client at a time: the embedded database is single-connection.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Creating a PGlite cluster takes ~5 s on an idle machine and much longer on a busy one.
describe("startEmbeddedPostgres", { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "wiredesk-embedded-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps data across a stop and a restart", async () => {
    const dataDir = path.join(dir, "pglite");
    const first = await startEmbeddedPostgres({ dataDir, fromTemplate: true });
    try {
      expect(first.connectionString).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/);
      await query(first.connectionString, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
    } finally {
      await first.stop();
      await first.stop(); // a second stop is harmless
    }

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.connectionString, "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
    } finally {
      await second.stop();
    }
  });

  it("refuses to open a data folder that is already open", async () => {
    const dataDir = path.join(dir, "locked");
    const running = await startEmbeddedPostgres({ dataDir, fromTemplate: true });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      await running.stop();
    }
    // Released on stop: it opens again.
    const again = await startEmbeddedPostgres({ dataDir });
    await again.stop();
  });

  it("serves a given port and survives a client reconnecting at once", async () => {
    const port = await freePort();

    const db = await startEmbeddedPostgres({ dataDir: "memory://", fromTemplate: true, port });
    try {
      expect(db.port).toBe(port);
      for (let i = 0; i < 10; i++) {
        expect(await query<{ n: number }>(db.connectionString, `SELECT ${i}::int AS n`)).toEqual([{ n: i }]);
      }
    } finally {
      await db.stop();
    }
  });
});
