import "server-only";
import { afterCommit, transaction, type Tx } from "@/lib/db/client";
import { getStoryLock, lockStoryRow } from "@/lib/db/locks";
import { findPendingAutosave, getLatestRevision, updateRevisionSnapshot } from "@/lib/db/revisions";
import {
  getStoryForEdit,
  getStorySourceState,
  insertRevision,
  markStoriesFromWireItem,
  slugTaken,
  updateStoryIfVersion,
  type StoryForEdit,
} from "@/lib/db/stories";
import { getStoryPublicKeys } from "@/lib/db/public-changes";
import { addStoryTag, replaceStoryTags } from "@/lib/db/tags";
import type { Prisma } from "@/lib/db/types";
import { assertCan, can, type Actor, type Permission } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { docToPlainText } from "@/lib/editor/text";
import { AppError, lockedError, notFound, staleError } from "@/lib/errors";
import { invalidatePublic, publicKeysOf } from "@/lib/public/invalidate";
import { assertTransition, TRANSITIONS, type StoryStatus, type TransitionName } from "@/lib/workflow/story-status";
import { slugify } from "@/lib/slug";
import { audit, type AuditAction } from "./audit";
import { reanchorStoryAnnotations } from "./annotations";
import { recordCorrection } from "./corrections";
import { findOrCreateTag, type TagInput } from "./tags";
import { queueStorySuggestions } from "./suggestions";
import { enqueueScheduledPublish, scheduleFieldsFor } from "./schedule-rules";

/**
 * The one story write pipeline. Every change to an existing story — save, autosave,
 * restore, agency merge, append from the wire, tag-suggestion accept, workflow transitions
 * (including the scheduled publish job), "independently verified", and the agency's kill —
 * passes through `writeStory`, so each rule is written once, here:
 *
 *   authorize (permission + row rule) → row lock → edit lock → version check → plan
 *   → rules (killed story, live needs publish, approval, transition, embargo, killed source)
 *   → write → tags → revision → re-anchor notes → correction → audit
 *   → invalidate exactly what readers could see before and after → after-commit work.
 *
 * A path contributes only its `plan`: what it wants to change. It never writes the story row.
 * The only other writers of Story rows are `flagAgencyUpdate` below (a desk-only flag) and the
 * edit-lock columns (lib/db/locks.ts), neither of which changes what the story says or who
 * sees it.
 */

export type WritePath =
  "save" | "autosave" | "restore" | "merge" | "append" | "suggestion" | "transition" | "verify" | "embargo" | "agency-kill";

/** Fields a plan may change (never status, author or publication times: the pipeline owns those). */
export type StoryFields = Partial<{
  headline: string;
  standfirst: string;
  byline: string;
  datelinePlace: string;
  credit: string;
  wireVersionId: string;
  agencyUpdateAvailable: boolean;
  independentlyVerified: boolean;
}>;

export type StoryPlan = {
  fields?: StoryFields;
  /** The new body (validated); its plain text is derived and notes are re-anchored. */
  body?: StoryDoc;
  anchors?: readonly { id: string; from: number; to: number }[];
  /** Replace the story's tags, or add one (a suggestion). */
  tags?: { set: readonly TagInput[] } | { add: { tagId: string; source: "SUGGESTION" } };
  /** A workflow move; "agency-kill" is the `kill` transition made on the agency's word. */
  transition?: TransitionName;
  scheduledAt?: Date;
  correctionNote?: string;
  /** The embargo of copy this write brings in (an appended wire version): moves the story's later, never earlier. */
  embargoUntil?: Date | null;
  /** An editor sets, moves or lifts (null) the story's embargo exactly. */
  setEmbargo?: { until: Date | null };
  /** An autosave: the working copy, stored as the person's AUTOSAVE revision; the story row is untouched. */
  autosave?: Prisma.InputJsonValue;
  /** Nothing to do (e.g. an agency kill of a story that is independently verified). */
  skip?: boolean;
  revision?: "SAVE" | "RESTORE" | "TRANSITION";
  audit: { action: AuditAction; meta?: Record<string, unknown> };
};

