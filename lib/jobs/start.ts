import "server-only";
import { env } from "@/lib/env";
import { jobQueue, stopJobQueue } from "./queue";
import { startWorker } from "./worker";

/**
 * Starts the queue (and, unless WIREDESK_WORKER=0, the worker) for the app server. A
 * failure is logged, not thrown: the site must still serve pages when the queue cannot
 * start, and the next request that needs the queue tries again.
 */
export async function startAppWorker(): Promise<void> {
  const e = env();
  try {
    const boss = await jobQueue();
    if (e.WIREDESK_WORKER === "1") {
      await startWorker(boss, { pollingIntervalSeconds: e.WIREDESK_JOB_POLL_SECONDS });
      console.log(`Background worker started (polling every ${e.WIREDESK_JOB_POLL_SECONDS} s).`);
    }
  } catch (err) {
    console.error("The background worker could not start:", err);
    return;
  }
  const stop = () => {
    // Let a job in progress finish (its transaction commits or rolls back) before exit.
    void stopJobQueue().catch((err: unknown) => console.error("Stopping the worker failed:", err));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
