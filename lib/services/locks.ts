import "server-only";
import { db, transaction, type Tx } from "@/lib/db/client";
import {
  forceStoryLock,
  getStoryForLock,
  getStoryLock,
  lockStoryRow,
  releaseStoryLock,
  tryAcquireStoryLock,
} from "@/lib/db/locks";
import { findPendingAutosave } from "@/lib/db/revisions";
import { insertRevision } from "@/lib/db/stories";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/db/types";
import { audit } from "./audit";

/**
 * The edit lock: whoever has the story open for editing renews it with a heartbeat; it
 * expires by itself when the heartbeat stops (closed tab, lost network), so nobody is
 * locked out for more than LOCK_TTL_MS. An editor may take it over; the previous holder's
 * newest autosave is kept as a TAKEOVER revision so their unsaved words are not lost.
 */
export const LOCK_TTL_MS = 2 * 60_000;

export type LockView = { heldByMe: boolean; holder: { id: string; name: string } | null; expiresAt: string | null };

function view(
  actor: Actor,
  holderId: string | null,
  holderName: string | null,
  expiresAt: Date | null,
  now = new Date(),
): LockView {
  const live = holderId && expiresAt && expiresAt > now;
  if (!live) return { heldByMe: false, holder: null, expiresAt: null };
  return {
    heldByMe: holderId === actor.id,
    holder: { id: holderId, name: holderName ?? "someone" },
    expiresAt: expiresAt.toISOString(),
  };
}

async function storyForLock(tx: Tx, actor: Actor, storyId: string) {
  const story = await getStoryForLock(tx, storyId);
  if (!story) throw notFound("Story not found");
  if (!canEditStory(actor, story)) throw new AppError("FORBIDDEN", "You may only edit your own stories");
  return story;
}

export async function getStoryLockView(actor: Actor, storyId: string): Promise<LockView> {
  const lock = await getStoryLock(db(), storyId);
  if (!lock) throw notFound("Story not found");
  return view(actor, lock.holderId, lock.holderName, lock.expiresAt);
}

/** Takes the lock when free or expired, renews it when ours (the heartbeat); otherwise reports the holder. */
export async function acquireStoryLock(actor: Actor | null, storyId: string): Promise<LockView> {
  assertCan(actor, "story.edit.own");
  return transaction(async (tx) => {
    await storyForLock(tx, actor, storyId);
    await tryAcquireStoryLock(tx, storyId, actor.id, new Date(Date.now() + LOCK_TTL_MS));
    const lock = (await getStoryLock(tx, storyId))!;
    return view(actor, lock.holderId, lock.holderName, lock.expiresAt);
  });
}

export async function releaseLock(actor: Actor | null, storyId: string): Promise<void> {
  assertCan(actor, "story.edit.own");
  await releaseStoryLock(db(), storyId, actor.id);
}

/**
 * Another editor takes the lock. In one transaction: the previous holder's newest
 * autosave (newer than every real save) becomes a TAKEOVER revision, the lock moves and
 * the audit row is written.
 */
export async function takeOverStoryLock(actor: Actor | null, storyId: string, ctx: { ip?: string | null } = {}) {
  assertCan(actor, "story.lock.takeover");
  return transaction(async (tx) => {
    const story = await storyForLock(tx, actor, storyId);
    await lockStoryRow(tx, storyId);
    const lock = (await getStoryLock(tx, storyId))!;
    const previous = lock.holderId && lock.holderId !== actor.id ? lock.holderId : null;
    let keptRevision: number | null = null;
    if (previous) {
      const autosave = await findPendingAutosave(tx, storyId, previous);
      if (autosave) {
        const rev = await insertRevision(tx, {
          storyId,
          kind: "TAKEOVER",
          status: story.status,
          snapshot: autosave.snapshot as Prisma.InputJsonValue,
          authorId: previous,
        });
        keptRevision = rev.number;
      }
    }
    await forceStoryLock(tx, storyId, actor.id, new Date(Date.now() + LOCK_TTL_MS));
    await audit(tx, {
      actorId: actor.id,
      action: "story.lock_takeover",
      targetType: "story",
      targetId: storyId,
      ip: ctx.ip,
      meta: { previousHolderId: previous, previousExpiresAt: lock.expiresAt?.toISOString() ?? null, keptRevision },
    });
    const now = (await getStoryLock(tx, storyId))!;
    return { lock: view(actor, now.holderId, now.holderName, now.expiresAt), keptRevision };
  });
}
