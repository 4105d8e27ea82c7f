"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { createBlankStory, createStoryFromWire, saveStory, transitionStory } from "@/lib/services/stories";
import { isTransitionName } from "@/lib/workflow/story-status";

const id = z.string().min(1).max(64);

export async function createStoryFromWireAction(wireVersionId: string): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => createStoryFromWire(actor, id.parse(wireVersionId), { ip }));
  if (result.ok) redirect(`/desk/stories/${result.data.id}`);
  return result;
}

export async function createBlankStoryAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => createBlankStory(actor, String(form.get("headline") ?? ""), { ip }));
  if (result.ok) redirect(`/desk/stories/${result.data.id}`);
  return result;
}

export async function saveStoryAction(storyId: string, input: unknown): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) => saveStory(actor, id.parse(storyId), input, { ip }));
}

export async function transitionStoryAction(storyId: string, transition: string): Promise<ActionResult<{ id: string; status: string }>> {
  return runAction(({ actor, ip }) => {
    if (!isTransitionName(transition)) throw new AppError("VALIDATION", "Unknown workflow step");
    return transitionStory(actor, id.parse(storyId), transition, { ip });
  });
}

/** "Update" a published story, optionally with a public correction note (written in the same transaction). */
export async function republishStoryAction(storyId: string, correctionNote: string): Promise<ActionResult<{ id: string; status: string }>> {
  return runAction(({ actor, ip }) => transitionStory(actor, id.parse(storyId), "republish", { ip, correctionNote: String(correctionNote ?? "").slice(0, 4000) }));
}