export type StoryWrite = {
  path: WritePath;
  storyId: string;
  /** The person writing; null for the agency's own writes (then `system` is set). */
  actor: Actor | null;
  /** Writes made on the agency's word (a kill): no person's permission or lock applies. */
  system?: { auditActorId: string | null; reason: string };
  /** For path "transition": which one (its permission is checked before any row is read). */
  transition?: TransitionName;
  /** The version the writer's copy is based on; a different current version is a stale write. */
  baseVersion?: number;
  ip?: string | null;
  plan: (tx: Tx, story: StoryForEdit) => Promise<StoryPlan> | StoryPlan;
};

export type StoryWriteResult = {
  id: string;
  version: number;
  previousVersion: number;
  status: StoryStatus;
  /** True when a save by someone without publish rights sent an approved story back to review. */
  sentBackToReview: boolean;
  revision: number | null;
  skipped: boolean;
};

/** The permission each path needs, before any row is read. */
function permissionFor(path: WritePath, transition?: TransitionName): Permission {
  switch (path) {
    case "suggestion":
      return "tag.apply";
    case "verify":
    case "embargo":
      return "story.publish";
    case "transition":
      return TRANSITIONS[transition!].permission;
    default:
      return "story.edit.own";
  }
}

const TEXT_FIELDS = ["headline", "standfirst", "byline", "datelinePlace", "credit"] as const;
const CONTENT_PATHS: ReadonlySet<WritePath> = new Set(["save", "autosave", "restore", "merge", "append", "suggestion"]);
/** Statuses an editor has signed off: a change by someone who cannot publish needs a new review. */
const APPROVED: ReadonlySet<StoryStatus> = new Set(["READY", "SCHEDULED"]);

/** A free slug for a headline ("-2", "-3" … on collision), ignoring `storyId`'s own. */
export async function uniqueSlug(tx: Tx, headline: string, storyId?: string): Promise<string> {
  const base = slugify(headline);
  let slug = base;
  for (let n = 2; await slugTaken(tx, slug, storyId); n++) slug = `${base}-${n}`;
  return slug;
}

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

async function resolveTagIds(tx: Tx, tags: readonly TagInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (const t of tags) ids.push((await findOrCreateTag(tx, t)).id);
  return [...new Set(ids)];
}

/** Runs one story write in its own transaction. */
export async function writeStory(write: StoryWrite): Promise<StoryWriteResult> {
  authorize(write);
  return transaction((tx) => writeStoryIn(tx, write));
}

function authorize(write: StoryWrite) {
  if (write.system) return;
  if (write.path === "transition" && !write.transition) throw new Error("a transition write names its transition");
  assertCan(write.actor, permissionFor(write.path, write.transition));
}

