import "server-only";
import { db } from "@/lib/db/client";
import { findSuggestion, setSuggestionStatus } from "@/lib/db/tags";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { writeStory } from "./story-write";
import { findMediaTopicTag, findOrCreateTag } from "./tags";
import { idSchema } from "@/lib/validation/ids";

/**
 * Accepting applies the tag (source SUGGESTION) through the story-write pipeline, so a
 * tag on a live story reaches its public pages at once, a reporter cannot re-tag an approved
 * or live story behind the editors' backs, and the history shows it. The result names the
 * versions before and after, so an open editor based on the older one can follow.
 */
export async function acceptSuggestion(actor: Actor | null, suggestionId: string, ctx: { ip?: string | null } = {}) {
  assertCan(actor, "tag.apply");
  const id = idSchema.parse(suggestionId);
  const found = await findSuggestion(db(), id);
  if (!found) throw notFound("Suggestion not found");
  let applied: Pick<Awaited<ReturnType<typeof findOrCreateTag>>, "id" | "kind" | "name"> | null = null;
  const r = await writeStory({
    path: "suggestion",
    storyId: found.storyId,
    actor,
    ip: ctx.ip,
    plan: async (tx) => {
      const s = await findSuggestion(tx, id);
      if (!s) throw notFound("Suggestion not found");
      if (s.status !== "PENDING") throw new AppError("CONFLICT", `This suggestion was already ${s.status.toLowerCase()}`);
      const tag =
        s.kind === "MEDIA_TOPIC" && s.code
          ? await findMediaTopicTag(tx, s.code)
          : await findOrCreateTag(tx, { kind: s.kind, name: s.name });
      if (!tag) throw new AppError("VALIDATION", "That Media Topic is not in the vocabulary");
      await setSuggestionStatus(tx, s.id, "ACCEPTED");
      applied = { id: tag.id, kind: tag.kind, name: tag.name };
      return {
        tags: { add: { tagId: tag.id, source: "SUGGESTION" } },
        audit: { action: "tag.suggestion.accept", meta: { tagId: tag.id, key: s.key } },
      };
    },
  });
  return { tag: applied!, version: r.version, previousVersion: r.previousVersion, status: r.status };
}
