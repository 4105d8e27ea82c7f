"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/action";
import { appendWireToStory, listAppendTargets } from "@/lib/services/wire-append";
import { idSchema } from "@/lib/validation/ids";

export async function listAppendTargetsAction(q: string) {
  return runAction(({ actor }) => listAppendTargets(actor, String(q ?? "")));
}

export async function appendWireToStoryAction(
  storyId: string,
  wireVersionId: string,
): Promise<ActionResult<{ id: string; version: number }>> {
  const result = await runAction(({ actor, ip }) =>
    appendWireToStory(actor, idSchema.parse(storyId), idSchema.parse(wireVersionId), { ip }),
  );
  if (result.ok) redirect(`/desk/stories/${result.data.id}`);
  return result;
}
