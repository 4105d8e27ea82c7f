import "server-only";
import { db } from "./client";
import type { StoryStatus } from "./generated/enums";

/** The desk's story list: one workflow status (or all), with lock holder and agency signals. */
export async function listStoriesForDesk({ status, limit = 200 }: { status?: StoryStatus; limit?: number }) {
  const now = new Date();
  const rows = await db().story.findMany({
    where: status ? { status } : {},
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: {
      id: true,
      status: true,
      headline: true,
      updatedAt: true,
      publishedAt: true,
      scheduledAt: true,
      agencyUpdateAvailable: true,
      embargoUntil: true,
      lockExpiresAt: true,
      author: { select: { name: true } },
      lockHolder: { select: { name: true } },
      wireVersion: { select: { item: { select: { state: true } } } },
    },
  });
  return rows.map(({ wireVersion, lockHolder, lockExpiresAt, ...s }) => ({
    ...s,
    // An expired lock is nobody's: the holder stopped sending heartbeats.
    lockHolder: lockHolder && lockExpiresAt && lockExpiresAt > now ? lockHolder.name : null,
    agencyKilled: wireVersion?.item.state === "KILLED",
  }));
}
export type DeskStoryRow = Awaited<ReturnType<typeof listStoriesForDesk>>[number];

export async function countStoriesByStatus(): Promise<Partial<Record<StoryStatus, number>>> {
  const groups = await db().story.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/** Newest story change (change detection for the live-update endpoint). */
export async function latestStoryActivity(): Promise<Date | null> {
  const row = await db().story.aggregate({ _max: { updatedAt: true } });
  return row._max.updatedAt ?? null;
}

/** Stories a wire text can be appended to (not killed), newest first, matching a headline fragment. */
export function findStoriesForAppend(q: string, limit = 20) {
  return db().story.findMany({
    where: { status: { not: "KILLED" }, ...(q ? { headline: { contains: q, mode: "insensitive" } } : {}) },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: { id: true, headline: true, status: true, updatedAt: true, authorId: true },
  });
}
