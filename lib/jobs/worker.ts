import "server-only";
import type PgBoss from "pg-boss";
import { QUEUES, type PublishJobData } from "./queue-types";
import { runScheduledPublish } from "@/lib/services/scheduling";
import { pollFeedJob, superviseFeeds } from "@/lib/services/feeds";
import { startFrontPurgeWorker } from "./front-purge";

export type WorkerOptions = { pollingIntervalSeconds: number };

/**
 * Attaches this app's job handlers to a started queue. Every app instance may do this:
 * pg-boss hands each job to one worker (SKIP LOCKED), and the handlers are idempotent.
 * Jobs are taken one at a time (batchSize 1): against the embedded database there is one
 * connection anyway, and a failing job then fails alone.
 */
export async function startWorker(boss: PgBoss, opts: WorkerOptions): Promise<void> {
  const workOpts = { pollingIntervalSeconds: opts.pollingIntervalSeconds, batchSize: 1 };
  await boss.work<PublishJobData>(QUEUES.publishStory, workOpts, async ([job]) => {
    if (!job) return;
    const result = await runScheduledPublish(job.data);
    if (result !== "stale") console.log(`scheduled publish ${job.data.storyId}: ${result}`);
  });
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
