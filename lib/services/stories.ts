import "server-only";
import { z } from "zod";
import { db, transaction, type Tx } from "@/lib/db/client";
import {
  getStoryForEdit,
  insertRevision,
  insertStory,
  slugTaken,
  updateStoryIfVersion,
  type StoryForEdit,
} from "@/lib/db/stories";
import { getWireVersion } from "@/lib/db/wire";
import { replaceStoryTags } from "@/lib/db/tags";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { AppError, notFound } from "@/lib/errors";
import { assertTransition, TRANSITIONS, type TransitionName } from "@/lib/workflow/story-status";
import { parseStoryDoc, type StoryDoc } from "@/lib/editor/doc-schema";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { docToPlainText } from "@/lib/editor/text";
import { slugify } from "@/lib/slug";
import type { Prisma } from "@/lib/db/types";
import { invalidatePublicStory } from "@/lib/public/invalidate";
import { audit } from "./audit";
import { anchorHintsSchema, reanchorStoryAnnotations } from "./annotations";
import { assertNoOtherLockHolder } from "./locks";
import { findOrCreateTag, tagInputSchema, type TagInput } from "./tags";
import { suggestAfterCommit } from "./suggestions";
import { recordCorrection } from "./corrections";
import { enqueueScheduledPublish, scheduleFieldsFor } from "./scheduling";
import { jobQueue } from "@/lib/jobs/queue";

type Ctx = { ip?: string | null; scheduledAt?: Date; correctionNote?: string };

/** Single-line text fields: no control or bidi-override characters, trimmed, bounded. */
const line = (max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .pipe(z.string().max(max));

export const storyContentSchema = z.object({
  headline: line(300).pipe(z.string().min(1, "A headline is required")),
  standfirst: line(1000),
  byline: line(200),
  datelinePlace: line(100),
  body: z.unknown().transform((v, ctx) => {
    try {
      return parseStoryDoc(v);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : "Invalid document" });
      return z.NEVER;
    }
  }),
  tags: z.array(tagInputSchema).max(100),
});

/** A save names the version it was based on; a stale save is refused with CONFLICT. */
// `anchors`: where the browser mapped each annotation to while editing (lib/services/annotations.ts).
export const saveStorySchema = storyContentSchema.extend({
  baseVersion: z.number().int().positive(),
  anchors: anchorHintsSchema.optional(),
});
export type SaveStoryInput = z.input<typeof saveStorySchema>;

export function snapshotOf(story: StoryForEdit): Prisma.InputJsonValue {
  return {
    slug: story.slug,
    status: story.status,
    headline: story.headline,
    standfirst: story.standfirst,
    byline: story.byline,
    datelinePlace: story.datelinePlace,
    credit: story.credit,
    body: story.body as Prisma.InputJsonValue,
    tags: story.tags.map(({ tag }) => ({ id: tag.id, kind: tag.kind, name: tag.name })),
    version: story.version,
  };
}

async function uniqueSlug(tx: Tx, headline: string, storyId?: string): Promise<string> {
  const base = slugify(headline);
  let slug = base;
  for (let n = 2; await slugTaken(tx, slug, storyId); n++) slug = `${base}-${n}`;
  return slug;
}

export async function loadOrThrow(tx: Tx, id: string): Promise<StoryForEdit> {
  const story = await getStoryForEdit(tx, id);
  if (!story) throw notFound("Story not found");
  return story;
}

/**
 * A full snapshot of the story as it now stands, as a revision. `current` skips re-reading
 * it when the caller already holds exactly what was written (a save's 5,000-word body is
 * worth not fetching twice).
 */
export async function writeRevision(
  tx: Tx,
  storyId: string,
  kind: Prisma.StoryRevisionCreateInput["kind"],
  actor: Actor | null,
  current?: StoryForEdit,
) {
  const story = current ?? (await loadOrThrow(tx, storyId));
  await insertRevision(tx, { storyId, kind, status: story.status, snapshot: snapshotOf(story), authorId: actor?.id ?? null });
  return story;
}

export async function getStoryForDesk(actor: Actor, id: string) {
  assertCan(actor, "desk.open");
  const story = await getStoryForEdit(db(), id);
  if (!story) throw notFound("Story not found");
  return story;
}

