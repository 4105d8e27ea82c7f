import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobId, jobQueue, QUEUES, txDb } from "@/lib/jobs/queue";
import type { PublishJobData } from "@/lib/jobs/queue-types";
import type { TransitionName } from "@/lib/workflow/story-status";

/**
 * The scheduling rules the story-write pipeline applies (lib/services/story-write.ts), kept
 * apart from scheduling.ts (which calls the pipeline) so the two never import each other.
 */

/** How far ahead a story may be scheduled. */
const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;
/** A time this little in the past still counts as "now" (the form's clock vs ours). */
const PAST_GRACE_MS = 60_000;

export type PublishJob = PublishJobData;

/**
 * The schedule fields a transition writes (called by transitionStory in the same
 * transaction). Scheduling before the embargo ends is REFUSED rather than silently moved:
 * the editor sees the embargo time and chooses; publishing still re-checks the embargo.
 */
export function scheduleFieldsFor(
  name: TransitionName,
  story: { embargoUntil: Date | null },
  at: Date | undefined,
  now: Date,
): { scheduledAt?: Date | null } {
  if (name === "unschedule") return { scheduledAt: null };
  if (name !== "schedule") return {};
  if (!at || Number.isNaN(at.getTime()))
    throw new AppError("VALIDATION", "Choose when to publish", { fieldErrors: { at: ["Choose a date and time"] } });
  if (at.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw new AppError("VALIDATION", "That time has already passed; publish now instead", {
      fieldErrors: { at: ["That time has passed"] },
    });
  }
  if (at.getTime() > now.getTime() + MAX_AHEAD_MS) {
    throw new AppError("VALIDATION", "A story can be scheduled at most a year ahead", { fieldErrors: { at: ["Too far ahead"] } });
  }
  if (story.embargoUntil && at < story.embargoUntil) {
    throw new AppError("VALIDATION", `Embargoed until ${story.embargoUntil.toISOString()}; schedule it for that time or later`, {
      fieldErrors: { at: [`Not before the embargo (${story.embargoUntil.toISOString()})`] },
    });
  }
  return { scheduledAt: at };
}

/** Enqueues the publish job in the transaction that scheduled the story. */
export async function enqueueScheduledPublish(tx: Tx, job: PublishJob): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.publishStory, job, {
    id: jobId(job.storyId, job.scheduledAt),
    startAfter: new Date(job.scheduledAt),
    db: txDb(tx),
  });
}
