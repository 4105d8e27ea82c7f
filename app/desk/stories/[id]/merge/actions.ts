"use server";

import { runAction, type ActionResult } from "@/lib/action";
import { applyAgencyMerge } from "@/lib/services/merge";
import { idSchema } from "@/lib/validation/ids";

export async function applyAgencyMergeAction(
  storyId: string,
  input: unknown,
): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) => applyAgencyMerge(actor, idSchema.parse(storyId), input, { ip }));
}
