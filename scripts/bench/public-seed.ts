// Seed data for `npm run bench:public`: published, news-like stories generated inside
// Postgres with one set-based INSERT … SELECT over generate_series per batch (no row-by-row
// round trips, no text shipped from Node), so 100,000 stories take seconds, not minutes.
// Deterministic: story n always gets the same text, so runs are comparable.
import { withClient } from "./harness";

export const PLACES = [
  "Berlin",
  "Lisbon",
  "Rotterdam",
  "Oslo",
  "Valencia",
  "Hamburg",
  "Lyon",
  "Tegucigalpa",
  "Ljubljana",
  "Strasbourg",
  "Reykjavik",
  "Gdansk",
  "Porto",
  "Turin",
  "Brno",
  "Aarhus",
  "Cork",
  "Tallinn",
  "Split",
  "Ghent",
];
const SUBJECTS = [
  "The city council",
  "The regional government",
  "The port authority",
  "Transport unions",
  "The central bank",
  "Hospital managers",
  "The energy regulator",
  "Farmers' groups",
  "The university",
  "Local residents",
  "The football club",
  "The environment ministry",
];
const VERBS = [
  "approved",
  "rejected",
  "postponed",
  "announced",
  "defended",
  "criticised",
  "unveiled",
  "scrapped",
  "extended",
  "reviewed",
];
const OBJECTS = [
  "a plan to expand night trams",
  "new rules for short-term rentals",
  "a 40-million-euro flood barrier",
  "the harbour electrification project",
  "cuts to library opening hours",
  "a ban on diesel buses",
  "a pilot of four-day school weeks",
  "higher fees for tourist coaches",
  "the stadium renovation",
  "a cycling network across the old town",
  "subsidies for heat pumps",
  "a review of bridge safety",
];
const CLAUSES = [
  "after months of debate",
  "despite objections from the opposition",
  "following a public consultation",
  "amid rising costs",
  "in a late-night vote",
  "as inflation eased",
  "ahead of the winter season",
  "after a critical audit",
];
const QUOTES = [
  "\u201cThis is a turning point for the city,\u201d the mayor told reporters.",
  "Critics said the decision came too late.",
  "Officials expect the work to take two years.",
  "The measure still needs approval from parliament.",
  "Business groups welcomed the move but asked for details.",
  "Residents will be able to comment until the end of the month.",
];
export const TOPICS = [
  "Politics",
  "Economy",
  "Transport",
  "Energy",
  "Housing",
  "Environment",
  "Health",
  "Education",
  "Sport",
  "Culture",
  "Science",
  "Technology",
  "Tourism",
  "Agriculture",
  "Justice",
  "Labour",
  "Climate",
  "Infrastructure",
  "Finance",
  "Weather",
];

export async function seedBase(url: string): Promise<{ authorIds: string[]; tagIds: string[] }> {
  return withClient(url, async (c) => {
    const authorIds = Array.from({ length: 20 }, (_, i) => `benchauthor${i}`);
    await c.query(
      `INSERT INTO "User" (id, email, name, slug, role, "updatedAt")
       SELECT id, id || '@bench.test', 'Reporter ' || n, 'reporter-' || n, 'REPORTER', now()
       FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n)`,
      [authorIds],
    );
    const names = TOPICS.concat(PLACES);
    const tagIds = names.map((_, i) => `benchtag${i}`);
    await c.query(
      `INSERT INTO "Tag" (id, kind, name, slug) SELECT id, (CASE WHEN n <= $3 THEN 'KEYWORD' ELSE 'PLACE' END)::"TagKind", name, lower(name)
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(id, name, n)`,
      [tagIds, names, TOPICS.length],
    );
    return { authorIds, tagIds };
  });
}

