"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import {
  createAnnotation,
  listAnnotationsFor,
  replyToAnnotation,
  setAnnotationResolution,
  type AnnotationView,
} from "@/lib/services/annotations";
import { idSchema } from "@/lib/validation/ids";

export async function createAnnotationAction(input: unknown): Promise<ActionResult<AnnotationView>> {
  return runAction(({ actor }) => createAnnotation(actor, input));
}

export async function replyToAnnotationAction(annotationId: string, body: string): Promise<ActionResult<{ id: string }>> {
  return runAction(({ actor }) => replyToAnnotation(actor, idSchema.parse(annotationId), body));
}

export async function resolveAnnotationAction(annotationId: string, resolved: boolean): Promise<ActionResult<{ id: string }>> {
  return runAction(({ actor }) => setAnnotationResolution(actor, idSchema.parse(annotationId), z.boolean().parse(resolved)));
}

export async function listAnnotationsAction(
  target: { storyId: string } | { wireVersionId: string },
): Promise<ActionResult<AnnotationView[]>> {
  return runAction(({ actor }) => {
    const t = z.union([z.object({ storyId: idSchema }).strict(), z.object({ wireVersionId: idSchema }).strict()]).parse(target);
    return listAnnotationsFor(actor, t);
  });
}
