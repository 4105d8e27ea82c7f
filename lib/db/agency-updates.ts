import "server-only";
import type { Tx } from "./client";

const wireVersionSelect = {
  id: true,
  version: true,
  itemId: true,
  headline: true,
  proposedHeadline: true,
  subheadline: true,
  byline: true,
  bodyHtml: true,
  receivedAt: true,
  embargoUntil: true,
} as const;

/**
 * The wire version a story came from, its item's state and newest version: what the
 * desk needs to show the agency original, a kill notice or an update to merge.
 */
export async function getStoryWireLineage(tx: Tx, storyId: string) {
  const story = await tx.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      wireVersionId: true,
      wireVersion: {
        select: {
          ...wireVersionSelect,
          item: { select: { id: true, state: true, killedAt: true, latestVersion: true, source: { select: { name: true } } } },
        },
      },
    },
  });
  if (!story?.wireVersion) return null;
  const latest = await tx.wireItemVersion.findFirst({
    where: { itemId: story.wireVersion.itemId },
    orderBy: { version: "desc" },
    select: wireVersionSelect,
  });
  return { base: story.wireVersion, item: story.wireVersion.item, latest: latest ?? story.wireVersion };
}

export function getWireVersionForMerge(tx: Tx, id: string) {
  return tx.wireItemVersion.findUnique({ where: { id }, select: wireVersionSelect });
}
