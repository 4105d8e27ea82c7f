import "server-only";
import type { Tx } from "./client";

/**
 * The story edit lock (Story.lockHolderId / lockExpiresAt). Raw SQL on purpose: taking or
 * renewing a lock must not bump the optimistic `version` nor `updatedAt` (a heartbeat
 * every 30 s would otherwise reorder the story list and look like an edit).
 */
export type LockState = { holderId: string | null; holderName: string | null; expiresAt: Date | null };

/** What the lock rules need to know of a story: whose it is and where it stands. */
export function getStoryForLock(tx: Tx, storyId: string) {
  return tx.story.findUnique({ where: { id: storyId }, select: { id: true, authorId: true, status: true } });
}

export async function getStoryLock(tx: Tx, storyId: string): Promise<LockState | null> {
  const rows = await tx.$queryRaw<{ holderId: string | null; holderName: string | null; expiresAt: Date | null }[]>`
    SELECT s."lockHolderId" AS "holderId", u."name" AS "holderName", s."lockExpiresAt" AS "expiresAt"
    FROM "Story" s LEFT JOIN "User" u ON u."id" = s."lockHolderId"
    WHERE s."id" = ${storyId}`;
  return rows[0] ?? null;
}

/** Takes or renews the lock if it is free, expired or already ours; true when we hold it. */
export async function tryAcquireStoryLock(tx: Tx, storyId: string, userId: string, expiresAt: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Story" SET "lockHolderId" = ${userId}, "lockExpiresAt" = ${expiresAt}
    WHERE "id" = ${storyId}
      AND ("lockHolderId" IS NULL OR "lockHolderId" = ${userId} OR "lockExpiresAt" IS NULL OR "lockExpiresAt" < now())`;
  return n === 1;
}

/** Takes the lock whoever holds it; the caller has checked the permission. */
export async function forceStoryLock(tx: Tx, storyId: string, userId: string, expiresAt: Date): Promise<void> {
  await tx.$executeRaw`UPDATE "Story" SET "lockHolderId" = ${userId}, "lockExpiresAt" = ${expiresAt} WHERE "id" = ${storyId}`;
}

export async function releaseStoryLock(tx: Tx, storyId: string, userId: string): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Story" SET "lockHolderId" = NULL, "lockExpiresAt" = NULL WHERE "id" = ${storyId} AND "lockHolderId" = ${userId}`;
  return n === 1;
}

/** Row lock for the rest of the transaction, so a take-over and a save cannot interleave. */
export async function lockStoryRow(tx: Tx, storyId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Story" WHERE "id" = ${storyId} FOR UPDATE`;
}
