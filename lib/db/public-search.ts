import "server-only";
import { db } from "./client";
import { Prisma } from "./generated/client";
import { pageOf, type Page } from "./public";

/**
 * Public full-text search over PUBLISHED stories, with bounded work whatever the words
 * (SEARCH_BOUNDS): the newest-window phase, then the GIN-index phase. See ARCHITECTURE.md.
 */

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
