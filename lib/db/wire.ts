import "server-only";
import type { Tx } from "./client";
import { db } from "./client";

/**
 * Stored wire items: one item with its versions, one version (for a story made from it), the
 * agency original, recent agency kills. The importer's writes are in wire-ingest.ts, the
 * queue's search in wire-queue.ts.
 */

export function getWireItemWithVersions(id: string) {
  return db().wireItem.findUnique({
    where: { id },
    select: {
      id: true,
      guid: true,
      state: true,
      latestVersion: true,
      killedAt: true,
      source: { select: { name: true, code: true } },
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          format: true,
          fileName: true,
          receivedAt: true,
          headline: true,
          proposedHeadline: true,
          subheadline: true,
          slugline: true,
          byline: true,
          datelinePlace: true,
          datelineAgency: true,
          datelineDate: true,
          urgency: true,
          pubStatus: true,
          signal: true,
          embargoUntil: true,
          credit: true,
          bodyHtml: true,
          rawSha256: true,
          stories: { select: { id: true, headline: true, status: true } },
        },
      },
    },
  });
}

export function getWireVersion(tx: Tx, id: string) {
  return tx.wireItemVersion.findUnique({
    where: { id },
    select: {
      id: true,
      version: true,
      headline: true,
      proposedHeadline: true,
      subheadline: true,
      byline: true,
      datelinePlace: true,
      datelineAgency: true,
      datelineDate: true,
      embargoUntil: true,
      credit: true,
      bodyHtml: true,
      bodyText: true,
      normalized: true,
      item: { select: { id: true, state: true } },
    },
  });
}

export function getWireVersionRaw(id: string) {
  return db().wireItemVersion.findUnique({ where: { id }, select: { raw: true, fileName: true, format: true } });
}

/** Agency kills since a time, newest first, with every story made from any version of the item. */
export function listRecentKills(since: Date, limit: number) {
  return db().wireItem.findMany({
    where: { state: "KILLED", killedAt: { gte: since } },
    orderBy: { killedAt: "desc" },
    take: limit,
    select: {
      id: true,
      killedAt: true,
      source: { select: { name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: {
          headline: true,
          proposedHeadline: true,
          stories: { select: { id: true, headline: true, status: true, independentlyVerified: true } },
        },
      },
    },
  });
}
