import "server-only";
import { db } from "./client";
import { Prisma } from "./generated/client";
import { SECTION_WHERE } from "./tags";

/**
 * Reads for the public site, its feeds, sitemaps and content API (search: public-search.ts).
 * Every query here is filtered to PUBLISHED stories: the one place that decides what readers
 * can see.
 * Annotations, revisions and lock state are never selected.
 */
/**
 * Published, and not under an embargo that has not ended. The write pipeline never lets a
 * story go or stay live before its embargo (lib/services/story-write.ts); reading enforces it
 * again, so no row written any other way can show embargoed text (defence in depth).
 */
function publicWhere(): Prisma.StoryWhereInput {
  return { status: "PUBLISHED", OR: [{ embargoUntil: null }, { embargoUntil: { lte: new Date() } }] };
}
const PUBLIC_SQL = Prisma.sql`s.status = 'PUBLISHED' AND (s."embargoUntil" IS NULL OR s."embargoUntil" <= now())`;
const NEWEST: Prisma.StoryOrderByWithRelationInput[] = [{ firstPublishedAt: "desc" }, { id: "desc" }];

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

/** Everything a reader, a feed or the content API may see of one story. */
const fullSelect = {
  ...cardSelect,
  byline: true,
  datelineDate: true,
  body: true,
  bodyText: true,
  credit: true,
  tags: {
    select: { tag: { select: { name: true, slug: true, kind: true, scheme: true, code: true } } },
    orderBy: { createdAt: "asc" },
  },
  corrections: { select: { note: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.StorySelect;

export type PublicStory = Prisma.StoryGetPayload<{ select: typeof fullSelect }>;

export interface Page<T> {
  items: T[];
  hasNext: boolean;
}

/** Fetches one row more than asked to learn whether a next page exists (no COUNT(*)). */
export function pageOf<T>(rows: T[], limit: number): Page<T> {
  return { items: rows.slice(0, limit), hasNext: rows.length > limit };
}

/** cardSelect as Prisma reads it (a second query for the authors); the reference for tests. */
export const storyCardSelect = cardSelect;

/**
 * Story cards with their authors in one statement (Prisma sends two: stories, then authors).
 * `where` and `order` are fragments over "Story" s; the same shape as `cardSelect` (tested).
 */
function listCards(where: Prisma.Sql, order: Prisma.Sql, limit: number, offset = 0): Promise<StoryCard[]> {
  return db().$queryRaw<StoryCard[]>(Prisma.sql`
    SELECT s.id, s.slug, s.headline, s.standfirst, s."datelinePlace", s."firstPublishedAt", s."publishedAt",
           json_build_object('name', u.name, 'slug', u.slug) AS author
    FROM "Story" s JOIN "User" u ON u.id = s."authorId"
    WHERE ${PUBLIC_SQL} AND ${where}
    ORDER BY ${order}
    LIMIT ${limit} OFFSET ${offset}`);
}

// NEWEST in SQL: the order of the (status, firstPublishedAt DESC, id DESC) index.
const NEWEST_SQL = Prisma.sql`s."firstPublishedAt" DESC, s.id DESC`;

/** Editor-curated top stories (Story.featured ascending: 1 is the lead). */
export function listFeaturedStories(limit = 5): Promise<StoryCard[]> {
  return listCards(Prisma.sql`s.featured IS NOT NULL`, Prisma.sql`s.featured ASC, ${NEWEST_SQL}`, limit);
}

/** The newest published stories (kept as a plain list for existing callers). */
export async function listPublishedStories({ limit = 20, offset = 0 } = {}): Promise<StoryCard[]> {
  return (await listLatestStories({ limit, offset })).items;
}

/** One page of the newest published stories, optionally leaving out the front page's picks. */
export async function listLatestStories({
  limit = 20,
  offset = 0,
  excludeIds = [],
}: { limit?: number; offset?: number; excludeIds?: string[] } = {}): Promise<Page<StoryCard>> {
  const where = excludeIds.length > 0 ? Prisma.sql`s.id NOT IN (${Prisma.join(excludeIds)})` : Prisma.sql`true`;
  return pageOf(await listCards(where, NEWEST_SQL, limit + 1, offset), limit);
}

/** fullSelect as Prisma reads it (one query per relation); the reference for tests. */
export const publicStorySelect = fullSelect;

type PublicStoryRow = Omit<PublicStory, "corrections"> & { corrections: { note: string; createdAt: number }[] };

/**
 * One published story with its author, tags and corrections in one statement. Prisma would
 * send five (story, author, links, tags, corrections), one round trip each, on every render
 * of an article that is not in the page cache. Same shape as `fullSelect` (tested).
 */
async function getPublishedStory(where: Prisma.Sql): Promise<PublicStory | null> {
  const [row] = await db().$queryRaw<PublicStoryRow[]>(Prisma.sql`
    SELECT s.id, s.slug, s.headline, s.standfirst, s."datelinePlace", s."firstPublishedAt", s."publishedAt",
           json_build_object('name', u.name, 'slug', u.slug) AS author,
           s.byline, s."datelineDate", s.body, s."bodyText", s.credit,
           coalesce((SELECT json_agg(json_build_object('tag', json_build_object(
                       'name', t.name, 'slug', t.slug, 'kind', t.kind, 'scheme', t.scheme, 'code', t.code))
                     ORDER BY st."createdAt", st."tagId")
                     FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id), '[]') AS tags,
           coalesce((SELECT json_agg(json_build_object(
                       'note', c.note, 'createdAt', (extract(epoch FROM c."createdAt") * 1000)::float8)
                     ORDER BY c."createdAt", c.id)
                     FROM "Correction" c WHERE c."storyId" = s.id), '[]') AS corrections
    FROM "Story" s JOIN "User" u ON u.id = s."authorId"
    WHERE ${PUBLIC_SQL} AND ${where}
    LIMIT 1`);
  if (!row) return null;
  return { ...row, corrections: row.corrections.map((c) => ({ note: c.note, createdAt: new Date(c.createdAt) })) };
}

export function getPublishedStoryBySlug(slug: string): Promise<PublicStory | null> {
  return getPublishedStory(Prisma.sql`s.slug = ${slug}`);
}

export function getPublishedStoryById(id: string): Promise<PublicStory | null> {
  return getPublishedStory(Prisma.sql`s.id = ${id}`);
}

/**
 * What a slug that is not a published story means: a killed story (410), an old slug of a
 * published story (301), or nothing (404). Drafts, scheduled and unpublished stories are
 * indistinguishable from nothing.
 */
export async function resolveMissingSlug(slug: string): Promise<{ kind: "killed" } | { kind: "moved"; slug: string } | null> {
  const killed = await db().story.findFirst({
    where: { slug, status: "KILLED", firstPublishedAt: { not: null } },
    select: { id: true },
  });
  if (killed) return { kind: "killed" };
  const redirect = await db().slugRedirect.findUnique({
    where: { slug },
    select: { story: { select: { slug: true, status: true } } },
  });
  if (redirect && redirect.story.status === "PUBLISHED" && redirect.story.slug !== slug) {
    return { kind: "moved", slug: redirect.story.slug };
  }
  return null;
}

export function getTagBySlug(slug: string) {
  return db().tag.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, kind: true, description: true, sectionOrder: true, mergedIntoId: true },
  });
}

