import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Prisma } from "./generated/client";

export function upsertWireSource(tx: Tx, code: string, name: string) {
  return tx.wireSource.upsert({ where: { code }, create: { code, name }, update: {}, select: { id: true, code: true } });
}

export function findWireItem(tx: Tx, sourceId: string, guid: string) {
  return tx.wireItem.findUnique({
    where: { sourceId_guid: { sourceId, guid } },
    select: {
      id: true,
      state: true,
      latestVersion: true,
      versions: {
        // The content fields let a feed that is fetched again (new bytes, same items) be recognised as a redelivery.
        select: { id: true, version: true, rawSha256: true, headline: true, bodyHtml: true, signal: true, pubStatus: true, embargoUntil: true },
        orderBy: { version: "asc" },
      },
    },
  });
}

/**
 * Agency identifiers (URNs, doc-ids) are unique in practice, but how an agency names
 * itself drifts between versions (a kill advisory may carry no dateline or credit), so an
 * item is first looked up by guid across sources.
 */
export function findWireItemSourceByGuid(tx: Tx, guid: string) {
  return tx.wireItem.findFirst({ where: { guid }, orderBy: { firstReceivedAt: "asc" }, select: { sourceId: true } });
}

export function insertWireItem(tx: Tx, data: { sourceId: string; guid: string; latestVersion: number }) {
  return tx.wireItem.create({ data, select: { id: true } });
}

export function updateWireItem(tx: Tx, id: string, data: Prisma.WireItemUpdateInput) {
  return tx.wireItem.update({ where: { id }, data, select: { id: true } });
}

export function insertWireVersion(tx: Tx, data: Prisma.WireItemVersionUncheckedCreateInput) {
  return tx.wireItemVersion.create({ data, select: { id: true, version: true } });
}

export type WireQueueFilter = { limit?: number; offset?: number };

/** The wire queue: items by most recent activity, each with its latest version's fields. */
export async function listWireQueue({ limit = 50, offset = 0 }: WireQueueFilter = {}) {
  const items = await db().wireItem.findMany({
    orderBy: { updatedAt: "desc" },
    take: limit,
    skip: offset,
    select: {
      id: true,
      guid: true,
      state: true,
      latestVersion: true,
      updatedAt: true,
      source: { select: { name: true, code: true } },
      versions: {
        orderBy: { version: "desc" },
        take: 1,
        select: {
          id: true,
          version: true,
          format: true,
          headline: true,
          proposedHeadline: true,
          datelinePlace: true,
          datelineAgency: true,
          urgency: true,
          signal: true,
          embargoUntil: true,
          receivedAt: true,
          bodyText: true,
        },
      },
    },
  });
  return items.map(({ versions, ...item }) => ({ ...item, latest: versions[0] ?? null }));
}

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
