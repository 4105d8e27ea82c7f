import "server-only";
import { z } from "zod";
import { transaction } from "@/lib/db/client";
import { findStoriesForAppend } from "@/lib/db/desk-lists";
import { updateStoryIfVersion } from "@/lib/db/stories";
import type { Prisma } from "@/lib/db/types";
import { getWireVersion } from "@/lib/db/wire";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { parseStoryDoc, type StoryDoc } from "@/lib/editor/doc-schema";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { docToPlainText } from "@/lib/editor/text";
import { AppError, notFound } from "@/lib/errors";
import { invalidatePublicStory } from "@/lib/public/invalidate";
import { audit } from "./audit";
import { loadOrThrow, writeRevision } from "./stories";
import { suggestAfterCommit } from "./suggestions";

const id = z.string().min(1).max(64);

/** Stories the actor could append wire copy to (the picker on the wire item page). */
export async function listAppendTargets(actor: Actor | null, q: string) {
  assertCan(actor, "story.edit.own");
  const term = z.string().max(200).catch("").parse(q).trim();
  const rows = await findStoriesForAppend(term, 30);
  return rows.filter((s) => canEditStory(actor, s)).map(({ id: sid, headline, status }) => ({ id: sid, headline, status }));
}

/**
 * "Add to an existing story": appends a wire version's text to the end of a story, as a new
 * revision in one transaction (optimistic version check, audit row naming the wire version).
 * A story made from no wire copy takes this version as its source link; otherwise the link to
 * the version it was made from stays, and the audit row records the appended one.
 */
export async function appendWireToStory(
  actor: Actor | null,
  storyId: string,
  wireVersionId: string,
  ctx: { ip?: string | null } = {},
) {
  assertCan(actor, "story.edit.own");
  return suggestAfterCommit(
    transaction(async (tx) => {
      const wire = await getWireVersion(tx, id.parse(wireVersionId));
      if (!wire) throw notFound("Wire item not found");
      if (wire.item.state === "KILLED") throw new AppError("VALIDATION", "This wire item was killed by the agency");
      const story = await loadOrThrow(tx, id.parse(storyId));
      if (!canEditStory(actor, story)) throw new AppError("FORBIDDEN", "You may only add to stories you can edit");
      if (story.status === "KILLED") throw new AppError("INVALID_TRANSITION", "A killed story cannot be edited");
      if (story.status === "PUBLISHED") assertCan(actor, "story.publish");
      const current = parseStoryDoc(story.body);
      const added = htmlToStoryDoc(wire.bodyHtml);
      const body: StoryDoc = parseStoryDoc({
        type: "doc",
        content: [...(current.content ?? []), { type: "horizontalRule" }, ...(added.content ?? [])],
      });
      const live = story.status === "PUBLISHED";
      const ok = await updateStoryIfVersion(tx, story.id, story.version, {
        body: body as Prisma.InputJsonValue,
        bodyText: docToPlainText(body),
        ...(story.wireVersionId ? {} : { wireVersionId: wire.id }),
        ...(live ? { publishedAt: new Date() } : {}),
      });
      if (!ok) throw new AppError("CONFLICT", "The story changed while you were doing this; reload and try again");
      const saved = await writeRevision(tx, story.id, live ? "PUBLISH" : "SAVE", actor);
      if (live) await invalidatePublicStory(tx, story.id);
      await audit(tx, {
        actorId: actor.id,
        action: "story.append_wire",
        targetType: "story",
        targetId: story.id,
        ip: ctx.ip,
        meta: { wireVersionId: wire.id, wireItemId: wire.item.id, version: saved.version },
      });
      return { id: story.id, version: saved.version };
    }),
  );
}