export async function listPublishedStoriesForTag(tagId: string, { limit = 20, offset = 0 } = {}): Promise<Page<StoryCard>> {
  const tagged = Prisma.sql`EXISTS (SELECT 1 FROM "StoryTag" st WHERE st."storyId" = s.id AND st."tagId" = ${tagId})`;
  return pageOf(await listCards(tagged, NEWEST_SQL, limit + 1, offset), limit);
}

/** An author page exists only for someone with at least one published story. */
export async function getAuthorWithPublishedStories(slug: string, { limit = 20, offset = 0 } = {}) {
  const author = await db().user.findFirst({
    where: { slug, stories: { some: publicWhere() } },
    select: { id: true, name: true, slug: true },
  });
  if (!author) return null;
  const rows = await listCards(Prisma.sql`s."authorId" = ${author.id}`, NEWEST_SQL, limit + 1, offset);
  return { author: { name: author.name, slug: author.slug }, page: pageOf(rows, limit) };
}

/** Full stories for feeds and the content API, newest first, optionally by tag and time window. */
export async function listPublishedStoriesFull({
  limit = 20,
  offset = 0,
  tagSlug,
  since,
  until,
}: { limit?: number; offset?: number; tagSlug?: string; since?: Date; until?: Date } = {}): Promise<Page<PublicStory>> {
  const where: Prisma.StoryWhereInput = publicWhere();
  if (tagSlug) where.tags = { some: { tag: { slug: tagSlug } } };
  if (since || until) where.publishedAt = { ...(since ? { gte: since } : {}), ...(until ? { lt: until } : {}) };
  const rows = await db().story.findMany({
    where,
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    skip: offset,
    select: fullSelect,
  });
  return pageOf(rows, limit);
}

export interface SitemapEntry {
  slug: string;
  headline: string;
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
  tags: string[];
}

/** Every published story for sitemap.xml (slug and dates only). */
export async function listSitemapEntries({ since, limit = 50_000 }: { since?: Date; limit?: number } = {}): Promise<
  SitemapEntry[]
> {
  const rows = await db().story.findMany({
    where: since ? { ...publicWhere(), firstPublishedAt: { gte: since } } : publicWhere(),
    orderBy: NEWEST,
    take: limit,
    select: {
      slug: true,
      headline: true,
      firstPublishedAt: true,
      publishedAt: true,
      tags: { select: { tag: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({ ...r, tags: r.tags.map((t) => t.tag.name) }));
}

/** Tags that have at least one published story (for the sitemap). */
export function listPublicTagSlugs(): Promise<{ slug: string }[]> {
  return db().tag.findMany({
    where: { stories: { some: { story: publicWhere() } } },
    select: { slug: true },
    orderBy: { slug: "asc" },
  });
}

/** The site's sections (tags an editor chose, in their order), for the masthead's navigation. */
export function listSections(): Promise<{ name: string; slug: string }[]> {
  return db().tag.findMany({
    where: SECTION_WHERE,
    orderBy: [{ sectionOrder: "asc" }, { name: "asc" }],
    select: { name: true, slug: true },
    take: SECTIONS_MAX,
  });
}
export const SECTIONS_MAX = 12;
