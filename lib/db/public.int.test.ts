// lib/db/public.ts reads one article in a single statement; it must return exactly what
// Prisma's nested select (publicStorySelect) returns, and nothing for a story not published.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  getAuthorWithPublishedStories,
  getPublishedStoryById,
  getPublishedStoryBySlug,
  listFeaturedStories,
  listLatestStories,
  listPublishedStoriesForTag,
  publicStorySelect,
  storyCardSelect,
} from "@/lib/db/public";
import { createUser } from "@/prisma/factories";

const run = randomUUID().slice(0, 8);
const storyIds: string[] = [];
const tagIds: string[] = [];
let n = 0;

afterAll(async () => {
  await db().story.deleteMany({ where: { id: { in: storyIds } } });
  await db().tag.deleteMany({ where: { id: { in: tagIds } } });
});

async function makeStory(status: "PUBLISHED" | "UNPUBLISHED", withRelations: boolean) {
  n++;
  const author = await createUser({
    email: `pub-${run}-${n}@test.example`,
    name: `Pub ${run} ${n}`,
    role: "REPORTER",
    password: "correct horse battery",
  });
  const now = new Date();
  const story = await db().story.create({
    data: {
      slug: `pub-${run}-${n}`,
      status,
      headline: `Headline ${run}`,
      standfirst: "Standfirst",
      byline: "By someone",
      datelinePlace: "OSLO",
      datelineDate: new Date("2026-11-01T10:00:00.123Z"),
      body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Body" }] }] },
      bodyText: "Body",
      credit: "dpa",
      authorId: author.id,
      firstPublishedAt: now,
      publishedAt: new Date(now.getTime() + 5_000),
    },
  });
  storyIds.push(story.id);
  if (withRelations) {
    for (const [i, kind] of (["PLACE", "KEYWORD"] as const).entries()) {
      const tag = await db().tag.create({
        data: {
          kind,
          name: `Tag ${i} ${run} ${n}`,
          slug: `tag-${i}-${run}-${n}`,
          scheme: i ? null : "medtop",
          code: i ? null : `zz${run}${n}`,
        },
      });
      tagIds.push(tag.id);
      await db().storyTag.create({ data: { storyId: story.id, tagId: tag.id, createdAt: new Date(now.getTime() + i * 1000) } });
      await db().correction.create({
        data: { storyId: story.id, note: `Correction ${i}`, createdAt: new Date(now.getTime() + i * 1000 + 7) },
      });
    }
  }
  return story;
}

describe("getPublishedStoryBySlug / ById", () => {
  it("returns what Prisma's nested select returns, in one statement", async () => {
    for (const withRelations of [true, false]) {
      const story = await makeStory("PUBLISHED", withRelations);
      const reference = await db().story.findFirst({ where: { id: story.id }, select: publicStorySelect });
      const bySlug = await getPublishedStoryBySlug(story.slug);
      expect(bySlug).toEqual(reference);
      expect(await getPublishedStoryById(story.id)).toEqual(reference);
      expect(bySlug!.tags).toHaveLength(withRelations ? 2 : 0);
      expect(bySlug!.corrections.every((c) => c.createdAt instanceof Date)).toBe(true);
    }
  });

  it("finds nothing that is not published", async () => {
    const story = await makeStory("UNPUBLISHED", true);
    expect(await getPublishedStoryBySlug(story.slug)).toBeNull();
    expect(await getPublishedStoryById(story.id)).toBeNull();
  });
});

describe("story card lists", () => {
  it("return what Prisma's select returns, in the same order, one statement each", async () => {
    const a = await makeStory("PUBLISHED", true);
    const b = await makeStory("PUBLISHED", false);
    await db().story.update({ where: { id: a.id }, data: { featured: 2 } });
    await db().story.update({ where: { id: b.id }, data: { featured: 1 } });
    const newest = [{ firstPublishedAt: "desc" as const }, { id: "desc" as const }];
    const published = { status: "PUBLISHED" as const };

    const featured = await listFeaturedStories(1000);
    expect(featured).toEqual(
      await db().story.findMany({
        where: { ...published, featured: { not: null } },
        orderBy: [{ featured: "asc" }, ...newest],
        take: 1000,
        select: storyCardSelect,
      }),
    );
    expect(featured.findIndex((c) => c.id === b.id)).toBeLessThan(featured.findIndex((c) => c.id === a.id));

    const latest = await listLatestStories({ limit: 5, offset: 1, excludeIds: [b.id] });
    const reference = await db().story.findMany({
      where: { ...published, id: { notIn: [b.id] } },
      orderBy: newest,
      skip: 1,
      take: 6,
      select: storyCardSelect,
    });
    expect(latest.items).toEqual(reference.slice(0, 5));
    expect(latest.hasNext).toBe(reference.length > 5);

    const tagId = tagIds.at(-1)!;
    expect((await listPublishedStoriesForTag(tagId)).items).toEqual(
      await db().story.findMany({ where: { ...published, tags: { some: { tagId } } }, orderBy: newest, select: storyCardSelect }),
    );
    expect((await listPublishedStoriesForTag(tagId)).items.map((c) => c.id)).toEqual([a.id]);

    const author = (
      await db().story.findUniqueOrThrow({ where: { id: a.id }, select: { author: { select: { slug: true, id: true } } } })
    ).author;
    expect((await getAuthorWithPublishedStories(author.slug))?.page.items).toEqual(
      await db().story.findMany({
        where: { ...published, authorId: author.id },
        orderBy: newest,
        take: 20,
        select: storyCardSelect,
      }),
    );
  });
});
