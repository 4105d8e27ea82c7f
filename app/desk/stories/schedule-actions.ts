"use server";

import { runAction, type ActionResult } from "@/lib/action";
import { scheduleStory } from "@/lib/services/scheduling";
import { idSchema } from "@/lib/validation/ids";

/** Schedules (or re-schedules) a story for an instant given as an ISO string (the browser converts local time). */
export async function scheduleStoryAction(storyId: string, at: string): Promise<ActionResult<{ id: string; status: string }>> {
  return runAction(({ actor, ip }) => scheduleStory(actor, idSchema.parse(storyId), { at: String(at).slice(0, 64) }, { ip }));
}