/** Runs one story write inside a transaction the caller already holds (wire import's kill). */
export async function writeStoryIn(tx: Tx, write: StoryWrite): Promise<StoryWriteResult> {
  const { actor, system, storyId } = write;
  authorize(write);
  // 1. Row lock: concurrent writes to one story take turns; everything below sees one state.
  await lockStoryRow(tx, storyId);
  const story = await getStoryForEdit(tx, storyId);
  if (!story) throw notFound("Story not found");
  const person = system ? null : actor!;
  const content = CONTENT_PATHS.has(write.path);

  // 2. Row rule: reporters change only their own stories.
  if (person && !canEditStory(person, story)) {
    throw new AppError("FORBIDDEN", "You may only change your own stories", { permission: "story.edit.any" });
  }
  // 3. A killed story is final.
  if (content && story.status === "KILLED") throw new AppError("INVALID_TRANSITION", "A killed story cannot be edited");
  // 4. Changing what readers see now needs publish rights.
  if (person && content && story.status === "PUBLISHED") assertCan(person, "story.publish");
  // 5. Someone else's live edit lock.
  if (person && content) {
    const lock = await getStoryLock(tx, storyId);
    if (lock?.holderId && lock.holderId !== person.id && lock.expiresAt && lock.expiresAt > new Date()) {
      throw lockedError({ id: lock.holderId, name: lock.holderName ?? "Someone else" }, lock.expiresAt);
    }
  }
  // 6. Stale copy.
  if (write.baseVersion !== undefined && write.baseVersion !== story.version) throw staleError(story.version);

  const plan = await write.plan(tx, story);
  const base = { id: storyId, previousVersion: story.version, sentBackToReview: false };
  if (plan.skip) return { ...base, version: story.version, status: story.status, revision: null, skipped: true };

  const transition = write.transition ?? plan.transition;

  // Autosave: the same rules, then the person's working copy; the story row is untouched.
  if (plan.autosave !== undefined) {
    const rev = await upsertAutosave(tx, story, person!, plan.autosave, write.baseVersion ?? story.version);
    return { ...base, version: story.version, status: story.status, revision: rev, skipped: false };
  }

  const now = new Date();
  const data: Prisma.StoryUncheckedUpdateManyInput = { ...plan.fields };
  if (plan.body) {
    data.body = plan.body as Prisma.InputJsonValue;
    data.bodyText = docToPlainText(plan.body);
  }
  // Text readers see (flags such as "independently verified" are not text).
  const changesContent =
    plan.body !== undefined || plan.tags !== undefined || TEXT_FIELDS.some((f) => plan.fields?.[f] !== undefined);

  // 7. Status: a transition from the table, or the approval rule for content changes.
  let to: StoryStatus = story.status;
  let sentBackToReview = false;
  if (transition) {
    const name = transition;
    to = name === "schedule" && story.status === "SCHEDULED" ? "SCHEDULED" : assertTransition(story.status, name);
    Object.assign(data, scheduleFieldsFor(name, story, plan.scheduledAt, now));
    if (to === "KILLED") {
      data.killedAt = now;
      data.scheduledAt = null;
    }
    if (to === "UNPUBLISHED") data.scheduledAt = null;
  } else if (changesContent && person && APPROVED.has(story.status) && !can(person, "story.publish")) {
    // An editor signed off (READY) or scheduled this text: a change by someone who cannot
    // publish goes back to review, and the scheduled job finds nothing to publish.
    to = "IN_REVIEW";
    data.scheduledAt = null;
    sentBackToReview = true;
  }
  if (to !== story.status) data.status = to;

  // 8. The embargo: an editor's exact setting, or copy this write brings in (later, never earlier).
  let embargo = story.embargoUntil;
  if (plan.setEmbargo) {
    embargo = plan.setEmbargo.until;
    data.embargoUntil = embargo;
    if (embargo && embargo > now && story.status === "PUBLISHED") {
      throw new AppError("VALIDATION", "This story is live: unpublish it before putting it under embargo", {
        reason: "live",
      });
    }
  }
  if (plan.embargoUntil && (!embargo || plan.embargoUntil > embargo)) {
    embargo = plan.embargoUntil;
    data.embargoUntil = embargo;
  }
  // 9. Publication gate: whatever makes or keeps text public checks embargo and source.
  const goesPublic = to === "PUBLISHED" && (story.status !== "PUBLISHED" || changesContent || transition === "republish");
  if (goesPublic) {
    if (embargo && embargo > now) {
      throw new AppError("VALIDATION", `Embargoed until ${embargo.toISOString()}; it cannot be published before then`, {
        reason: "embargoed",
        embargoUntil: embargo.toISOString(),
      });
    }
    const verified = plan.fields?.independentlyVerified ?? story.independentlyVerified;
    const source = await getStorySourceState(tx, storyId);
    if (source?.held && !source.killed) {
      throw new AppError(
        "VALIDATION",
        "The agency is holding the copy this story was made from (withheld); wait for its release",
        {
          reason: "source-held",
        },
      );
    }
    if (source?.killed && !verified) {
      throw new AppError(
        "VALIDATION",
        "The agency killed the copy this story was made from; it can be published only once an editor marks it independently verified",
        { reason: "source-killed" },
      );
    }
    data.publishedAt = now;
    if (story.status !== "PUBLISHED") {
      data.scheduledAt = null;
      if (!story.firstPublishedAt) {
        data.firstPublishedAt = now;
        // The public URL is fixed at first publication, from the final headline.
        data.slug = await uniqueSlug(tx, (plan.fields?.headline ?? story.headline) || story.headline, story.id);
      }
    }
  } else if (plan.fields?.independentlyVerified === false && story.status === "PUBLISHED") {
    const source = await getStorySourceState(tx, storyId);
    if (source?.killed) {
      throw new AppError(
        "VALIDATION",
        "The agency killed this story's source; unpublish or kill it before withdrawing verification",
      );
    }
  }

  // 10. What readers could see before the write.
  const before = await getStoryPublicKeys(tx, storyId);

  // 11. Write, with the optimistic version check (the row lock makes it a formality).
  if (!(await updateStoryIfVersion(tx, storyId, story.version, data))) throw staleError(story.version);

  if (plan.tags && "set" in plan.tags) await replaceStoryTags(tx, storyId, await resolveTagIds(tx, plan.tags.set));
  else if (plan.tags && "add" in plan.tags) await addStoryTag(tx, storyId, plan.tags.add.tagId, plan.tags.add.source);

  const written = (await getStoryForEdit(tx, storyId))!;
  const kind = to === "PUBLISHED" && goesPublic ? "PUBLISH" : (plan.revision ?? (transition ? "TRANSITION" : "SAVE"));
  const rev = await insertRevision(tx, {
    storyId,
    kind,
    status: written.status,
    snapshot: system ? { ...(snapshotOf(written) as object), reason: system.reason } : snapshotOf(written),
    authorId: person?.id ?? null,
  });
  if (plan.body) await reanchorStoryAnnotations(tx, storyId, plan.body, plan.anchors ?? []);
  if (transition === "republish" && plan.correctionNote && person)
    await recordCorrection(tx, person, storyId, plan.correctionNote, { ip: write.ip });

  const auditActorId = system ? system.auditActorId : person!.id;
  await audit(tx, {
    actorId: auditActorId,
    action: plan.audit.action,
    targetType: "story",
    targetId: storyId,
    ip: write.ip,
    meta: {
      path: write.path,
      version: written.version,
      ...(to !== story.status ? { from: story.status, to } : {}),
      ...(sentBackToReview ? { sentBackToReview: true } : {}),
      ...(system ? { reason: system.reason } : {}),
      ...plan.audit.meta,
    },
  });

  // 12. Exactly what readers could see, before and after: old and new slugs, tags, author, lists.
  const after = await getStoryPublicKeys(tx, storyId);
  const keys = [...publicKeysOf(before), ...publicKeysOf(after)];
  await invalidatePublic(tx, keys);

  // 13. The publish job is enqueued in this transaction: scheduled if and only if the job exists.
  if (to === "SCHEDULED" && data.scheduledAt instanceof Date && person) {
    await enqueueScheduledPublish(tx, { storyId, scheduledAt: data.scheduledAt.toISOString(), actorId: person.id });
  }
  // 14. After commit: new text gets new tag suggestions.
  if (plan.body !== undefined || plan.fields?.headline !== undefined) afterCommit(tx, () => void queueStorySuggestions(storyId));

  return { ...base, version: written.version, status: written.status, revision: rev.number, skipped: false, sentBackToReview };
}

