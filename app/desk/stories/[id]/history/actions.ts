"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { restoreRevision } from "@/lib/services/revisions";
import { idSchema } from "@/lib/validation/ids";

export async function restoreRevisionAction(
  storyId: string,
  number: number,
  baseVersion: number,
): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) =>
    restoreRevision(
      actor,
      idSchema.parse(storyId),
      z.number().int().positive().parse(number),
      z.number().int().positive().parse(baseVersion),
      { ip },
    ),
  );
}
