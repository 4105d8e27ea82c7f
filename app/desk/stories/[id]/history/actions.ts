"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { restoreRevision } from "@/lib/services/revisions";

export async function restoreRevisionAction(
  storyId: string,
  number: number,
  baseVersion: number,
): Promise<ActionResult<{ id: string; version: number }>> {
  return runAction(({ actor, ip }) =>
    restoreRevision(
      actor,
      z.string().min(1).max(64).parse(storyId),
      z.number().int().positive().parse(number),
      z.number().int().positive().parse(baseVersion),
      { ip },
    ),
  );
}
