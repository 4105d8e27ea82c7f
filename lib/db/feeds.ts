import "server-only";
import type { Tx } from "./client";
import { db } from "./client";

export const feedSelect = {
  id: true,
  name: true,
  url: true,
  intervalSeconds: true,
  enabled: true,
  etag: true,
  lastModified: true,
  lastPolledAt: true,
  lastSuccessAt: true,
  lastErrorAt: true,
  lastError: true,
  consecutiveErrors: true,
  itemsReceived: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type FeedRow = {
  id: string;
  name: string;
  url: string;
  intervalSeconds: number;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  consecutiveErrors: number;
  itemsReceived: number;
  createdAt: Date;
  updatedAt: Date;
};

export function listFeeds(): Promise<FeedRow[]> {
  return db().wireFeed.findMany({ orderBy: { name: "asc" }, select: feedSelect });
}

export function findFeed(tx: Tx, id: string): Promise<FeedRow | null> {
  return tx.wireFeed.findUnique({ where: { id }, select: feedSelect });
}

export function feedUrlTaken(tx: Tx, url: string, exceptId?: string): Promise<boolean> {
  return tx.wireFeed
    .findFirst({ where: { url, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } })
    .then(Boolean);
}

export function insertFeed(
  tx: Tx,
  data: { name: string; url: string; intervalSeconds: number; enabled: boolean },
): Promise<FeedRow> {
  return tx.wireFeed.create({ data, select: feedSelect });
}

export function updateFeedSettings(
  tx: Tx,
  id: string,
  data: { name: string; url: string; intervalSeconds: number; enabled: boolean; resetState: boolean },
): Promise<FeedRow> {
  const { resetState, ...settings } = data;
  return tx.wireFeed.update({
    where: { id },
    data: {
      ...settings,
      // A new URL is a new conversation: no validators, no error streak from the old one.
      ...(resetState ? { etag: null, lastModified: null, consecutiveErrors: 0 } : {}),
    },
    select: feedSelect,
  });
}

export function deleteFeedRow(tx: Tx, id: string) {
  return tx.wireFeed.delete({ where: { id }, select: { id: true } });
}

/**
 * Claims a poll: sets lastPolledAt only if it still holds the value the caller read
 * (compare-and-set). Of several workers woken for the same feed, exactly one wins.
 */
export async function claimFeedPoll(id: string, seenLastPolledAt: Date | null, now: Date): Promise<boolean> {
  const { count } = await db().wireFeed.updateMany({
    where: { id, enabled: true, lastPolledAt: seenLastPolledAt },
    data: { lastPolledAt: now },
  });
  return count === 1;
}

export function recordFeedSuccess(
  id: string,
  data: { at: Date; etag: string | null; lastModified: string | null; itemsAdded: number },
) {
  return db().wireFeed.update({
    where: { id },
    data: {
      lastSuccessAt: data.at,
      consecutiveErrors: 0,
      etag: data.etag,
      lastModified: data.lastModified,
      itemsReceived: { increment: data.itemsAdded },
    },
    select: feedSelect,
  });
}

export function recordFeedError(id: string, data: { at: Date; message: string }) {
  return db().wireFeed.update({
    where: { id },
    data: { lastErrorAt: data.at, lastError: data.message.slice(0, 1000), consecutiveErrors: { increment: 1 } },
    select: feedSelect,
  });
}

export function listEnabledFeeds(): Promise<FeedRow[]> {
  return db().wireFeed.findMany({ where: { enabled: true }, select: feedSelect });
}
