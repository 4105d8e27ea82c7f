import "server-only";
import type PgBoss from "pg-boss";
import { QUEUES, type PublishJobData } from "./queue-types";
import { runScheduledPublish } from "@/lib/services/scheduling";
import { pollFeedJob, superviseFeeds } from "@/lib/services/feeds";
import { startFrontPurgeWorker } from "./front-purge";

export type WorkerOptions = { pollingIntervalSeconds: number };

/** Due publish jobs fetched at once, and how many of them publish at the same time. */
export const PUBLISH_BATCH = 20;
export const PUBLISH_CONCURRENCY = 5;

/**
 * Runs `fn` over `items`, at most `limit` at a time; resolves with each one's outcome.
 */
async function settleLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<PromiseSettledResult<unknown>[]> {
  const results: PromiseSettledResult<unknown>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i]!) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * Attaches this app's job handlers to a started queue. Every app instance may do this:
 * pg-boss hands each job to one worker (SKIP LOCKED), and the handlers are idempotent.
 *
 * Scheduled publishing takes up to PUBLISH_BATCH due jobs per fetch and publishes up to
 * PUBLISH_CONCURRENCY of them at a time (each its own transaction: the pool has 10
 * connections), failing each job on its own, so one story that cannot publish does not
 * make the others repeat; after a full batch it fetches again at once instead of waiting
 * for the next poll. A hundred stories due in the same minute therefore go out in about a
 * second instead of one per second (issue 17). Against the embedded database (one
 * connection) the publishes simply take turns. Feed polls stay one at a time.
 */
export async function startWorker(boss: PgBoss, opts: WorkerOptions): Promise<void> {
  let publishWorker: string | undefined = undefined;
  publishWorker = await boss.work<PublishJobData>(
    QUEUES.publishStory,
    { pollingIntervalSeconds: opts.pollingIntervalSeconds, batchSize: PUBLISH_BATCH },
    async (jobs) => {
      const results = await settleLimited(jobs, PUBLISH_CONCURRENCY, async (job) => {
        const result = await runScheduledPublish(job.data);
        if (result !== "stale") console.log(`scheduled publish ${job.data.storyId}: ${result}`);
      });
      for (const [i, r] of results.entries()) {
        if (r.status === "rejected") {
          console.error(`scheduled publish ${jobs[i]!.data.storyId} failed (will retry)`, r.reason);
          await boss.fail(QUEUES.publishStory, jobs[i]!.id, { message: String(r.reason) });
        }
      }
      // More may be due right now: fetch again without waiting for the poll.
      if (jobs.length === PUBLISH_BATCH && publishWorker) boss.notifyWorker(publishWorker);
    },
  );
  const workOpts = { pollingIntervalSeconds: opts.pollingIntervalSeconds, batchSize: 1 };
  await boss.work<{ feedId: string }>(QUEUES.pollFeed, workOpts, async ([job]) => {
    if (job) await pollFeedJob(job.data.feedId);
  });
  await boss.work(QUEUES.superviseFeeds, { pollingIntervalSeconds: 5, batchSize: 1 }, async () => {
    await superviseFeeds();
  });
  await startFrontPurgeWorker(boss);
  // Every minute, re-arm feeds whose chain of polls broke (pg-boss runs a cron once across instances).
  await boss.schedule(QUEUES.superviseFeeds, "* * * * *");
}
