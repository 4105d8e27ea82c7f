import "server-only";
import { db, type Tx } from "./client";
import { Prisma } from "./generated/client";
import { SECTION_WHERE } from "./tags";

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
    WHERE s.status = 'PUBLISHED' AND ${where}
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
    WHERE s.status = 'PUBLISHED' AND ${where}
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
    where: { slug, stories: { some: PUBLIC } },
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

export interface SearchResults extends Page<SearchHit> {
  /** Matches ranked: every match, or the newest `candidates` of them when `more`. */
  matches: number;
  /** There are (or may be) older matches than the ones ranked. */
  more: boolean;
  /** The text held no searchable word (only stop words or punctuation), so nothing was searched. */
  noTerms: boolean;
  /** Which phase answered (see searchPublishedStories): for tests and diagnosis. */
  phase: "window" | "range" | "all";
}

/** How much work one search may do; see searchPublishedStories. */
export const SEARCH_BOUNDS = {
  /** Newest published stories the first phase checks against the query. */
  window: 1_000,
  /** Matches ranked at most (the newest ones): the cap on results and on their count. */
  candidates: 200,
} as const;

const SNIPPET_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';
/** Below this many expected matches, taking all of them from the GIN index is the cheap way. */
const ALL_MATCHES_UP_TO = 3; // × candidates

type SearchRow = {
  matches: number;
  terms: number;
  published: number;
  /** First phase only: how many stories the window held, and the span of their times. */
  windowRows: number | null;
  windowNewest: Date | null;
  windowOldest: Date | null;
  id: string | null;
  slug: string | null;
  headline: string | null;
  firstPublishedAt: Date | null;
  rank: number | null;
  snippet: string | null;
};

/**
 * One search statement: `candidates` (the matching stories, newest first, at most
 * `bounds.candidates`) are ranked with ts_rank (weights: headline A, standfirst B, body C);
 * only the page shown is joined back for its text and gets a ts_headline snippet (the
 * expensive part), and only when `final` (SQL over `c.matches` and `w`) says this answer
 * will be used: a first phase that finds too few is discarded. Always returns one row with
 * the candidate count, page rows or not. With `window`, that row also describes the newest
 * `window` stories (`w`: how many there are, and the span of their publication times).
 */
function rankedPage(
  query: string,
  candidates: Prisma.Sql,
  { limit, offset, final, window }: { limit: number; offset: number; final: Prisma.Sql; window?: number },
) {
  const windowStats = window
    ? Prisma.sql`SELECT count(*)::int AS "windowRows", max(t) AS "windowNewest", min(t) AS "windowOldest"
        FROM (SELECT "firstPublishedAt" AS t FROM "StorySearch"
              ORDER BY "firstPublishedAt" DESC, "storyId" DESC LIMIT ${window}) x`
    : Prisma.sql`SELECT NULL::int AS "windowRows", NULL::timestamp AS "windowNewest", NULL::timestamp AS "windowOldest"`;
  return db().$queryRaw<SearchRow[]>(Prisma.sql`
    WITH q AS MATERIALIZED (SELECT websearch_to_tsquery('english', ${query}) AS tsq),
    cand AS MATERIALIZED (${candidates}),
    w AS MATERIALIZED (${windowStats}),
    ranked AS (
      SELECT cand.id, cand."firstPublishedAt", ts_rank(cand."searchVector", q.tsq) AS rank
      FROM cand, q
      ORDER BY rank DESC, cand."firstPublishedAt" DESC, cand.id DESC
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT c.matches::int AS matches, (SELECT numnode(tsq) FROM q)::int AS terms,
           (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = '"StorySearch"'::regclass)::float8 AS published,
           w."windowRows", w."windowNewest", w."windowOldest",
           ranked.id, s.slug, s.headline, ranked."firstPublishedAt", ranked.rank::float8 AS rank,
           CASE WHEN ${final}
             THEN ts_headline('english', left(s.standfirst || ' ' || s."bodyText", 5000), q.tsq, ${SNIPPET_OPTIONS})
           END AS snippet
    FROM (SELECT count(*) AS matches FROM cand) c
    CROSS JOIN w
    LEFT JOIN (ranked JOIN "Story" s ON s.id = ranked.id) ON true
    LEFT JOIN q ON true
    ORDER BY ranked.rank DESC, ranked."firstPublishedAt" DESC, ranked.id DESC`);
}

