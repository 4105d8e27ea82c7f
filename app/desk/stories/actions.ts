"use server";

import { redirect } from "next/navigation";
import { requireActor, runAction, type ActionResult } from "@/lib/action";
import { AppError } from "@/lib/errors";
import {
  createBlankStory,
  createStoryFromWire,
  getStoryForDesk,
  saveStory,
  setIndependentlyVerified,
  setStoryEmbargo,
  transitionStory,
} from "@/lib/services/stories";
import { isTransitionName } from "@/lib/workflow/story-status";
import { acquireStoryLock, releaseLock, takeOverStoryLock, type LockView } from "@/lib/services/locks";
import { autosaveStory } from "@/lib/services/revisions";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { idSchema } from "@/lib/validation/ids";

export async function createStoryFromWireAction(wireVersionId: string): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => createStoryFromWire(actor, idSchema.parse(wireVersionId), { ip }));
  if (result.ok) redirect(`/desk/stories/${result.data.id}`);
  return result;
}

export async function createBlankStoryAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => createBlankStory(actor, String(form.get("headline") ?? ""), { ip }));
  if (result.ok) redirect(`/desk/stories/${result.data.id}`);
  return result;
}

export async function saveStoryAction(storyId: string, input: unknown): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) => saveStory(actor, idSchema.parse(storyId), input, { ip }));
}

export async function transitionStoryAction(
  storyId: string,
  transition: string,
): Promise<ActionResult<{ id: string; status: string }>> {
  return runAction(({ actor, ip }) => {
    if (!isTransitionName(transition)) throw new AppError("VALIDATION", "Unknown workflow step");
    return transitionStory(actor, idSchema.parse(storyId), transition, { ip });
  });
}

/** "Update" a published story, optionally with a public correction note (written in the same transaction). */
export async function republishStoryAction(
  storyId: string,
  correctionNote: string,
): Promise<ActionResult<{ id: string; status: string }>> {
  return runAction(({ actor, ip }) =>
    transitionStory(actor, idSchema.parse(storyId), "republish", {
      ip,
      correctionNote: String(correctionNote ?? "").slice(0, 4000),
    }),
  );
}

/** The edit-lock heartbeat: takes the lock when free, renews it when ours. */
export async function heartbeatLockAction(storyId: string): Promise<ActionResult<LockView>> {
  return runAction(({ actor }) => acquireStoryLock(actor, idSchema.parse(storyId)));
}

export async function releaseLockAction(storyId: string): Promise<ActionResult<void>> {
  return runAction(({ actor }) => releaseLock(actor, idSchema.parse(storyId)));
}

export async function takeOverLockAction(
  storyId: string,
): Promise<ActionResult<{ lock: LockView; keptRevision: number | null }>> {
  return runAction(({ actor, ip }) => takeOverStoryLock(actor, idSchema.parse(storyId), { ip }));
}

export async function autosaveStoryAction(
  storyId: string,
  input: unknown,
): Promise<ActionResult<{ revision: number; savedAt: string }>> {
  return runAction(({ actor }) => autosaveStory(actor, idSchema.parse(storyId), input));
}

/** The story as saved now, for reconciling after a refused (stale) save. */
export async function getSavedStoryAction(storyId: string) {
  return runAction(async (ctx) => {
    const s = await getStoryForDesk(requireActor(ctx), idSchema.parse(storyId));
    return {
      version: s.version,
      headline: s.headline,
      standfirst: s.standfirst,
      byline: s.byline,
      datelinePlace: s.datelinePlace,
      body: s.body as StoryDoc,
      tags: s.tags.map(({ tag }) => ({ kind: tag.kind, name: tag.name })),
      updatedAt: s.updatedAt.toISOString(),
    };
  });
}

export async function setIndependentlyVerifiedAction(
  storyId: string,
  input: unknown,
): Promise<ActionResult<{ id: string; version: number; independentlyVerified: boolean }>> {
  return runAction(({ actor, ip }) => setIndependentlyVerified(actor, idSchema.parse(storyId), input, { ip }));
}

export async function setStoryEmbargoAction(
  storyId: string,
  input: unknown,
): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) => setStoryEmbargo(actor, idSchema.parse(storyId), input, { ip }));
}
