import "server-only";
import { db, type Tx } from "./client";
import { Prisma } from "./generated/client";

/**
 * Reads for the public site, its feeds, sitemaps, search and content API. Every query here
 * is filtered to PUBLISHED stories: the one place that decides what readers can see.
 * Annotations, revisions and lock state are never selected.
 */
const PUBLIC = { status: "PUBLISHED" } as const satisfies Prisma.StoryWhereInput;
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
function pageOf<T>(rows: T[], limit: number): Page<T> {
  return { items: rows.slice(0, limit), hasNext: rows.length > limit };
}

/** Editor-curated top stories (Story.featured ascending: 1 is the lead). */
export function listFeaturedStories(limit = 5): Promise<StoryCard[]> {
  return db().story.findMany({
    where: { ...PUBLIC, featured: { not: null } },
    orderBy: [{ featured: "asc" }, ...NEWEST],
    take: limit,
    select: cardSelect,
  });
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
  const rows = await db().story.findMany({
    where: excludeIds.length > 0 ? { ...PUBLIC, id: { notIn: excludeIds } } : PUBLIC,
    orderBy: NEWEST,
    take: limit + 1,
    skip: offset,
    select: cardSelect,
  });
  return pageOf(rows, limit);
}

export function getPublishedStoryBySlug(slug: string): Promise<PublicStory | null> {
  return db().story.findFirst({ where: { ...PUBLIC, slug }, select: fullSelect });
}

export function getPublishedStoryById(id: string): Promise<PublicStory | null> {
  return db().story.findFirst({ where: { ...PUBLIC, id }, select: fullSelect });
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
  return db().tag.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, kind: true, description: true } });
}

export async function listPublishedStoriesForTag(tagId: string, { limit = 20, offset = 0 } = {}): Promise<Page<StoryCard>> {
  const rows = await db().story.findMany({
    where: { ...PUBLIC, tags: { some: { tagId } } },
    orderBy: NEWEST,
    take: limit + 1,
    skip: offset,
    select: cardSelect,
  });
  return pageOf(rows, limit);
}

/** An author page exists only for someone with at least one published story. */
export async function getAuthorWithPublishedStories(slug: string, { limit = 20, offset = 0 } = {}) {
  const author = await db().user.findFirst({
    where: { slug, stories: { some: PUBLIC } },
    select: { id: true, name: true, slug: true },
  });
  if (!author) return null;
  const rows = await db().story.findMany({
    where: { ...PUBLIC, authorId: author.id },
    orderBy: NEWEST,
    take: limit + 1,
    skip: offset,
    select: cardSelect,
  });
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
  const where: Prisma.StoryWhereInput = { ...PUBLIC };
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
    where: since ? { ...PUBLIC, firstPublishedAt: { gte: since } } : PUBLIC,
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
  return db().tag.findMany({ where: { stories: { some: { story: PUBLIC } } }, select: { slug: true }, orderBy: { slug: "asc" } });
}

export interface SearchHit {
  id: string;
  slug: string;
  headline: string;
  snippet: string;
  firstPublishedAt: Date | null;
  rank: number;
}

/**
 * Full-text search over published stories. The reader's text goes to Postgres only as a
 * bound parameter of websearch_to_tsquery, which never raises on syntax (operators, quotes,
 * backslashes are treated as words or ignored). Ranking looks at the newest `candidates`
 * matches only, so a word found in every story still answers in bounded time. Snippets
 * from ts_headline are computed for the returned page only; their markup is <mark>…</mark>
 * around text that the caller must still escape (see lib/public/search.ts).
 */
export async function searchPublishedStories(
  query: string,
  { limit = 10, offset = 0, candidates = 2_000 } = {},
): Promise<Page<SearchHit>> {
  const rows = await db().$queryRaw<(Omit<SearchHit, "rank"> & { rank: number })[]>(Prisma.sql`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS tsq),
    matches AS (
      SELECT s.id, s.slug, s.headline, s.standfirst, s."bodyText", s."firstPublishedAt",
             ts_rank_cd(s."searchVector", q.tsq, 32) AS rank
      FROM "Story" s, q
      WHERE s.status = 'PUBLISHED' AND s."searchVector" @@ q.tsq
      ORDER BY s."firstPublishedAt" DESC NULLS LAST
      LIMIT ${candidates}
    ),
    page AS (
      SELECT * FROM matches ORDER BY rank DESC, "firstPublishedAt" DESC NULLS LAST, id DESC
      LIMIT ${limit + 1} OFFSET ${offset}
    )
    SELECT page.id, page.slug, page.headline, page."firstPublishedAt", page.rank::float8 AS rank,
           ts_headline('english', left(page.standfirst || ' ' || page."bodyText", 5000), q.tsq,
             'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
    FROM page, q
    ORDER BY page.rank DESC, page."firstPublishedAt" DESC NULLS LAST, page.id DESC`);
  return pageOf(rows, limit);
}

/** The public face of one story, for working out which cached pages a change affects. */
export async function getStoryPublicKeys(tx: Tx, storyId: string) {
  const story = await tx.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      slug: true,
      status: true,
      firstPublishedAt: true,
      author: { select: { slug: true } },
      tags: { select: { tag: { select: { slug: true } } } },
      slugRedirects: { select: { slug: true } },
      revisions: { select: { snapshot: true }, orderBy: { number: "desc" }, take: 2 },
    },
  });
  if (!story) return null;
  // Tags the story had before this change (from the previous revision) lose it too.
  const previousTagIds = story.revisions
    .flatMap((r) => {
      const tags = (r.snapshot as { tags?: { id?: unknown }[] } | null)?.tags;
      return Array.isArray(tags) ? tags.map((t) => t.id) : [];
    })
    .filter((id): id is string => typeof id === "string");
  const previousTags = previousTagIds.length
    ? await tx.tag.findMany({ where: { id: { in: previousTagIds } }, select: { slug: true } })
    : [];
  return {
    id: story.id,
    slug: story.slug,
    status: story.status,
    wasPublic: story.firstPublishedAt !== null,
    authorSlug: story.author.slug,
    tagSlugs: [...new Set([...story.tags.map((t) => t.tag.slug), ...previousTags.map((t) => t.slug)])],
    oldSlugs: story.slugRedirects.map((r) => r.slug),
  };
}

/** Tells every app instance (LISTEN wiredesk_public) what changed; delivered only on commit. */
export async function notifyPublicChange(tx: Tx, payload: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify('wiredesk_public', ${payload})`;
}

/** Keeps an old public URL working after a published story's slug changes. */
export async function recordSlugRedirect(tx: Tx, storyId: string, oldSlug: string): Promise<void> {
  await tx.slugRedirect.upsert({ where: { slug: oldSlug }, create: { slug: oldSlug, storyId }, update: { storyId } });
}