/** A new draft from the exact wire version the editor chose; the link to it is kept. */
export async function createStoryFromWire(actor: Actor | null, wireVersionId: string, ctx: Ctx = {}) {
  assertCan(actor, "story.create");
  return suggestAfterCommit(
    transaction(async (tx) => {
      const wire = await getWireVersion(tx, wireVersionId);
      if (!wire) throw notFound("Wire item not found");
      if (wire.item.state === "KILLED") throw new AppError("VALIDATION", "This wire item was killed by the agency");
      const headline = (wire.headline ?? wire.proposedHeadline ?? "Untitled").slice(0, 300);
      const body = htmlToStoryDoc(wire.bodyHtml);
      const { id } = await insertStory(tx, {
        slug: await uniqueSlug(tx, headline),
        headline,
        standfirst: wire.subheadline ?? "",
        byline: wire.byline ?? "",
        datelinePlace: wire.datelinePlace ?? "",
        datelineDate: wire.datelineDate,
        body: body as Prisma.InputJsonValue,
        bodyText: docToPlainText(body),
        credit: wire.credit ?? "",
        authorId: actor.id,
        wireVersionId: wire.id,
        embargoUntil: wire.embargoUntil,
      });
      if (wire.datelinePlace) {
        const place = await findOrCreateTag(tx, { kind: "PLACE", name: titleCasePlace(wire.datelinePlace) });
        await replaceStoryTags(tx, id, [place.id]);
      }
      await writeRevision(tx, id, "CREATE", actor);
      await audit(tx, {
        actorId: actor.id,
        action: "story.create",
        targetType: "story",
        targetId: id,
        ip: ctx.ip,
        meta: { wireVersionId },
      });
      return { id };
    }),
  );
}

/** A blank draft. */
export async function createBlankStory(actor: Actor | null, headline: string, ctx: Ctx = {}) {
  assertCan(actor, "story.create");
  const parsed = line(300).pipe(z.string().min(1, "A headline is required")).safeParse(headline);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid headline");
  return suggestAfterCommit(
    transaction(async (tx) => {
      const body: StoryDoc = { type: "doc", content: [{ type: "paragraph" }] };
      const { id } = await insertStory(tx, {
        slug: await uniqueSlug(tx, parsed.data),
        headline: parsed.data,
        body: body as Prisma.InputJsonValue,
        authorId: actor.id,
        byline: actor.name,
      });
      await writeRevision(tx, id, "CREATE", actor);
      await audit(tx, { actorId: actor.id, action: "story.create", targetType: "story", targetId: id, ip: ctx.ip });
      return { id };
    }),
  );
}

function titleCasePlace(place: string): string {
  return place === place.toUpperCase() ? place.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase()) : place;
}

/** True when `tags` names exactly the tags the story has (so saving them changes nothing). */
function sameTags(current: StoryForEdit["tags"], tags: readonly TagInput[]): boolean {
  if (current.length !== tags.length) return false;
  const have = new Set(current.map(({ tag }) => `${tag.kind}\u0000${tag.name}`));
  const ids = new Set(current.map(({ tag }) => tag.id));
  return tags.every((t) => (t.id ? ids.has(t.id) : have.has(`${t.kind}\u0000${t.name}`)));
}

export async function applyTags(tx: Tx, storyId: string, tags: TagInput[]) {
  const ids: string[] = [];
  for (const t of tags) ids.push((await findOrCreateTag(tx, t)).id);
  await replaceStoryTags(tx, storyId, [...new Set(ids)]);
}

/**
 * Saves text, metadata and tags, writing a revision in the same transaction. Only the
 * fields in the schema can change: status, author and publication times are not
 * accepted here (mass assignment is impossible by construction).
 */
