"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { scheduleStory } from "@/lib/services/scheduling";

const id = z.string().min(1).max(64);

/** Schedules (or re-schedules) a story for an instant given as an ISO string (the browser converts local time). */
export async function scheduleStoryAction(storyId: string, at: string): Promise<ActionResult<{ id: string; status: string }>> {
  return runAction(({ actor, ip }) => scheduleStory(actor, id.parse(storyId), { at: String(at).slice(0, 64) }, { ip }));
}
