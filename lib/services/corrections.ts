import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { insertCorrection, listCorrections } from "@/lib/db/corrections";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { audit } from "./audit";
import { idSchema } from "@/lib/validation/ids";

/**
 * A public correction note: plain text (the public page escapes it), one paragraph,
 * no control or bidi-override characters. Empty means "an update without a correction".
 */
export const correctionNoteSchema = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  )
  .pipe(z.string().max(2000, "A correction note is at most 2,000 characters"));

/**
 * Records a correction with its time, inside the republishing transaction (so a failed
 * republish leaves no orphan note, and a correction never appears without the update).
 */
export async function recordCorrection(tx: Tx, actor: Actor, storyId: string, note: string, ctx: { ip?: string | null } = {}) {
  assertCan(actor, "story.publish");
  const parsed = correctionNoteSchema.safeParse(note);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid correction note");
  if (!parsed.data) return null;
  const row = await insertCorrection(tx, { storyId, note: parsed.data, authorId: actor.id });
  await audit(tx, {
    actorId: actor.id,
    action: "story.correction",
    targetType: "story",
    targetId: storyId,
    ip: ctx.ip,
    meta: { correctionId: row.id },
  });
  return row;
}

export async function listStoryCorrections(actor: Actor | null, storyId: string) {
  assertCan(actor, "desk.open");
  return listCorrections(idSchema.parse(storyId));
}