// A cheap integer hash of (n, p, k) → [0, len): two rounds of the 0x45d9f3b mix, in bigint
// so nothing overflows.
const pickSql = (arr: string, n: string, p: string, k: number) => {
  const x = `((${n}::bigint * 131 + ${p}) * 31 + ${k})`;
  const h1 = `((${x} * 73244475) % 4294967296)`;
  const h2 = `(((${h1} # (${h1} >> 16)) * 73244475) % 4294967296)`;
  return `(${arr})[1 + ((${h2} # (${h2} >> 16)) % cardinality(${arr}))]`;
};
const sentenceSql = (n: string, p: string, k: number) =>
  `${pickSql("$1::text[]", n, p, k)} || ' ' || ${pickSql("$2::text[]", n, p, k + 1)} || ' ' || ${pickSql("$3::text[]", n, p, k + 2)} || ' ' || ${pickSql("$4::text[]", n, p, k + 3)} || '.'`;

/**
 * Inserts `count` published stories numbered from `from` (story n was published n minutes
 * before now, so 0 is the newest), 6–11 paragraphs each, 3 tags each, round-robin authors.
 * Each batch is one INSERT … SELECT FROM generate_series; ANALYZE at the end.
 */
export async function insertStories(
  url: string,
  from: number,
  count: number,
  authorIds: string[],
  tagIds: string[],
): Promise<void> {
  const vocab = [SUBJECTS, VERBS, OBJECTS, CLAUSES, QUOTES, PLACES, authorIds];
  await withClient(url, async (c) => {
    const BATCH = 25_000;
    for (let start = from; start < from + count; start += BATCH) {
      const end = Math.min(start + BATCH, from + count) - 1;
      await c.query(
        `INSERT INTO "Story" (id, slug, status, headline, standfirst, "datelinePlace", body, "bodyText", credit, "authorId",
                              "firstPublishedAt", "publishedAt", "createdAt", "updatedAt")
         SELECT 'bench' || lpad(to_hex(n), 8, '0'),
                -- Trimmed after cutting: a slug cut at a hyphen would end in "--n", which is no slug (404).
                rtrim(left(trim(both '-' from regexp_replace(lower(h.headline), '[^a-z0-9]+', '-', 'g')), 70), '-') || '-' || n,
                'PUBLISHED', h.headline, h.standfirst, upper(h.place), b.doc, b.text, 'Wiredesk bench',
                ($7::text[])[1 + n % cardinality($7::text[])],
                h.t, h.t, h.t, h.t
         FROM generate_series($8::int, $9::int) AS n
         CROSS JOIN LATERAL (
           SELECT ${pickSql("$6::text[]", "n", "0", 7)} AS place,
                  ${sentenceSql("n", "0", 11)} AS standfirst,
                  left(${pickSql("$6::text[]", "n", "0", 7)} || ': ' || rtrim(${sentenceSql("n", "0", 17)}, '.'), 140) AS headline,
                  now() - n * interval '1 minute' AS t
         ) AS h
         CROSS JOIN LATERAL (
           SELECT string_agg(para, E'\\n\\n' ORDER BY p) AS text,
                  jsonb_build_object('type', 'doc', 'content', jsonb_agg(
                    jsonb_build_object('type', 'paragraph', 'content',
                      jsonb_build_array(jsonb_build_object('type', 'text', 'text', para))) ORDER BY p)) AS doc
           FROM (
             SELECT p, ${sentenceSql("n", "p", 23)} || ' ' || ${pickSql("$5::text[]", "n", "p", 29)} || ' ' || ${sentenceSql("n", "p", 31)} AS para
             FROM generate_series(1, 6 + n % 6) AS p
           ) AS paras
         ) AS b`,
        [...vocab, start, end],
      );
      await c.query(
        `INSERT INTO "StoryTag" ("storyId", "tagId", source)
         SELECT 'bench' || lpad(to_hex(n), 8, '0'), ($1::text[])[1 + (n + k) % cardinality($1::text[])], 'EDITOR'
         FROM generate_series($2::int, $3::int) AS n, unnest(ARRAY[0, 7, 13]) AS k
         ON CONFLICT DO NOTHING`,
        [tagIds, start, end],
      );
    }
    await c.query("ANALYZE");
  });
}
