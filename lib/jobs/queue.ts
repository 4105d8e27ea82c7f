import "server-only";
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import { pgPool, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { QUEUES } from "./queue-types";

export { QUEUES };

/**
 * The background job queue: pg-boss, on the application's own database (schema `pgboss`).
 *
 * Why pg-boss, and how it runs on the embedded database: pg-boss fetches jobs with
 * `FOR UPDATE SKIP LOCKED`, so any number of app instances can work the same queues and
 * each job is handed to one of them; jobs are rows, so they survive restarts and a job
 * that fell due while every instance was down runs at the next start. pg-boss normally
 * opens its own connection pool, but PGlite is single-connection, so instead it is given
 * the app's own node-postgres pool (`db.executeSql` → `pgPool().query`): against PGlite
 * that pool has one connection and the app and the queue simply take turns on it.
 *
 * Jobs are wake-up calls, not orders: each handler re-reads the row it is about (the
 * story's status and scheduledAt, the feed's settings) and does nothing when the job is
 * stale. That makes a retried or duplicated job harmless, and "exactly once" rests on
 * the database row (a version-checked update), not on the queue alone.
 */

const QUEUE_SETTINGS: Record<string, PgBoss.Queue> = {
  // A publish takes well under a second; one still "active" after 15 s belongs to an instance
  // that died mid-run. Expiry (checked every MAINTENANCE_SECONDS) hands it to another worker
  // within ~25 s; a second run is harmless (the publish's version check, and the story is
  // already PUBLISHED). Was 120 s + a 60 s maintenance interval: a story went out 194 s late.
  [QUEUES.publishStory]: { name: QUEUES.publishStory, policy: "standard", retryLimit: 5, retryDelay: 2, expireInSeconds: 15 },
  // A failed poll is recorded on the feed and re-tried by the feed's own back-off, not by the queue.
  [QUEUES.pollFeed]: { name: QUEUES.pollFeed, policy: "standard", retryLimit: 0, expireInSeconds: 120 },
  [QUEUES.superviseFeeds]: { name: QUEUES.superviseFeeds, policy: "standard", retryLimit: 0, expireInSeconds: 60 },
  // Retried every 2 s for a day (a front cache that is down or unreachable), then given up:
  // by then the entry has long expired (front-cache TTL 10 minutes, stale-if-error one day).
  [QUEUES.purgeFrontCache]: {
    name: QUEUES.purgeFrontCache,
    policy: "standard",
    retryLimit: 43_200,
    retryDelay: 2,
    retryBackoff: false,
    expireInSeconds: 30,
  },
};

/**
 * How often (once across instances: pg-boss takes turns through a timestamp row) stuck jobs
 * are expired and old ones archived. Short, because expiry is how a job of a dead instance is
 * taken over; the queries are cheap.
 */
export const MAINTENANCE_SECONDS = 5;

export type QueueRole = { worker: boolean };

/** A pg-boss instance over a given connection (the app's pool, or a test's own). */
export function createJobQueue(db: PgBoss.Db, role: QueueRole): PgBoss {
  const boss = new PgBoss({
    db,
    schema: "pgboss",
    migrate: true,
    // Maintenance (expiring stuck jobs, archiving) and cron only where a worker runs.
    supervise: role.worker,
    schedule: role.worker,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 30,
  });
  boss.on("error", (e) => console.error("job queue error", e));
  return boss;
}

/** Creates the queues this app uses (idempotent; tolerant of another instance doing it at the same time). */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const q of Object.values(QUEUE_SETTINGS)) {
    const existing = await boss.getQueue(q.name!);
    if (existing) {
      // Settings changed since the queue was created (e.g. a shorter expiry): apply them.
      if (
        existing.expireInSeconds !== q.expireInSeconds ||
        existing.retryDelay !== q.retryDelay ||
        existing.retryLimit !== q.retryLimit
      ) {
        await boss.updateQueue(q.name!, q);
      }
      continue;
    }
    try {
      await boss.createQueue(q.name!, q);
    } catch (e) {
      if (!(await boss.getQueue(q.name!))) throw e;
    }
  }
}

/** The app's pool as pg-boss's connection. */
export function poolDb(): PgBoss.Db {
  const pool = pgPool();
  return { executeSql: (text, values) => pool.query(text, values) };
}

/**
 * A transaction as pg-boss's connection, so a job is enqueued in the same transaction as
 * the change that needs it (a story is SCHEDULED if and only if its publish job exists).
 */
export function txDb(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const args = (values ?? []).map((v: unknown) =>
        v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v,
      );
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...args);
      return { rows };
    },
  };
}

const globalForJobs = globalThis as unknown as { wiredeskJobs?: Promise<PgBoss> };

/**
 * This process's queue, started on first use. Whether it also maintains the queue depends
 * on WIREDESK_WORKER; handlers are attached by lib/jobs/worker.ts.
 */
export function jobQueue(): Promise<PgBoss> {
  globalForJobs.wiredeskJobs ??= (async () => {
    const boss = createJobQueue(poolDb(), { worker: env().WIREDESK_WORKER === "1" });
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })().catch((e: unknown) => {
    globalForJobs.wiredeskJobs = undefined;
    throw e;
  });
  return globalForJobs.wiredeskJobs;
}

export async function stopJobQueue(): Promise<void> {
  const pending = globalForJobs.wiredeskJobs;
  globalForJobs.wiredeskJobs = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 5_000, wait: true });
}

/**
 * A job id derived from what the job is for (e.g. a feed and the time its poll is due).
 * pg-boss inserts with ON CONFLICT DO NOTHING, so arming the same wake-up twice — from two
 * instances, or from a retry — leaves one job.
 */
export function jobId(...parts: string[]): string {
  const h = createHash("sha1").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
