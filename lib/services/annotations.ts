import "server-only";
import { z } from "zod";
import { transaction, type Tx } from "@/lib/db/client";
import {
  annotationTargetExists,
  getAnnotation,
  insertAnnotation,
  insertAnnotationReply,
  listAnnotations,
  listStoryAnchors,
  setAnnotationResolved,
  updateAnnotationAnchor,
  type AnnotationRow,
  type AnnotationTarget,
} from "@/lib/db/annotations";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { isAnchorDetached, reanchor, type Anchor } from "@/lib/editor/annotation-anchors";
import { idSchema } from "@/lib/validation/ids";

/**
 * Internal notes (comment, fact-check, legal, style) on a story body or on a read-only
 * wire version. Everyone on the desk may read them; annotation.create lets a person add,
 * reply, resolve and reopen. They live in their own table and no public query reads it.
 */
export const ANNOTATION_KINDS = ["COMMENT", "FACT_CHECK", "LEGAL", "STYLE"] as const;

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "").trim())
    .pipe(z.string().min(1, "Write a note").max(max));

export const createAnnotationSchema = z
  .object({
    storyId: idSchema.optional(),
    wireVersionId: idSchema.optional(),
    kind: z.enum(ANNOTATION_KINDS),
    from: z.number().int().min(0),
    to: z.number().int().min(1),
    quote: z.string().min(1, "Select some text first").max(2000),
    body: text(5000),
  })
  .refine((v) => Boolean(v.storyId) !== Boolean(v.wireVersionId), "An annotation belongs to a story or a wire version")
  .refine((v) => v.to > v.from, "Select some text first");

export { anchorHintsSchema } from "@/lib/validation/story";

export type AnnotationView = Omit<AnnotationRow, "createdAt" | "resolvedAt" | "replies"> & {
  createdAt: string;
  resolvedAt: string | null;
  detached: boolean;
  replies: { id: string; body: string; createdAt: string; author: { id: string; name: string } }[];
};

/** Plain, serializable rows for client components; `detached` when the quoted words are gone. */
export function toAnnotationViews(rows: AnnotationRow[], body?: unknown): AnnotationView[] {
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    detached: body ? isAnchorDetached(body, { id: r.id, from: r.anchorFrom, to: r.anchorTo, quote: r.quote }) : false,
    replies: r.replies.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })),
  }));
}

async function assertTargetExists(tx: Tx, target: AnnotationTarget) {
  if (!(await annotationTargetExists(tx, target))) throw notFound("Nothing to annotate here");
}

export async function listAnnotationsFor(
  actor: Actor | null,
  target: AnnotationTarget,
  body?: unknown,
): Promise<AnnotationView[]> {
  assertCan(actor, "desk.open");
  return toAnnotationViews(await listAnnotations(target), body);
}

export async function createAnnotation(actor: Actor | null, input: unknown): Promise<AnnotationView> {
  assertCan(actor, "annotation.create");
  const parsed = createAnnotationSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid note");
  const { storyId, wireVersionId, kind, from, to, quote, body } = parsed.data;
  const target: AnnotationTarget = storyId ? { storyId } : { wireVersionId: wireVersionId! };
  return transaction(async (tx) => {
    await assertTargetExists(tx, target);
    const row = await insertAnnotation(tx, { ...target, kind, anchorFrom: from, anchorTo: to, quote, body, authorId: actor.id });
    return toAnnotationViews([row])[0]!;
  });
}

async function annotationOrThrow(tx: Tx, id: string) {
  const a = await getAnnotation(tx, idSchema.parse(id));
  if (!a) throw notFound("Note not found");
  return a;
}

export async function replyToAnnotation(actor: Actor | null, annotationId: string, body: unknown) {
  assertCan(actor, "annotation.create");
  const parsed = text(5000).safeParse(body);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid reply");
  return transaction(async (tx) => {
    await annotationOrThrow(tx, annotationId);
    return insertAnnotationReply(tx, { annotationId, body: parsed.data, authorId: actor.id });
  });
}

export async function setAnnotationResolution(actor: Actor | null, annotationId: string, resolved: boolean) {
  assertCan(actor, "annotation.create");
  return transaction(async (tx) => {
    await annotationOrThrow(tx, annotationId);
    return setAnnotationResolved(tx, annotationId, resolved ? actor.id : null);
  });
}

/**
 * Called in the transaction of every write that changes a story body (save, restore,
 * agency merge): stores where each note now sits, from the browser's mapped positions
 * when they still cover the quote, otherwise by finding the quote again.
 */
export async function reanchorStoryAnnotations(
  tx: Tx,
  storyId: string,
  body: unknown,
  hints: readonly { id: string; from: number; to: number }[] = [],
) {
  const anchors = await listStoryAnchors(tx, storyId);
  if (!anchors.length) return;
  const hintMap = new Map<string, Anchor>(hints.map((h) => [h.id, { from: h.from, to: h.to }]));
  const next = reanchor(
    body,
    anchors.map((a) => ({ id: a.id, from: a.anchorFrom, to: a.anchorTo, quote: a.quote })),
    hintMap,
  );
  for (const [i, a] of anchors.entries()) {
    const n = next[i]!;
    if (n.from !== a.anchorFrom || n.to !== a.anchorTo) await updateAnnotationAnchor(tx, a.id, n.from, n.to);
  }
}
