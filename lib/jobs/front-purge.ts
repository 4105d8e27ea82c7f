import "server-only";
import type PgBoss from "pg-boss";
import { afterCommit, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { incrementCounter } from "@/lib/metrics/counters";
import { parseFrontCaches, purgeFrontCache } from "@/lib/public/front-cache";
import { jobQueue, QUEUES, txDb } from "./queue";
import type { FrontPurgeJobData } from "./queue-types";

/**
 * Purging the front caches (Varnish, …) by key, through the job queue.
 *
 * Who sends a purge: the instance whose transaction made the change enqueues one job per
 * configured front cache *in that transaction*, next to the pg_notify that evicts the
 * in-process caches. So a purge exists if and only if the change committed, exactly one per
 * change and cache however many instances run (none of them decides on LISTEN), and it
 * survives the instance dying right after the commit. Any worker may run it; the committing
 * instance wakes its own worker after the commit, so the purge normally leaves within
 * milliseconds instead of at the next poll. A purge the cache does not acknowledge (2xx) is
 * retried every 2 s (QUEUE_SETTINGS in queue.ts). Purging is idempotent, so a retry or a
 * duplicate is harmless.
 */
export async function enqueueFrontPurge(tx: Tx, keys: readonly string[]): Promise<void> {
  const e = env();
  const caches = parseFrontCaches(e.WIREDESK_FRONT_CACHES);
  if (caches.length === 0 || keys.length === 0) return;
  const jobs: FrontPurgeJobData[] = caches.map((cache) => ({ cache, keys: [...keys] }));
  if (e.WIREDESK_EMBEDDED === "1") {
    // One connection, held by this transaction: the queue cannot write in it. Enqueue after commit.
    afterCommit(tx, () => {
      void (async () => {
        const boss = await jobQueue();
        for (const job of jobs) await boss.send(QUEUES.purgeFrontCache, job);
        incrementCounter("wiredesk_front_purge_jobs_enqueued_total", jobs.length);
        wakePurgeWorker();
      })().catch((error: unknown) => console.error("front cache: could not enqueue a purge", error));
    });
    return;
  }
  const boss = await jobQueue();
  for (const job of jobs) await boss.send(QUEUES.purgeFrontCache, job, { db: txDb(tx) });
  afterCommit(tx, () => {
    incrementCounter("wiredesk_front_purge_jobs_enqueued_total", jobs.length);
    wakePurgeWorker();
  });
}

const globalForPurge = globalThis as unknown as { wiredeskPurgeWorker?: { boss: PgBoss; id: string } };

function wakePurgeWorker(): void {
  const w = globalForPurge.wiredeskPurgeWorker;
  if (w) w.boss.notifyWorker(w.id);
}

/** Sends one purge; throws when the cache does not acknowledge it (the queue retries). */
export async function runFrontPurge(job: FrontPurgeJobData, retryCount = 0): Promise<void> {
  incrementCounter("wiredesk_front_purge_requests_total");
  try {
    await purgeFrontCache(job.cache, job.keys);
  } catch (error) {
    incrementCounter("wiredesk_front_purge_failures_total");
    // Every failure is counted; logged on the first try and then once a minute per job.
    if (retryCount % 30 === 0) {
      console.error(
        `front cache: purge of ${job.keys.length} keys from ${job.cache} failed (try ${retryCount + 1}; retrying)`,
        String(error),
      );
    }
    throw error;
  }
}

/**
 * The purge worker: up to 20 purges at a time, each acknowledged or failed on its own (a
 * cache that is down does not make the purges of a working one repeat).
 */
export async function startFrontPurgeWorker(boss: PgBoss): Promise<void> {
  const options = { pollingIntervalSeconds: 0.5, batchSize: 20, includeMetadata: true } as const;
  const id = await boss.work<FrontPurgeJobData>(QUEUES.purgeFrontCache, options, async (jobs) => {
    const results = await Promise.allSettled(jobs.map((job) => runFrontPurge(job.data, job.retryCount)));
    const failed = jobs.filter((_, i) => results[i]?.status === "rejected").map((job) => job.id);
    // Failed here, so pg-boss's completion of the batch (active jobs only) leaves them to retry.
    for (const jobId of failed)
      await boss.fail(QUEUES.purgeFrontCache, jobId, { message: "front cache did not acknowledge the purge" });
  });
  globalForPurge.wiredeskPurgeWorker = { boss, id };
}
