import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";

/**
 * The Prisma client, over node-postgres through the driver adapter (no Rust engine).
 * Against the embedded PGlite the pool must hold a single connection.
 */
function createClient(): PrismaClient {
  const e = env();
  const pool = new Pool({ connectionString: e.DATABASE_URL, max: e.DATABASE_POOL_MAX });
  globalForDb.wiredeskPool = pool;
  // disposeExternalPool: $disconnect() must close the pool too (the embedded database
  // cannot stop cleanly while an idle connection is left open).
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

const globalForDb = globalThis as unknown as { wiredeskDb?: PrismaClient; wiredeskPool?: Pool };

export function db(): PrismaClient {
  globalForDb.wiredeskDb ??= createClient();
  return globalForDb.wiredeskDb;
}

/**
 * The node-postgres pool under the Prisma client. The job queue (lib/jobs) runs its SQL
 * through it so that, against the single-connection embedded database, the app and the
 * queue take turns on the one connection instead of opening a second one.
 */
export function pgPool(): Pool {
  db();
  return globalForDb.wiredeskPool!;
}

/** A client usable inside or outside a transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// Callbacks waiting for their transaction to commit, keyed by the transaction's client.
const commitHooks = new WeakMap<object, (() => void)[]>();

/** Every write that spans tables runs in one of these. */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await db().$transaction(
    (tx) => {
      commitHooks.set(tx, hooks);
      return fn(tx);
    },
    { timeout: 20_000, maxWait: 20_000 },
  );
  for (const hook of hooks) {
    try {
      hook();
    } catch (e) {
      console.error("after-commit callback failed", e);
    }
  }
  return result;
}

/**
 * Runs `fn` once `tx` has committed, and never if it rolls back; at once when `tx` is not a
 * transaction opened by transaction().
 */
export function afterCommit(tx: Tx, fn: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(fn);
  else fn();
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.wiredeskDb?.$disconnect();
  globalForDb.wiredeskDb = undefined;
  globalForDb.wiredeskPool = undefined;
}