/** The newest `rows` published stories (newest-first index), those that match, at most `take`. */
const recentMatches = (rows: number, take: number) => Prisma.sql`
  SELECT r.id, r."firstPublishedAt", r."searchVector"
  FROM (SELECT "storyId" AS id, "firstPublishedAt", "searchVector" FROM "StorySearch"
        -- Stop words only: nothing to look for, so no story is read at all.
        WHERE (SELECT numnode(tsq) FROM q) > 0
        ORDER BY "firstPublishedAt" DESC, "storyId" DESC LIMIT ${rows}) r
  -- A scalar subquery, not a join, keeps the index's order, so the LIMIT stops the scan early.
  WHERE r."searchVector" @@ (SELECT tsq FROM q)
  ORDER BY r."firstPublishedAt" DESC, r.id DESC
  LIMIT ${take}`;

/**
 * Matches from the GIN index (cost ∝ the matches it visits), the newest `take` of them. With
 * `since`, only stories published since then: Postgres ANDs the GIN bitmap with the
 * newest-first index's, so only the matches in that range are read from the table.
 */
const indexedMatches = (query: string, take: number, since?: Date) => Prisma.sql`
  SELECT m.id, m."firstPublishedAt", m."searchVector"
  FROM (SELECT "storyId" AS id, "firstPublishedAt", "searchVector" FROM "StorySearch"
        WHERE "searchVector" @@ websearch_to_tsquery('english', ${query})
        ${since ? Prisma.sql`AND "firstPublishedAt" >= ${since}` : Prisma.empty}
        OFFSET 0) m
  ORDER BY m."firstPublishedAt" DESC, m.id DESC
  LIMIT ${take}`;

/**
 * Full-text search over published stories (StorySearch: the published stories' weighted
 * vectors, GIN, kept by a trigger on Story; see prisma/schema.prisma).
 * The reader's text goes to Postgres only as a bound parameter of websearch_to_tsquery,
 * which never raises on syntax. Ranking looks at the newest `candidates` matches only, so
 * a word found in every story still answers in bounded time; snippets are made for the
 * returned page only; their markup is U+0001…U+0002 around text that the caller must still
 * escape (see lib/public/search.ts).
 *
 * Which matches are the newest is found in phases, because the fast plan depends on how
 * common the words are (and the planner misjudges ANDed words, which news text correlates):
 * (1) the newest `window` stories, checked one by one: enough for common words, and the
 * whole answer on a small site; (2) when that finds fewer than `candidates`, its hit rate
 * says how far back the newest `candidates` matches should reach: every match from the GIN
 * index when there are few in all, else the matches published since an estimated cutoff
 * (GIN and time range together), falling back to every match if that range held too few.
 * Each phase reads at most a few hundred rows of matches (bench:public, search at 100,000).
 */
