// `npm run bench:public`: the public site under load, on a real Postgres, in one run.
//
//  1. Creates a scratch database on BENCH_DATABASE_URL's server (default
//     postgresql://postgres@127.0.0.1:5432/postgres), migrates it, and bulk-inserts 10,000
//     published stories (generated news-like text, 3 tags each, 20 authors) with SQL.
//  2. Builds the app if stale (NEXT_DIST_DIR respected) and starts the production server
//     (scripts/server.ts, the one npm start runs) against it.
//  3. autocannon, same run, same server: a static Next asset (the baseline), the home page,
//     an article, a tag page and search at maximum load (20 connections), then each again at
//     half that rate for its p95; prints req/s, p50/p95/p99, errors and the ratio to the baseline.
//  4. The gzipped JavaScript each public page type ships (sum of its <script src> assets).
//  5. Adds 90,000 more stories (100,000 in all) and measures search again.
// The scratch database is dropped at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import autocannon from "autocannon";
import pg from "pg";

import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { buildIfStale } from "../start";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

// ───────────────────────── realistic-looking news text ─────────────────────────
const PLACES = [
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
  "the city council",
  "the regional government",
  "the port authority",
  "transport unions",
  "the central bank",
  "hospital managers",
  "the energy regulator",
  "farmers' groups",
  "the university",
  "local residents",
  "the football club",
  "the environment ministry",
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
const TOPICS = [
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

let seed = 42;
const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const sentence = () =>
  `${pick(SUBJECTS).replace(/^./, (c) => c.toUpperCase())} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(CLAUSES)}.`;

function makeStory(n: number) {
  const place = pick(PLACES);
  const headline = `${place}: ${sentence().replace(/\.$/, "")}`.slice(0, 140);
  const paragraphs = Array.from({ length: 6 + Math.floor(rnd() * 6) }, () => `${sentence()} ${pick(QUOTES)} ${sentence()}`);
  const body = { type: "doc", content: paragraphs.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })) };
  return {
    id: `bench${n.toString(36).padStart(8, "0")}${randomBytes(3).toString("hex")}`,
    slug: `${headline
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 70)}-${n}`,
    headline,
    standfirst: sentence(),
    place: place.toUpperCase(),
    body: JSON.stringify(body),
    bodyText: paragraphs.join("\n\n"),
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Inserts `count` published stories numbered from `from`, in batches, with unnest() arrays. */
async function insertStories(url: string, from: number, count: number, authorIds: string[], tagIds: string[]): Promise<void> {
  await withClient(url, async (c) => {
    const BATCH = 2_000;
    const now = Date.now();
    for (let start = from; start < from + count; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, from + count - start) }, (_, i) => makeStory(start + i));
      // Newest first by number: story n was published n minutes before now.
      const times = rows.map((_, i) => new Date(now - (start + i) * 60_000).toISOString());
      await c.query(
        `INSERT INTO "Story" (id, slug, status, headline, standfirst, "datelinePlace", body, "bodyText", credit, "authorId",
                              "firstPublishedAt", "publishedAt", "createdAt", "updatedAt", featured)
         SELECT id, slug, 'PUBLISHED', headline, standfirst, place, body::jsonb, "bodyText", 'Wiredesk bench', author,
                t::timestamptz, t::timestamptz, t::timestamptz, t::timestamptz, NULL
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS r(id, slug, headline, standfirst, place, body, "bodyText", author, t)`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.slug),
          rows.map((r) => r.headline),
          rows.map((r) => r.standfirst),
          rows.map((r) => r.place),
          rows.map((r) => r.body),
          rows.map((r) => r.bodyText),
          rows.map((_, i) => authorIds[(start + i) % authorIds.length]!),
          times,
        ],
      );
      const links = rows.flatMap((r, i) => [0, 7, 13].map((k) => [r.id, tagIds[(start + i + k) % tagIds.length]!]));
      await c.query(
        `INSERT INTO "StoryTag" ("storyId", "tagId", source) SELECT s, t, 'EDITOR' FROM unnest($1::text[], $2::text[]) AS x(s, t) ON CONFLICT DO NOTHING`,
        [links.map((l) => l[0]), links.map((l) => l[1])],
      );
    }
    await c.query("ANALYZE");
  });
}

