// The desk's story finder at newsroom scale: 100,000 stories (drafts and published, several
// authors, tags, notes), then each kind of search and filter through searchDeskStories and
// countDeskStories (lib/db/desk-search.ts), p95 against the unfiltered newest page measured
// in the same run. Part of `npm run bench:desk`; alone: `npm run bench:desk-search`.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { createDatabase, dropDatabase, ROOT, withClient, percentile } from "./harness";

const WORDS =
  "the council said on thursday that its plan for new trams bridges and flood barriers would cost more than expected after months of debate and a critical audit residents will comment until the end of the month officials expect work to take two years".split(
    " ",
  );
const CITY = ["Lisbon", "Tallinn", "Oulu", "Kiel", "Aarhus", "Rotterdam", "Valencia", "Strasbourg", "Brussels", "Oslo"];
const TOPIC = ["tram", "ferry", "bridge", "budget", "library", "glacier", "harbour", "election", "strike", "festival"];
const STATUSES = ["DRAFT", "IN_REVIEW", "READY", "PUBLISHED", "PUBLISHED", "PUBLISHED", "UNPUBLISHED", "KILLED"];

/** Bulk-inserts `count` stories (the trigger builds their search vectors), tags and notes. */
async function insertStories(url: string, count: number, authorIds: string[]) {
  await withClient(url, async (c) => {
    await c.query(
      `INSERT INTO "Tag" (id, kind, name, slug, synonyms, "createdAt")
       SELECT 'benchtag' || n, 'KEYWORD', 'Bench topic ' || n, 'bench-topic-' || n, '{}', now()
       FROM generate_series(0, 19) n`,
    );
    const now = Date.now();
    for (let start = 0; start < count; start += 5_000) {
      const n = Math.min(5_000, count - start);
      await c.query(
        `INSERT INTO "Story" (id, slug, status, headline, standfirst, byline, body, "bodyText", "authorId",
                              "wireVersionId", "embargoUntil", "createdAt", "updatedAt", "firstPublishedAt", "publishedAt")
         SELECT 'bs' || g, 'bench-story-' || g, ($3::text[])[1 + g % array_length($3::text[], 1)]::"StoryStatus",
                initcap(($4::text[])[1 + g % 10]) || ' plan for ' || ($5::text[])[1 + (g / 7) % 10] || ' ' || g,
                '', CASE WHEN g % 5 = 0 THEN 'By Bench Reporter' ELSE '' END,
                '{"type":"doc","content":[]}'::jsonb,
                ($5::text[])[1 + (g / 7) % 10] || ' (Bench) - ' ||
                  (SELECT string_agg(($6::text[])[1 + ((g * 31 + i * 17) % array_length($6::text[], 1))], ' ') FROM generate_series(1, 150) i),
                ($7::text[])[1 + g % array_length($7::text[], 1)],
                NULL,
                CASE WHEN g % 97 = 0 THEN now() + interval '1 day' ELSE NULL END,
                to_timestamp(($2::bigint - g::bigint * 25000) / 1000.0), to_timestamp(($2::bigint - g::bigint * 25000) / 1000.0),
                CASE WHEN g % 8 IN (3, 4, 5) THEN to_timestamp(($2::bigint - g::bigint * 25000) / 1000.0) END,
                CASE WHEN g % 8 IN (3, 4, 5) THEN to_timestamp(($2::bigint - g::bigint * 25000) / 1000.0) END
         FROM generate_series($1::int, $1::int + ${n - 1}) g`,
        [start, now, STATUSES, TOPIC, CITY, WORDS, authorIds],
      );
    }
    await c.query(
      `INSERT INTO "StoryTag" ("storyId", "tagId", source, "createdAt")
       SELECT 'bs' || g, 'benchtag' || (g % 20), 'EDITOR', now() FROM generate_series(0, ${count - 1}) g WHERE g % 3 = 0`,
    );
    await c.query(
      `INSERT INTO "Annotation" (id, "storyId", kind, "anchorFrom", "anchorTo", quote, body, "authorId", "resolvedAt", "createdAt", "updatedAt")
       SELECT 'ba' || g, 'bs' || g, 'COMMENT', 1, 20, 'the mayor quoted ' || g, 'check', $1,
              CASE WHEN g % 2 = 0 THEN now() END, now(), now()
       FROM generate_series(0, ${count - 1}) g WHERE g % 50 = 0`,
      [authorIds[0]],
    );
    // A steady-state table, as autovacuum leaves it (visibility map set, statistics fresh).
    await c.query("VACUUM ANALYZE");
  });
}

export type DeskSearchSamples = { baseline: number[]; cases: { label: string; samples: number[] }[] };

