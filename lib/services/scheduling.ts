import "server-only";
import { db } from "@/lib/db/client";
import { getStoryForEdit } from "@/lib/db/stories";
import { findUserForSession } from "@/lib/db/users";
import type { Actor } from "@/lib/authz/policy";
import { AppError, isAppError } from "@/lib/errors";
import { jobId, jobQueue, QUEUES } from "@/lib/jobs/queue";
import type { PublishJob } from "./schedule-rules";
import { transitionStory } from "./stories";
import { scheduleInputSchema } from "@/lib/validation/story";

export { scheduleInputSchema };

export type { PublishJob };

/** Schedules (or re-schedules) a story for a time (transitionStory starts the queue first). */
export async function scheduleStory(actor: Actor | null, id: string, input: unknown, ctx: { ip?: string | null } = {}) {
  const parsed = scheduleInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Choose a date and time", {
      fieldErrors: { at: [parsed.error.issues[0]?.message ?? "Choose a date and time"] },
    });
  }
  return transitionStory(actor, id, "schedule", { ...ctx, scheduledAt: parsed.data.at });
}

export type PublishJobResult = "published" | "stale" | "deferred" | "refused";

/**
 * The publish job. Jobs are wake-up calls: the story row decides. Nothing happens when the
 * story was unscheduled, re-scheduled (a newer job exists), published or killed meanwhile.
 * The publish itself is transitionStory's, as the editor who scheduled it, so the embargo,
 * permission (a deactivated or demoted editor's schedules do not fire) and version checks
 * are the same as for a click; a second run finds the story PUBLISHED and does nothing.
 */
export async function runScheduledPublish(job: PublishJob, now = new Date()): Promise<PublishJobResult> {
  const story = await getStoryForEdit(db(), job.storyId);
  if (!story || story.status !== "SCHEDULED" || story.scheduledAt?.toISOString() !== job.scheduledAt) return "stale";
  const due = story.embargoUntil && story.embargoUntil > story.scheduledAt ? story.embargoUntil : story.scheduledAt;
  if (due.getTime() > now.getTime()) {
    // The embargo moved after scheduling: wait for it instead of publishing early.
    const boss = await jobQueue();
    await boss.send(QUEUES.publishStory, job, { id: jobId(job.storyId, job.scheduledAt, due.toISOString()), startAfter: due });
    return "deferred";
  }
  const user = await findUserForSession(job.actorId);
  if (!user?.active) {
    console.error("scheduled publish refused: the editor who scheduled it is no longer active", job);
    return "refused";
  }
  const actor: Actor = { id: user.id, role: user.role, email: user.email, name: user.name };
  try {
    await transitionStory(actor, job.storyId, "publish", { ip: null });
    return "published";
  } catch (e) {
    // Already published (or killed) by someone else: done. A CONFLICT (a save at this very moment) is thrown, so the queue retries.
    if (isAppError(e) && e.code === "INVALID_TRANSITION") return "stale";
    if (isAppError(e) && (e.code === "FORBIDDEN" || e.code === "UNAUTHENTICATED")) {
      console.error("scheduled publish refused:", e.message, job);
      return "refused";
    }
    throw e;
  }
}
