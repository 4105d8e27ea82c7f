"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { applyAgencyMerge } from "@/lib/services/merge";

export async function applyAgencyMergeAction(
  storyId: string,
  input: unknown,
): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) => applyAgencyMerge(actor, z.string().min(1).max(64).parse(storyId), input, { ip }));
}