export async function saveStory(actor: Actor | null, id: string, input: unknown, ctx: Ctx = {}) {
  assertCan(actor, "story.edit.own");
  const parsed = saveStorySchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid story", {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const data = parsed.data;
  return suggestAfterCommit(
    transaction(async (tx) => {
      const story = await loadOrThrow(tx, id);
      if (!canEditStory(actor, story)) throw new AppError("FORBIDDEN", "You may only edit your own stories");
      if (story.status === "KILLED") throw new AppError("INVALID_TRANSITION", "A killed story cannot be edited");
      if (story.status === "PUBLISHED") assertCan(actor, "story.publish");
      await assertNoOtherLockHolder(tx, actor, id);
      const live = story.status === "PUBLISHED";
      const ok = await updateStoryIfVersion(tx, id, data.baseVersion, {
        headline: data.headline,
        standfirst: data.standfirst,
        byline: data.byline,
        datelinePlace: data.datelinePlace,
        body: data.body as Prisma.InputJsonValue,
        bodyText: docToPlainText(data.body),
        // Saving a live story updates it in public, so it counts as an update.
        ...(live ? { publishedAt: new Date() } : {}),
      });
      if (!ok) {
        throw new AppError(
          "CONFLICT",
          "Someone else saved this story after you opened it. Your text was not saved; compare and merge.",
          {
            currentVersion: story.version,
          },
        );
      }
      // Most saves keep the tags: then neither the links nor the story need reading again.
      const tagsKept = sameTags(story.tags, data.tags);
      if (!tagsKept) await applyTags(tx, id, data.tags);
      await reanchorStoryAnnotations(tx, id, data.body, data.anchors);
      const written: StoryForEdit | undefined = tagsKept
        ? {
            ...story,
            headline: data.headline,
            standfirst: data.standfirst,
            byline: data.byline,
            datelinePlace: data.datelinePlace,
            body: data.body as StoryForEdit["body"],
            version: data.baseVersion + 1,
          }
        : undefined;
      const saved = await writeRevision(tx, id, live ? "PUBLISH" : "SAVE", actor, written);
      if (live) await invalidatePublicStory(tx, id);
      await audit(tx, {
        actorId: actor.id,
        action: "story.save",
        targetType: "story",
        targetId: id,
        ip: ctx.ip,
        meta: { version: saved.version },
      });
      return { id, version: saved.version };
    }),
  );
}

/**
 * Moves a story through the workflow. Each transition needs its own permission (see
 * lib/workflow/story-status.ts); reporters may submit only their own stories. Publishing
 * refuses embargoed stories whatever path it is called from.
 */
export async function transitionStory(actor: Actor | null, id: string, name: TransitionName, ctx: Ctx = {}) {
  assertCan(actor, TRANSITIONS[name].permission);
  // Scheduling enqueues a job in the transaction. The queue is started before it opens:
  // against the single-connection embedded database, starting it inside would wait for the
  // very connection the transaction holds (until the transaction times out).
  if (name === "schedule") await jobQueue();
  return transaction(async (tx) => {
    const story = await loadOrThrow(tx, id);
    if (!canEditStory(actor, story)) throw new AppError("FORBIDDEN", "You may only change your own stories");
    // Scheduling a story that is already scheduled moves its time (lib/services/scheduling.ts).
    const to = name === "schedule" && story.status === "SCHEDULED" ? "SCHEDULED" : assertTransition(story.status, name);
    const now = new Date();
    const data: Prisma.StoryUncheckedUpdateManyInput = { status: to, ...scheduleFieldsFor(name, story, ctx.scheduledAt, now) };
    if (to === "PUBLISHED") {
      if (story.embargoUntil && story.embargoUntil > now) {
        throw new AppError(
          "VALIDATION",
          `Embargoed until ${story.embargoUntil.toISOString()}; it cannot be published before then`,
        );
      }
      data.publishedAt = now;
      data.scheduledAt = null;
      if (!story.firstPublishedAt) {
        data.firstPublishedAt = now;
        // The public URL is fixed at first publication, from the final headline.
        data.slug = await uniqueSlug(tx, story.headline, story.id);
      }
    }
    if (to === "KILLED") data.killedAt = now;
    const ok = await updateStoryIfVersion(tx, id, story.version, data);
    if (!ok) throw new AppError("CONFLICT", "The story changed while you were doing this; reload and try again");
    await writeRevision(tx, id, to === "PUBLISHED" ? "PUBLISH" : "TRANSITION", actor);
    // "Update" with a correction note: the public note is written with the update, or not at all.
    if (name === "republish" && ctx.correctionNote) await recordCorrection(tx, actor, id, ctx.correctionNote, ctx);
    await invalidatePublicStory(tx, id);
    const action =
      to === "PUBLISHED"
        ? "story.publish"
        : to === "UNPUBLISHED"
          ? "story.unpublish"
          : to === "KILLED"
            ? "story.kill"
            : to === "SCHEDULED"
              ? "story.schedule"
              : "story.transition";
    const scheduledAt = data.scheduledAt instanceof Date ? data.scheduledAt.toISOString() : undefined;
    await audit(tx, {
      actorId: actor.id,
      action,
      targetType: "story",
      targetId: id,
      ip: ctx.ip,
      meta: { from: story.status, to, transition: name, ...(scheduledAt ? { scheduledAt } : {}) },
    });
    // The publish job is enqueued in this transaction: scheduled if and only if the job exists.
    if (to === "SCHEDULED" && scheduledAt) await enqueueScheduledPublish(tx, { storyId: id, scheduledAt, actorId: actor.id });
    return { id, status: to };
  });
}
