import "server-only";
import { db } from "./client";
import type { Prisma } from "./generated/client";

/**
 * Reads for the public site. Every query here is filtered to PUBLISHED stories: the
 * one place that decides what readers can see. Annotations are never selected.
 */
const PUBLIC: Prisma.StoryWhereInput = { status: "PUBLISHED" };

const cardSelect = {
  id: true,
  slug: true,
  headline: true,
  standfirst: true,
  datelinePlace: true,
  firstPublishedAt: true,
  publishedAt: true,
  author: { select: { name: true, slug: true } },
} as const satisfies Prisma.StorySelect;

export type StoryCard = Prisma.StoryGetPayload<{ select: typeof cardSelect }>;

export function listPublishedStories({ limit = 20, offset = 0 } = {}): Promise<StoryCard[]> {
  return db().story.findMany({
    where: PUBLIC,
    orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }],
    take: limit,
    skip: offset,
    select: cardSelect,
  });
}

export function getPublishedStoryBySlug(slug: string) {
  return db().story.findFirst({
    where: { ...PUBLIC, slug },
    select: {
      ...cardSelect,
      byline: true,
      datelineDate: true,
      body: true,
      credit: true,
      tags: { select: { tag: { select: { name: true, slug: true, kind: true } } }, orderBy: { createdAt: "asc" } },
      corrections: { select: { note: true, createdAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
}

export async function getTagWithPublishedStories(slug: string, { limit = 20, offset = 0 } = {}) {
  const tag = await db().tag.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, kind: true } });
  if (!tag) return null;
  const stories = await db().story.findMany({
    where: { ...PUBLIC, tags: { some: { tagId: tag.id } } },
    orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }],
    take: limit,
    skip: offset,
    select: cardSelect,
  });
  return { tag, stories };
}
