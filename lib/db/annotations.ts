import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Prisma } from "./generated/client";
import type { AnnotationKind } from "./generated/enums";

/**
 * Internal notes on story bodies and on read-only wire versions. Only desk pages and
 * services read this module; lib/db/public.ts never selects annotations.
 */
const annotationSelect = {
  id: true,
  storyId: true,
  wireVersionId: true,
  kind: true,
  anchorFrom: true,
  anchorTo: true,
  quote: true,
  body: true,
  createdAt: true,
  resolvedAt: true,
  author: { select: { id: true, name: true } },
  resolvedBy: { select: { name: true } },
  replies: {
    select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  },
} as const satisfies Prisma.AnnotationSelect;

export type AnnotationRow = Prisma.AnnotationGetPayload<{ select: typeof annotationSelect }>;

export type AnnotationTarget = { storyId: string } | { wireVersionId: string };

/** In text order, then oldest first. */
export function listAnnotations(target: AnnotationTarget, tx: Tx = db()): Promise<AnnotationRow[]> {
  return tx.annotation.findMany({
    where: target,
    orderBy: [{ anchorFrom: "asc" }, { createdAt: "asc" }],
    select: annotationSelect,
  });
}

/** Whether the story or wire version a note would be attached to exists. */
export async function annotationTargetExists(tx: Tx, target: AnnotationTarget): Promise<boolean> {
  const found =
    "storyId" in target
      ? await tx.story.findUnique({ where: { id: target.storyId }, select: { id: true } })
      : await tx.wireItemVersion.findUnique({ where: { id: target.wireVersionId }, select: { id: true } });
  return found !== null;
}

export function getAnnotation(tx: Tx, id: string) {
  return tx.annotation.findUnique({ where: { id }, select: { id: true, storyId: true, wireVersionId: true, resolvedAt: true } });
}

export function insertAnnotation(
  tx: Tx,
  data: AnnotationTarget & {
    kind: AnnotationKind;
    anchorFrom: number;
    anchorTo: number;
    quote: string;
    body: string;
    authorId: string;
  },
) {
  return tx.annotation.create({ data, select: annotationSelect });
}

export function insertAnnotationReply(tx: Tx, data: { annotationId: string; body: string; authorId: string }) {
  return tx.annotationReply.create({ data, select: { id: true } });
}

export function setAnnotationResolved(tx: Tx, id: string, resolvedById: string | null) {
  return tx.annotation.update({
    where: { id },
    data: resolvedById ? { resolvedAt: new Date(), resolvedById } : { resolvedAt: null, resolvedById: null },
    select: { id: true },
  });
}

export function listStoryAnchors(tx: Tx, storyId: string) {
  return tx.annotation.findMany({ where: { storyId }, select: { id: true, anchorFrom: true, anchorTo: true, quote: true } });
}

export function updateAnnotationAnchor(tx: Tx, id: string, anchorFrom: number, anchorTo: number) {
  return tx.annotation.update({ where: { id }, data: { anchorFrom, anchorTo }, select: { id: true } });
}
