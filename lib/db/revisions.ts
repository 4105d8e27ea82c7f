import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Prisma } from "./generated/client";

const revisionListSelect = {
  id: true,
  number: true,
  kind: true,
  status: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
} as const satisfies Prisma.StoryRevisionSelect;

export type RevisionListRow = Prisma.StoryRevisionGetPayload<{ select: typeof revisionListSelect }>;

/** The story a history or compare page is about (no body: the revisions carry the text). */
export function getStoryForHistory(tx: Tx, storyId: string) {
  return tx.story.findUnique({
    where: { id: storyId },
    select: { id: true, headline: true, authorId: true, version: true, status: true },
  });
}

/** Newest first; the snapshot is left out (a 5,000-word body per row is too much for a list). */
export function listStoryRevisions(storyId: string): Promise<RevisionListRow[]> {
  return db().storyRevision.findMany({ where: { storyId }, orderBy: { number: "desc" }, select: revisionListSelect });
}

export function getStoryRevision(tx: Tx, storyId: string, number: number) {
  return tx.storyRevision.findUnique({
    where: { storyId_number: { storyId, number } },
    select: { ...revisionListSelect, snapshot: true },
  });
}

export function getLatestRevision(tx: Tx, storyId: string) {
  return tx.storyRevision.findFirst({
    where: { storyId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, kind: true, authorId: true, snapshot: true, createdAt: true },
  });
}

/** The newest autosave by one person that is newer than every real save of the story. */
export async function findPendingAutosave(tx: Tx, storyId: string, authorId: string) {
  const latestReal = await tx.storyRevision.findFirst({
    where: { storyId, kind: { not: "AUTOSAVE" } },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  return tx.storyRevision.findFirst({
    where: { storyId, authorId, kind: "AUTOSAVE", number: { gt: latestReal?.number ?? 0 } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, snapshot: true, createdAt: true },
  });
}

export function updateRevisionSnapshot(tx: Tx, id: string, snapshot: Prisma.InputJsonValue) {
  return tx.storyRevision.update({
    where: { id },
    data: { snapshot, createdAt: new Date() },
    select: { id: true, number: true },
  });
}