export async function searchPublishedStories(
  query: string,
  {
    limit = 10,
    offset = 0,
    window = SEARCH_BOUNDS.window,
    candidates = SEARCH_BOUNDS.candidates,
  }: { limit?: number; offset?: number; window?: number; candidates?: number } = {},
): Promise<SearchResults> {
  const page = (rows: SearchRow[], more: boolean, phase: SearchResults["phase"]): SearchResults => {
    const hits = rows.filter((r) => r.id !== null) as (SearchRow & Omit<SearchHit, "snippet"> & { snippet: string | null })[];
    return {
      ...pageOf(
        hits.map((r) => ({
          id: r.id,
          slug: r.slug,
          headline: r.headline,
          firstPublishedAt: r.firstPublishedAt,
          rank: r.rank,
          snippet: r.snippet ?? "",
        })),
        limit,
      ),
      matches: rows[0]?.matches ?? 0,
      more,
      noTerms: rows[0]?.terms === 0,
      phase,
    };
  };
  const take = Math.max(1, candidates);
  const paging = { limit: limit + 1, offset };
  // Final when it found enough, or when the window held every published story there is.
  const first = await rankedPage(query, recentMatches(window, take), {
    ...paging,
    final: Prisma.sql`(c.matches >= ${take} OR w."windowRows" < ${window})`,
    window,
  });
  const head = first[0];
  if (!head || head.terms === 0) return page(first, false, "window");
  if (head.matches >= take) return page(first, true, "window");
  if ((head.windowRows ?? 0) < window) return page(first, false, "window");

  const next = secondSearchPhase({
    found: head.matches,
    window,
    take,
    stories: head.published,
    newest: head.windowNewest,
    oldest: head.windowOldest,
  });
  if (next.kind === "range") {
    const ranged = await rankedPage(query, indexedMatches(query, take, next.since), {
      ...paging,
      final: Prisma.sql`c.matches >= ${take}`,
    });
    if ((ranged[0]?.matches ?? 0) >= take) return page(ranged, true, "range");
  }
  const all = await rankedPage(query, indexedMatches(query, take), { ...paging, final: Prisma.sql`true` });
  return page(all, (all[0]?.matches ?? 0) >= take, "all");
}

/**
 * After the first phase found `found` < `take` matches among the newest `window` stories
 * (published between `oldest` and `newest`): when the hit rate says the table holds only a
 * few times `take` matches in all (or is unknown: `stories` is the planner's estimate, 0 on
 * a never-analysed table), take every match from the GIN index; otherwise only those
 * published since the time that, at the window's publishing pace, reaches back far enough
 * for about twice `take` matches.
 */
export function secondSearchPhase({
  found,
  window,
  take,
  stories,
  newest,
  oldest,
}: {
  found: number;
  window: number;
  take: number;
  stories: number;
  newest: Date | null;
  oldest: Date | null;
}): { kind: "index" } | { kind: "range"; since: Date } {
  const rate = found / window;
  if (rate === 0 || !newest || !oldest || rate * stories <= ALL_MATCHES_UP_TO * take) return { kind: "index" };
  const reach = (2 * take) / rate / window; // in windows
  const span = newest.getTime() - oldest.getTime();
  return { kind: "range", since: new Date(newest.getTime() - Math.ceil(reach * span)) };
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

/** The public face of one story, for working out which cached pages a change affects. */
/**
 * What one story appears on as it stands now: its slugs (current and old), id, author and
 * tags. The story-write pipeline reads this before and after a write and invalidates both.
 */
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
    },
  });
  if (!story) return null;
  return {
    id: story.id,
    slug: story.slug,
    status: story.status,
    wasPublic: story.firstPublishedAt !== null,
    authorSlug: story.author.slug,
    tagSlugs: story.tags.map((t) => t.tag.slug),
    oldSlugs: story.slugRedirects.map((r) => r.slug),
  };
}

export type StoryPublicKeys = NonNullable<Awaited<ReturnType<typeof getStoryPublicKeys>>>;

/** Tells every app instance (LISTEN wiredesk_public) what changed; delivered only on commit. */
export async function notifyPublicChange(tx: Tx, payload: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify('wiredesk_public', ${payload})`;
}

/** Keeps an old public URL working after a published story's slug changes. */
export async function recordSlugRedirect(tx: Tx, storyId: string, oldSlug: string): Promise<void> {
  await tx.slugRedirect.upsert({ where: { slug: oldSlug }, create: { slug: oldSlug, storyId }, update: { storyId } });
}
