import "server-only";
import type { Tx } from "./client";
import type { TagKind } from "./generated/enums";

export function findTagBySlug(tx: Tx, slug: string) {
  return tx.tag.findUnique({ where: { slug }, select: { id: true, kind: true, name: true, slug: true } });
}

export function findTagByKindAndName(tx: Tx, kind: TagKind, name: string) {
  return tx.tag.findFirst({
    where: { kind, name: { equals: name, mode: "insensitive" }, mergedIntoId: null },
    select: { id: true, kind: true, name: true, slug: true },
  });
}

export function insertTag(tx: Tx, data: { kind: TagKind; name: string; slug: string; scheme?: string; code?: string }) {
  return tx.tag.create({ data, select: { id: true, kind: true, name: true, slug: true } });
}

export async function replaceStoryTags(tx: Tx, storyId: string, tagIds: string[]) {
  await tx.storyTag.deleteMany({ where: { storyId, tagId: { notIn: tagIds } } });
  await tx.storyTag.createMany({ data: tagIds.map((tagId) => ({ storyId, tagId })), skipDuplicates: true });
}