async function seedBase(url: string): Promise<{ authorIds: string[]; tagIds: string[] }> {
  return withClient(url, async (c) => {
    const authorIds = Array.from({ length: 20 }, (_, i) => `benchauthor${i}`);
    await c.query(
      `INSERT INTO "User" (id, email, name, slug, role, "updatedAt")
       SELECT id, id || '@bench.test', 'Reporter ' || n, 'reporter-' || n, 'REPORTER', now()
       FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n)`,
      [authorIds],
    );
    const tagIds = TOPICS.concat(PLACES).map((_, i) => `benchtag${i}`);
    const names = TOPICS.concat(PLACES);
    await c.query(
      `INSERT INTO "Tag" (id, kind, name, slug) SELECT id, (CASE WHEN n <= $3 THEN 'KEYWORD' ELSE 'PLACE' END)::"TagKind", name, lower(name)
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(id, name, n)`,
      [tagIds, names, TOPICS.length],
    );
    return { authorIds, tagIds };
  });
}

// ───────────────────────── measuring ─────────────────────────
interface Figures {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One autocannon run; latencies recorded per response so p95 is exact. */
async function measure(name: string, paths: string[], opts: { rate?: number; duration?: number } = {}): Promise<Figures> {
  const latencies: number[] = [];
  let i = 0;
  const instance = autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: opts.duration ?? DURATION,
    ...(opts.rate ? { overallRate: Math.max(1, Math.round(opts.rate)) } : {}),
    headers: { "accept-encoding": "gzip" },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    name,
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Sum of the gzipped size of every <script src> a page loads. */
async function gzippedJs(pagePath: string): Promise<{ scripts: number; bytes: number }> {
  const html = await (await fetch(`${BASE}${pagePath}`)).text();
  const srcs = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
  let bytes = 0;
  for (const src of new Set(srcs)) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer());
    bytes += gzipSync(body, { level: 9 }).length;
  }
  return { scripts: new Set(srcs).size, bytes };
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

function table(rows: Figures[], baseline: number, title: string) {
  console.log(`\n${title}`);
  console.log("page                          req/s    ×baseline   p50 ms   p95 ms   p99 ms   errors  non-2xx");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(28)} ${fmt(r.rps).padStart(8)} ${fmt(r.rps / baseline, 2).padStart(10)} ${fmt(r.p50, 0).padStart(8)} ${fmt(r.p95, 0).padStart(8)} ${fmt(r.p99, 0).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.non2xx).padStart(8)}`,
    );
  }
}

async function waitForServer(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the server exited");
    try {
      await fetch(`${BASE}/robots.txt`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error("the server did not start");
}

async function main() {
  const name = `wiredesk_bench_${randomBytes(4).toString("hex")}`;
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  let server: ChildProcess | undefined;
  try {
    await applyMigrations(dbUrl, path.join(ROOT, "prisma/migrations"));
    await dispose();
    const base = await seedBase(dbUrl);
    let t = Date.now();
    await insertStories(dbUrl, 0, 10_000, base.authorIds, base.tagIds);
    console.log(`Seeded 10,000 published stories in ${((Date.now() - t) / 1000).toFixed(1)} s (scratch database ${name}).`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_MAX: "10",
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: BASE,
      WIREDESK_EMBEDDED: "0",
    };
    await buildIfStale(env);
    server = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--import",
        "./scripts/register-hooks.mjs",
        "scripts/server.ts",
        "--port",
        String(PORT),
        "--hostname",
        "127.0.0.1",
      ],
      {
        cwd: ROOT,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    await waitForServer(server);

    const homeHtml = await (await fetch(`${BASE}/`)).text();
    const css = /<link[^>]+href="(\/_next\/static\/[^"]+\.css)"/.exec(homeHtml)?.[1];
    if (!css) throw new Error("no static CSS asset found on the home page for the baseline");
    const article = /href="(\/stories\/[^"]+)"/.exec(homeHtml)?.[1];
    if (!article) throw new Error("no article link found on the home page");
    const tag = "/tags/transport";
    const searches = [
      "harbour electrification",
      "night trams",
      "flood barrier",
      "heat pumps",
      "stadium renovation",
      "library opening hours",
      "diesel buses",
      "bridge safety",
    ].map((q) => `/search?q=${encodeURIComponent(q)}`);
    // Warm up: the first request of each page fills the cache; JIT and pools warm.
    await measure("warm-up", [css, "/", article, tag, ...searches], { duration: 3 });

    const targets: [string, string[]][] = [
      ["static baseline (CSS asset)", [css]],
      ["home /", ["/"]],
      ["article", [article]],
      ["tag page", [tag]],
      ["search (10k, uncached)", searches],
    ];
    const max: Figures[] = [];
    for (const [label, paths] of targets) max.push(await measure(label, paths));
    const baseline = max[0]!.rps;
    table(max, baseline, `Maximum load (${CONNECTIONS} connections, ${DURATION} s each)`);

    const half: Figures[] = [];
    for (const [i, [label, paths]] of targets.entries()) half.push(await measure(label, paths, { rate: max[i]!.rps / 2 }));
    table(half, baseline, "Half of each page's maximum rate (p95 target ≤ 50 ms)");

    // What a cache miss costs: every request a different article.
    const slugs = [...(await (await fetch(`${BASE}/sitemap.xml`)).text()).matchAll(/<loc>[^<]*(\/stories\/[^<]+)<\/loc>/g)].map(
      (m) => m[1]!,
    );
    const cold = await measure("article, cold (10k distinct)", slugs.slice(200));
    table([cold], baseline, "Uncached article renders (for reference: the cost of a miss)");

    console.log("\nJavaScript per public page type (sum of <script src>, gzip -9):");
    const js: Record<string, number> = {};
    for (const [label, p] of [
      ["home", "/"],
      ["article", article],
      ["tag", tag],
      ["author", "/authors/reporter-1"],
      ["search", searches[0]!],
      ["404", "/stories/no-such-story"],
    ] as const) {
      const { scripts, bytes } = await gzippedJs(p);
      js[label] = bytes;
      console.log(`  ${label.padEnd(8)} ${String(scripts).padStart(3)} scripts  ${(bytes / 1024).toFixed(1)} KB gzipped`);
    }

    t = Date.now();
    await insertStories(dbUrl, 10_000, 90_000, base.authorIds, base.tagIds);
    console.log(`\nAdded 90,000 stories (100,000 published) in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
    await measure("warm-up", searches, { duration: 3 });
    const s100max = await measure("search @100k, max", searches);
    const s100half = await measure("search @100k, half rate", searches, { rate: s100max.rps / 2 });
    table([s100max, s100half], baseline, "Search with 100,000 published stories");

    const home = max[1]!;
    const art = max[2]!;
    const allErrors = [...max, ...half, cold, s100max, s100half].reduce((n, r) => n + r.errors + r.non2xx, 0);
    const checks: [string, boolean, string][] = [
      ["article ≥ 70% of baseline req/s", art.rps / baseline >= 0.7, `${fmt((art.rps / baseline) * 100, 0)}%`],
      ["home ≥ 70% of baseline req/s", home.rps / baseline >= 0.7, `${fmt((home.rps / baseline) * 100, 0)}%`],
      [
        "p95 ≤ 50 ms at half max load (all pages)",
        half.every((r) => r.p95 <= 50),
        half.map((r) => `${r.name.split(" ")[0]} ${fmt(r.p95, 0)}`).join(", "),
      ],
      ["zero errors", allErrors === 0, String(allErrors)],
      ["article JS ≤ 110 KB gzipped", (js.article ?? Infinity) <= 110 * 1024, `${((js.article ?? 0) / 1024).toFixed(1)} KB`],
      ["search p95 ≤ 50 ms @100k (half rate)", s100half.p95 <= 50, `${fmt(s100half.p95, 0)} ms`],
    ];
    console.log("\nTargets:");
    for (const [label, ok, value] of checks) console.log(`  ${ok ? "PASS" : "FAIL"}  ${label}: ${value}`);
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1_000));
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

await main();
process.exit(0);
