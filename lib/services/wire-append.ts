import "server-only";
import { z } from "zod";
import { findStoriesForAppend } from "@/lib/db/desk-lists";
import { getWireVersion } from "@/lib/db/wire";
import { getWireItemState } from "@/lib/db/stories";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { parseStoryDoc, type StoryDoc } from "@/lib/editor/doc-schema";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { AppError, notFound } from "@/lib/errors";
import { writeStory } from "./story-write";
import { idSchema } from "@/lib/validation/ids";

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
  const versionId = idSchema.parse(wireVersionId);
  const r = await writeStory({
    path: "append",
    storyId: idSchema.parse(storyId),
    actor,
    ip: ctx.ip,
    plan: async (tx, story) => {
      const wire = await getWireVersion(tx, versionId);
      if (!wire) throw notFound("Wire item not found");
      if (wire.item.state === "KILLED") throw new AppError("VALIDATION", "This wire item was killed by the agency");
      if ((await getWireItemState(tx, wire.item.id)).held)
        throw new AppError("VALIDATION", "The agency is holding this item (withheld); wait for its release", {
          reason: "source-held",
        });
      const current = parseStoryDoc(story.body);
      const added = htmlToStoryDoc(wire.bodyHtml);
      const body: StoryDoc = parseStoryDoc({
        type: "doc",
        content: [...(current.content ?? []), { type: "horizontalRule" }, ...(added.content ?? [])],
      });
      return {
        body,
        fields: story.wireVersionId ? {} : { wireVersionId: wire.id },
        // The appended copy's embargo binds the story (a live story refuses it until then).
        embargoUntil: wire.embargoUntil,
        audit: { action: "story.append_wire", meta: { wireVersionId: wire.id, wireItemId: wire.item.id } },
      };
    },
  });
  return { id: r.id, version: r.version, status: r.status, sentBackToReview: r.sentBackToReview };
}
