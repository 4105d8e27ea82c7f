import "server-only";
import { z } from "zod";
import { db, transaction, type Tx } from "@/lib/db/client";
import { getStoryForEdit, getWireItemState, insertRevision, insertStory, type StoryForEdit } from "@/lib/db/stories";
import { getWireVersion } from "@/lib/db/wire";
import { replaceStoryTags } from "@/lib/db/tags";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { TRANSITIONS, type TransitionName } from "@/lib/workflow/story-status";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { docToPlainText } from "@/lib/editor/text";
import type { Prisma } from "@/lib/db/types";
import { audit, type AuditAction } from "./audit";
import { embargoSchema, headlineSchema, saveStorySchema, verifySchema } from "@/lib/validation/story";
import { findOrCreateTag } from "./tags";
import { suggestAfterCommit } from "./suggestions";
import { snapshotOf, uniqueSlug, writeStory } from "./story-write";
import { jobQueue } from "@/lib/jobs/queue";

type Ctx = { ip?: string | null; scheduledAt?: Date; correctionNote?: string };

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
      if ((await getWireItemState(tx, wire.item.id)).held)
        throw new AppError("VALIDATION", "The agency is holding this item (withheld); wait for its release", {
          reason: "source-held",
        });
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
  const parsed = headlineSchema.safeParse(headline);
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

/**
 * Saves text, metadata and tags, writing a revision in the same transaction. Only the
 * fields in the schema can change: status, author and publication times are not
 * accepted here (mass assignment is impossible by construction).
 */
export async function saveStory(actor: Actor | null, id: string, input: unknown, ctx: Ctx = {}) {
  assertCan(actor, "story.edit.own");
  const data = parseInput(saveStorySchema, input, "Invalid story");
  const r = await writeStory({
    path: "save",
    storyId: id,
    actor,
    baseVersion: data.baseVersion,
    ip: ctx.ip,
    plan: () => ({
      fields: {
        headline: data.headline,
        standfirst: data.standfirst,
        byline: data.byline,
        datelinePlace: data.datelinePlace,
      },
      body: data.body,
      anchors: data.anchors,
      tags: { set: data.tags },
      audit: { action: "story.save" },
    }),
  });
  return { id, version: r.version, status: r.status, sentBackToReview: r.sentBackToReview };
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
  const r = await writeStory({
    path: "transition",
    transition: name,
    storyId: id,
    actor,
    ip: ctx.ip,
    plan: (_tx, story) => {
      const to = name === "schedule" && story.status === "SCHEDULED" ? "SCHEDULED" : TRANSITIONS[name].to;
      return {
        scheduledAt: ctx.scheduledAt,
        correctionNote: ctx.correctionNote,
        audit: { action: TRANSITION_AUDIT[to] ?? "story.transition", meta: { transition: name, ...scheduleMeta(ctx) } },
      };
    },
  });
  return { id, status: r.status };
}

const TRANSITION_AUDIT: Partial<Record<string, AuditAction>> = {
  PUBLISHED: "story.publish",
  UNPUBLISHED: "story.unpublish",
  KILLED: "story.kill",
  SCHEDULED: "story.schedule",
};

function scheduleMeta(ctx: Ctx) {
  return ctx.scheduledAt ? { scheduledAt: ctx.scheduledAt.toISOString() } : {};
}

/**
 * "Independently verified": an editor confirms the story stands on the newsroom's own
 * reporting, so an agency kill of its source does not take it down (and it may be published
 * although the source was killed).
 */
export async function setIndependentlyVerified(
  actor: Actor | null,
  id: string,
  input: unknown,
  ctx: Ctx = {},
): Promise<{ id: string; version: number; independentlyVerified: boolean }> {
  assertCan(actor, "story.publish");
  const data = parseInput(verifySchema, input, "Invalid request");
  const r = await writeStory({
    path: "verify",
    storyId: id,
    actor,
    baseVersion: data.baseVersion,
    ip: ctx.ip,
    plan: () => ({
      fields: { independentlyVerified: data.verified },
      audit: { action: "story.verify", meta: { independentlyVerified: data.verified } },
    }),
  });
  return { id, version: r.version, independentlyVerified: data.verified };
}

/**
 * An editor sets, moves or lifts a story's embargo. Lifting it (or bringing it earlier) needs
 * a reason, which the audit row keeps. A scheduled story whose embargo moves past its time
 * waits for the embargo (the publish job defers); a live story cannot be put under embargo.
 */
export async function setStoryEmbargo(actor: Actor | null, id: string, input: unknown, ctx: Ctx = {}) {
  assertCan(actor, "story.publish");
  const data = parseInput(embargoSchema, input, "Invalid embargo");
  const r = await writeStory({
    path: "embargo",
    storyId: id,
    actor,
    baseVersion: data.baseVersion,
    ip: ctx.ip,
    plan: (_tx, story) => {
      const until = data.until ?? null;
      const lifting = story.embargoUntil !== null && (until === null || until < story.embargoUntil);
      if (lifting && !data.reason) {
        throw new AppError("VALIDATION", "Say why the embargo is lifted or brought forward", {
          fieldErrors: { reason: ["A reason is required to lift an embargo"] },
        });
      }
      return {
        setEmbargo: { until },
        audit: {
          action: "story.embargo",
          meta: {
            from: story.embargoUntil?.toISOString() ?? null,
            until: until?.toISOString() ?? null,
            ...(lifting ? { lifted: true, reason: data.reason } : {}),
          },
        },
      };
    },
  });
  return { id, version: r.version };
}

/** zod at the boundary: a failed parse is VALIDATION with its field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, fallback: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? fallback, {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  return parsed.data;
}