/** Runs the phase against a migrated database whose URL is in DATABASE_URL. */
export async function benchDeskSearch(dbUrl: string, authorIds: string[], count = 100_000): Promise<DeskSearchSamples> {
  const t0 = Date.now();
  await insertStories(dbUrl, count, authorIds);
  console.log(
    `Inserted ${count.toLocaleString("en-GB")} stories (with tags and notes) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
  );
  const { searchDeskStories, countDeskStories, resolveQuoted } = await import("../../lib/db/desk-search");
  type Q = Parameters<typeof searchDeskStories>[0];
  const base: Q = { sort: "updated", limit: 50 };
  const cases: { label: string; q: Q }[] = [
    { label: 'search, common word ("council")', q: { ...base, q: "council" } },
    { label: 'search, topic word ("glacier")', q: { ...base, q: "glacier" } },
    { label: 'search, rare: story number ("77777")', q: { ...base, q: "77777" } },
    { label: "search, no match", q: { ...base, q: "nosuchwordanywhere" } },
    { label: "search, a note's quoted words", q: { ...base, q: "mayor quoted 4200" } },
    { label: "status: DRAFT", q: { ...base, statuses: ["DRAFT"] } },
    { label: "author", q: { ...base, authorId: authorIds[1] } },
    { label: "tag", q: { ...base, tagSlug: "bench-topic-7" } },
    { label: "open notes", q: { ...base, openNotes: true } },
    { label: "embargoed", q: { ...base, flag: "embargoed" } },
    { label: "search + status + author", q: { ...base, q: "ferry", statuses: ["PUBLISHED"], authorId: authorIds[0] } },
    {
      label: "date range (a week, last month)",
      q: { ...base, from: new Date(Date.now() - 37 * 86_400_000), to: new Date(Date.now() - 30 * 86_400_000) },
    },
  ];
  // One page is what the desk shows: the list and its count, as the page runs them.
  const page = async (q: Q) => {
    const quoted = await resolveQuoted(q);
    const now = new Date();
    return Promise.all([searchDeskStories(q, now, quoted), countDeskStories(q, now, quoted)]);
  };
  for (const c of cases) await page(c.q); // warm-up
  await page(base);
  const baseline: number[] = [];
  const samples = cases.map((c) => ({ label: c.label, samples: [] as number[] }));
  for (let r = 0; r < 20; r++) {
    let t = performance.now();
    await searchDeskStories(base);
    baseline.push(performance.now() - t);
    for (const [i, c] of cases.entries()) {
      t = performance.now();
      await page(c.q);
      samples[i]!.samples.push(performance.now() - t);
    }
  }
  if (process.env.BENCH_EXPLAIN) {
    const { deskStoriesSql, countDeskStoriesSql, explainDeskSql } = await import("../../lib/db/desk-search");
    for (const c of [{ label: "unfiltered", q: base }, ...cases]) {
      const quoted = await resolveQuoted(c.q);
      console.log(
        `\n── plan: ${c.label} (list) ──\n${(await explainDeskSql(deskStoriesSql(c.q, new Date(), quoted))).join("\n")}`,
      );
      console.log(
        `── plan: ${c.label} (count) ──\n${(await explainDeskSql(countDeskStoriesSql(c.q, new Date(), quoted))).join("\n")}`,
      );
    }
  }
  return { baseline, cases: samples };
}

export function printDeskSearch(r: DeskSearchSamples, row: (label: string, xs: number[]) => void) {
  row("baseline: newest 50 stories, unfiltered (list only)", r.baseline);
  for (const c of r.cases) row(`story finder: ${c.label} (list + count)`, c.samples);
  const worst = Math.max(...r.cases.map((c) => percentile(c.samples, 95)));
  return worst;
}

async function main() {
  const name = `wiredesk_benchsearch_${randomBytes(4).toString("hex")}`;
  const dbUrl = await createDatabase(name);
  process.env.DATABASE_URL = dbUrl;
  try {
    await applyMigrations(dbUrl, path.join(ROOT, "prisma/migrations"));
    await dispose();
    const { createUser } = await import("../../prisma/factories");
    const a = await createUser({ email: "bench-a@bench.test", name: "Bench A", role: "EDITOR", password: "bench-password-a" });
    const b = await createUser({ email: "bench-b@bench.test", name: "Bench B", role: "REPORTER", password: "bench-password-b" });
    const r = await benchDeskSearch(dbUrl, [a.id, b.id, a.id, a.id]);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const row = (label: string, xs: number[]) =>
      console.log(
        `  ${label.padEnd(62)} n=${String(xs.length).padStart(3)}  p50 ${ms(percentile(xs, 50)).padStart(9)}  p95 ${ms(percentile(xs, 95)).padStart(9)}`,
      );
    console.log("\nStory finder, 100,000 stories (in-process, real Postgres):");
    const worst = printDeskSearch(r, row);
    console.log(`\nTarget: ${worst < 50 ? "PASS" : "FAIL"}  every search and filter p95 < 50 ms: worst ${ms(worst)}`);
    const { disconnectDb } = await import("../../lib/db/client");
    await disconnectDb();
  } finally {
    await dropDatabase(name);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
