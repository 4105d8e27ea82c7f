import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Prisma } from "./generated/client";
import type { RevisionKind, StoryStatus } from "./generated/enums";

export const storyEditSelect = {
  id: true,
  slug: true,
  status: true,
  headline: true,
  standfirst: true,
  byline: true,
  datelinePlace: true,
  datelineDate: true,
  body: true,
  bodyText: true,
  credit: true,
  authorId: true,
  wireVersionId: true,
  agencyUpdateAvailable: true,
  independentlyVerified: true,
  embargoUntil: true,
  scheduledAt: true,
  firstPublishedAt: true,
  publishedAt: true,
  killedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { id: true, name: true } },
  tags: { select: { tag: { select: { id: true, kind: true, name: true, slug: true } } }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.StorySelect;

export type StoryForEdit = Prisma.StoryGetPayload<{ select: typeof storyEditSelect }>;

export function getStoryForEdit(tx: Tx, id: string): Promise<StoryForEdit | null> {
  return tx.story.findUnique({ where: { id }, select: storyEditSelect });
}

export function slugTaken(tx: Tx, slug: string, exceptStoryId?: string) {
  return tx.story
    .findFirst({ where: { slug, ...(exceptStoryId ? { id: { not: exceptStoryId } } : {}) }, select: { id: true } })
    .then(Boolean);
}

export function insertStory(tx: Tx, data: Prisma.StoryUncheckedCreateInput) {
  return tx.story.create({ data, select: { id: true } });
}

/**
 * Writes a story only if it is still at `expectedVersion` (optimistic concurrency).
 * Returns false when someone else saved first.
 */
export async function updateStoryIfVersion(
  tx: Tx,
  id: string,
  expectedVersion: number,
  data: Prisma.StoryUncheckedUpdateManyInput,
): Promise<boolean> {
  const { count } = await tx.story.updateMany({
    where: { id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 1;
}

export async function insertRevision(
  tx: Tx,
  data: { storyId: string; kind: RevisionKind; status: StoryStatus; snapshot: Prisma.InputJsonValue; authorId: string | null },
) {
  const last = await tx.storyRevision.findFirst({
    where: { storyId: data.storyId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  return tx.storyRevision.create({ data: { ...data, number: (last?.number ?? 0) + 1 }, select: { id: true, number: true } });
}

/**
 * The agency's word on the wire item this story was made from: killed, or held (its newest
 * version says `withheld`: the agency asks that nothing from it be used until released).
 */
export async function getStorySourceState(tx: Tx, storyId: string): Promise<{ killed: boolean; held: boolean } | null> {
  const row = await tx.story.findUnique({
    where: { id: storyId },
    select: { wireVersion: { select: { itemId: true } } },
  });
  if (!row?.wireVersion) return null;
  return getWireItemState(tx, row.wireVersion.itemId);
}

/** Killed, or held by its newest version's `withheld` status. */
export async function getWireItemState(tx: Tx, itemId: string): Promise<{ killed: boolean; held: boolean }> {
  const item = await tx.wireItem.findUniqueOrThrow({ where: { id: itemId }, select: { state: true, latestVersion: true } });
  const latest = await tx.wireItemVersion.findFirst({
    where: { itemId, version: item.latestVersion },
    select: { pubStatus: true },
  });
  return { killed: item.state === "KILLED", held: item.state === "WITHHELD" || latest?.pubStatus === "withheld" };
}

export function markStoriesFromWireItem(tx: Tx, wireItemId: string, data: Prisma.StoryUpdateManyMutationInput) {
  return tx.story.updateMany({ where: { wireVersion: { itemId: wireItemId } }, data });
}

export function findStoriesFromWireItem(tx: Tx, wireItemId: string) {
  return tx.story.findMany({
    where: { wireVersion: { itemId: wireItemId } },
    select: { id: true, status: true, independentlyVerified: true, version: true },
  });
}

export function listRevisions(storyId: string) {
  return db().storyRevision.findMany({
    where: { storyId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, kind: true, status: true, createdAt: true, author: { select: { name: true } } },
  });
}