async function upsertAutosave(
  tx: Tx,
  story: StoryForEdit,
  person: Actor,
  snapshot: Prisma.InputJsonValue,
  baseVersion: number,
): Promise<number> {
  const full = { ...(snapshot as object), status: story.status, version: story.version, baseVersion } as Prisma.InputJsonValue;
  const pending = await findPendingAutosave(tx, story.id, person.id);
  const latest = await getLatestRevision(tx, story.id);
  const sameBase = pending && (pending.snapshot as { baseVersion?: number } | null)?.baseVersion === baseVersion;
  const rev =
    pending && sameBase && latest?.id === pending.id
      ? await updateRevisionSnapshot(tx, pending.id, full)
      : await insertRevision(tx, {
          storyId: story.id,
          kind: "AUTOSAVE",
          status: story.status,
          snapshot: full,
          authorId: person.id,
        });
  return rev.number;
}

/**
 * The desk-only "the agency sent an update" flag on every story made from a wire item. It
 * changes nothing readers see and no text, so it neither bumps the version (an editor's
 * open copy stays current) nor writes a revision.
 */
export async function flagAgencyUpdate(tx: Tx, wireItemId: string): Promise<void> {
  await markStoriesFromWireItem(tx, wireItemId, { agencyUpdateAvailable: true });
}
