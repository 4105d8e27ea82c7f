// The embedded database: PGlite (Postgres compiled to WebAssembly) served over the
// Postgres wire protocol on a loopback port, so the app's normal `pg` + Prisma path
// works unchanged. Tooling only (scripts/start.ts, test setup); the app never imports it.
//
// PGlite is ONE Postgres backend. Every client of it must use a pool of max 1
// (DATABASE_POOL_MAX=1): the socket server's multiplexer interleaves messages from
// concurrent connections and hangs when another connection sits idle in a transaction.
// It is a default for trying the product on one machine, not for load; use real
// Postgres (DATABASE_URL) for anything else.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  /** `postgresql://…?sslmode=disable` for `pg` / Prisma; use a pool of max 1. */
  connectionString: string;
  port: number;
  /** Absolute data directory, or "memory://" for a throwaway in-memory database. */
  dataDir: string;
  /** Closes the server, then the database. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the data files (created and initialised on first start), or "memory://". */
  dataDir?: string;
  /** Loopback port; a free one is picked when omitted. */
  port?: number;
  /**
   * Create a new database from a cached copy of a freshly initialised one (about 1 s
   * instead of 5 s for initdb). For throwaway test databases; ignored when `dataDir`
   * already holds a database.
   */
  fromTemplate?: boolean;
}

const MEMORY = "memory://";

/**
 * Starts PGlite on `dataDir` (initdb on first start, reused afterwards) and serves it on
 * 127.0.0.1. A lock file next to the data folder stops a second process from opening
 * the same files: PGlite itself does not, and two writers would corrupt them.
 */
export async function startEmbeddedPostgres({
  dataDir = ".data/pglite",
  port,
  fromTemplate = false,
}: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const inMemory = dataDir === MEMORY;
  const dir = inMemory ? MEMORY : path.resolve(dataDir);
  const releaseLock = inMemory ? async () => {} : await acquireLock(`${dir}.lock`);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    if (!inMemory) await mkdir(dir, { recursive: true });
    const isNew = inMemory || !existsSync(path.join(dir, "PG_VERSION"));
    db = await PGlite.create({
      dataDir: inMemory ? undefined : dir,
      loadDataDir: fromTemplate && isNew ? await initdbTemplate() : undefined,
    });
    server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: port ?? 0,
      // The app and the tools use one connection at a time. The second slot only
      // absorbs the moment when a closed client reconnects before the server has
      // noticed the old socket go: with 1, that reconnect is refused about half the time.
      maxConnections: 2,
    });
    await server.start();
  } catch (error) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    await releaseLock();
    throw error;
  }

  const boundPort = Number(server.getServerConn().split(":").pop());
  const openServer = server;
  const openDb = db;
  let stopping: Promise<void> | undefined;
  return {
    connectionString: `postgresql://postgres:postgres@127.0.0.1:${boundPort}/postgres?sslmode=disable`,
    port: boundPort,
    dataDir: dir,
    stop() {
      stopping ??= (async () => {
        try {
          await openServer.stop();
        } finally {
          try {
            // Checkpoints and releases the data files; skipping it risks recovery on next start.
            if (!openDb.closed) await openDb.close();
          } finally {
            await releaseLock();
          }
        }
      })();
      return stopping;
    },
  };
}

/**
 * A tarball of a freshly initialised cluster, made once per PGlite version and kept in
 * node_modules/.cache (written to a temporary name and renamed, so parallel runs are safe).
 */
async function initdbTemplate(): Promise<Blob> {
  const require = createRequire(import.meta.url);
  const pgliteDir = path.dirname(path.dirname(require.resolve("@electric-sql/pglite")));
  const { version } = JSON.parse(await readFile(path.join(pgliteDir, "package.json"), "utf8")) as {
    version: string;
  };
  const cacheDir = path.join(pgliteDir, "..", "..", ".cache", "wiredesk");
  const file = path.join(cacheDir, `pglite-${version}-initdb.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not cached yet.
  }
  const db = await PGlite.create();
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await (await db.dumpDataDir("none")).arrayBuffer());
  } finally {
    await db.close();
  }
  await mkdir(cacheDir, { recursive: true });
  // Unique per call: two starts in one process may both build the template at once.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
  return new Blob([bytes]);
}

/** Takes `lockPath` for this process, replacing a lock left by a process that is gone. */
async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(
          `The embedded database ${lockPath.replace(/\.lock$/, "")} is in use by process ${holder}` +
            (holder === process.pid ? " (this process)" : " (is another `npm start` running?)") +
            `. Stop it first, or delete ${lockPath} if that process is not Wiredesk.`,
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
