// `npm run bench:public`: the public site under load, on a real Postgres, in one run.
//
//  1. Creates a scratch database on BENCH_DATABASE_URL's server (default
//     postgresql://postgres@127.0.0.1:5432/postgres), migrates it, and inserts 10,000
//     published stories (generated news-like text, 3 tags each, 20 authors) with set-based
//     SQL inside Postgres (scripts/bench/public-seed.ts).
//  2. Builds the app if stale (NEXT_DIST_DIR respected) and starts the production server
//     (scripts/server.ts, the one npm start runs) against it.
//  3. autocannon, same run, same server: a static Next asset (the baseline), the home page,
//     an article, a tag page and search at maximum load (20 connections), then each again at
//     half that rate for its p95; prints req/s, p50/p95/p99, errors and the ratio to the baseline.
//  4. The gzipped JavaScript each public page type ships (sum of its <script src> assets).
//  5. Adds 90,000 more stories (100,000 in all) and measures search again.
//  6. Varnish (varnish/wiredesk.vcl) in front of the same server: home, article and tag page
//     through Varnish vs the app alone, same run (skipped with a message without varnishd).
// BENCH_ONLY=front-cache runs steps 1–3's maximum-load table and step 6 only.
// The scratch database is dropped at the end.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { gzipSync } from "node:zlib";

import autocannon from "autocannon";

import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { buildIfStale } from "../start";
import { CHANNEL, LIST_KEYS } from "../../lib/public/cache-keys";
import { createDatabase, dropDatabase, ROOT, startServer, stopServer, withClient } from "./harness";
import { findVarnishd, startVarnish, waitForHealthyBackends } from "../front-cache-harness";
import { insertStories, seedBase } from "./public-seed";
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const VARNISH_PORT = Number(process.env.BENCH_VARNISH_PORT ?? PORT + 1);
const ONLY_FRONT_CACHE = process.env.BENCH_ONLY === "front-cache";

// ───────────────────────── measuring ─────────────────────────
interface Figures {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** What went wrong, counted: "404 /stories/x", "timeout", "ECONNRESET"… */
  problems: Map<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/** autocannon's per-connection client; with pipelining 1 its current request is the one answered. */
type AutocannonClient = { requestIterator?: { currentRequest?: { requestBuffer?: Buffer } } } | undefined;
const requestPath = (client: AutocannonClient) =>
  client?.requestIterator?.currentRequest?.requestBuffer?.toString("latin1", 0, 300).split(" ")[1] ?? "?";

/** One autocannon run; latencies recorded per response so p95 is exact. */
async function measure(
  name: string,
  paths: string[],
  opts: { rate?: number; duration?: number; base?: string } = {},
): Promise<Figures> {
  const latencies: number[] = [];
  const problems = new Map<string, number>();
  let i = 0;
  const instance = autocannon({
    url: opts.base ?? BASE,
    connections: CONNECTIONS,
    duration: opts.duration ?? DURATION,
    ...(opts.rate ? { overallRate: Math.max(1, Math.round(opts.rate)) } : {}),
    headers: { "accept-encoding": "gzip" },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  instance.on("response", (client: AutocannonClient, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (status < 200 || status >= 300) count(problems, `${status} ${requestPath(client)}`.slice(0, 120));
  });
  instance.on("reqError", (error: Error & { code?: string }) => count(problems, error.code ?? error.message));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  if (result.timeouts > 0) problems.set("timeout (autocannon, 10 s)", result.timeouts);
  return {
    name,
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    problems,
  };
}

/**
 * Open-loop load at a fixed rate: request k is sent at start + k / rate, evenly spaced, over
 * up to CONNECTIONS keep-alive sockets, and its latency counts from when it was due (time
 * spent waiting for a free socket included). autocannon's own rate limit is not used for
 * slow pages: each connection sends its per-second quota back to back when the second
 * starts, all connections in step, so "20 req/s" arrives as a burst of 20 and p95 measures
 * the burst (20 × the render time). Node's HTTP client costs too much CPU to pace thousands
 * of requests a second on this shared machine, so fast pages keep autocannon (see halfLoad).
 */
async function paced(name: string, paths: string[], rate: number, duration = DURATION): Promise<Figures> {
  // FIFO: every socket stays busy, none sits idle in the pool long enough to meet the server's
  // keep-alive timeout.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, scheduling: "fifo" });
  const latencies: number[] = [];
  const problems = new Map<string, number>();
  let errors = 0;
  let non2xx = 0;
  const total = Math.max(1, Math.round(rate * duration));
  const start = performance.now();
  const one = (k: number) =>
    new Promise<void>((resolve) => {
      const due = start + (k * 1000) / rate;
      const p = paths[k % paths.length]!;
      const send = (retry: boolean) => {
        const req = http.get(`${BASE}${p}`, { agent, headers: { "accept-encoding": "gzip" }, timeout: 10_000 }, (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              non2xx++;
              count(problems, `${status} ${p}`.slice(0, 120));
            }
            resolve();
          });
        });
        req.on("timeout", () => req.destroy(new Error("timeout (10 s)")));
        req.on("error", (error: Error & { code?: string }) => {
          // An idle keep-alive socket the server closed just as it was reused: the request
          // never reached the server, and any HTTP client (browsers too) sends it again.
          if (retry && req.reusedSocket && error.code === "ECONNRESET") {
            count(problems, "resent once: keep-alive socket closed by the server as it was reused (not an error)");
            send(false);
            return;
          }
          errors++;
          count(problems, error.code ?? error.message);
          resolve();
        });
      };
      send(true);
    });
  const pending: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const wait = start + (k * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(one(k));
  }
  await Promise.all(pending);
  agent.destroy();
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    non2xx,
    problems,
  };
}

/** Paced rate above which the generator's own CPU would distort what it measures. */
const PACED_MAX_RATE = 400;

/**
 * Half of a page's maximum rate. Slow pages: evenly paced (paced()). Fast pages: autocannon at
 * that overall rate, whose per-second bursts run at full speed, so their p95 is an upper bound.
 */
async function halfLoad(name: string, paths: string[], maxRps: number): Promise<Figures> {
  const rate = maxRps / 2;
  if (rate <= PACED_MAX_RATE) return paced(`${name} (paced)`, paths, rate);
  return measure(`${name} (bursts)`, paths, { rate });
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
    // Name every failure, so an error count is never a mystery.
    for (const [what, n] of [...r.problems].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`    ${n} × ${what}`);
  }
}

async function main() {
  const name = `wiredesk_bench_${randomBytes(4).toString("hex")}`;
  const dbUrl = await createDatabase(name);
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
    server = await startServer(PORT, env);

    const homeHtml = await (await fetch(`${BASE}/`)).text();
    const css = /<link[^>]+href="(\/_next\/static\/[^"]+\.css)"/.exec(homeHtml)?.[1];
    if (!css) throw new Error("no static CSS asset found on the home page for the baseline");
    const article = /href="(\/stories\/[^"]+)"/.exec(homeHtml)?.[1];
    if (!article) throw new Error("no article link found on the home page");
    const tag = "/tags/transport";
    const common = [
      "harbour electrification",
      "night trams",
      "flood barrier",
      "heat pumps",
      "stadium renovation",
      "library opening hours",
      "diesel buses",
      "bridge safety",
    ];
    // A place only ever appears in headlines and datelines (1 story in 20): these take
    // search's GIN phase, the common words its newest-window phase.
    const placeTopic = ["Oslo flood barrier", "Porto heat pumps", "Tallinn night trams", "Cork bridge safety"];
    const searchUrl = (q: string) => `/search?q=${encodeURIComponent(q)}`;
    const searches = common.map(searchUrl); // popular queries: the search cache answers them
    // Uncached: an unknown parameter makes the server pass the request to Next untouched
    // (page-cache.ts), so every one of these is a full render with its database search.
    const uncached = (qs: string[]) => Array.from({ length: 20_000 }, (_, k) => `${searchUrl(qs[k % qs.length]!)}&nocache=${k}`);
    // Warm up: the first request of each page fills the cache; JIT and pools warm.
    await measure("warm-up", [css, "/", article, tag, ...searches, ...uncached([...common, ...placeTopic]).slice(0, 50)], {
      duration: 3,
    });

    const searchTargets: [string, string[]][] = [
      ["search, common (uncached)", uncached(common)],
      ["search, place+topic (uncached)", uncached(placeTopic)],
      ["search, popular (cached)", searches],
    ];
    const targets: [string, string[]][] = [
      ["static baseline (CSS asset)", [css]],
      ["home /", ["/"]],
      ["article", [article]],
      ["tag page", [tag]],
      ...searchTargets,
    ];
    const max: Figures[] = [];
    for (const [label, paths] of targets) max.push(await measure(label, paths));
    const baseline = max[0]!.rps;
    table(max, baseline, `Maximum load (${CONNECTIONS} connections, ${DURATION} s each)`);

    // A standard cache in front: the same pages through Varnish with the shipped VCL.
    if (!findVarnishd()) console.log("\nVarnish: SKIPPED (varnishd not installed: apt-get install -y varnish varnish-modules)");
    else {
      const varnish = await startVarnish({ port: VARNISH_PORT, backendPorts: [PORT], memory: "256m" });
      try {
        await waitForHealthyBackends(varnish, 1);
        const vbase = `http://127.0.0.1:${VARNISH_PORT}`;
        const pages: [string, string[]][] = [
          ["home /", ["/"]],
          ["article", [article]],
          ["tag page", [tag]],
        ];
        await measure(
          "warm-up",
          pages.flatMap(([, p]) => p),
          { duration: 2, base: vbase },
        );
        const front: Figures[] = [];
        for (const [label, paths] of pages) front.push(await measure(`${label} via Varnish`, paths, { base: vbase }));
        table(
          front,
          baseline,
          `Through Varnish (${CONNECTIONS} connections, ${DURATION} s each; ×baseline is the app's static asset)`,
        );
        console.log("\nVarnish vs the app alone (req/s, same run):");
        for (const [i, f] of front.entries()) {
          const alone = max[i + 1]!;
          console.log(
            `  ${alone.name.padEnd(10)} app ${fmt(alone.rps, 0).padStart(7)}   Varnish ${fmt(f.rps, 0).padStart(7)}   ×${fmt(f.rps / alone.rps, 1)}`,
          );
        }
      } finally {
        await varnish.stop();
      }
    }
    if (ONLY_FRONT_CACHE) return;

    const half: Figures[] = [];
    for (const [i, [label, paths]] of targets.entries()) half.push(await halfLoad(label, paths, max[i]!.rps));
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
    // Written behind the services' back: announce it the way a publish does, so cached lists
    // and search results made at 10,000 stories are evicted.
    await withClient(dbUrl, (c) => c.query(`SELECT pg_notify($1, $2)`, [CHANNEL, JSON.stringify({ keys: [...LIST_KEYS] })]));
    await measure("warm-up", uncached([...common, ...placeTopic]).slice(10_000), { duration: 3 });
    const s100max: Figures[] = [];
    const s100half: Figures[] = [];
    for (const [label, paths] of searchTargets) s100max.push(await measure(`${label} @100k`, paths));
    for (const [i, [label, paths]] of searchTargets.entries())
      s100half.push(await halfLoad(`${label} @100k`, paths, s100max[i]!.rps));
    table(s100max, baseline, "Search with 100,000 published stories, maximum load");
    table(s100half, baseline, "Search with 100,000 published stories, half of maximum");

    const home = max[1]!;
    const art = max[2]!;
    const allErrors = [...max, ...half, cold, ...s100max, ...s100half].reduce((n, r) => n + r.errors + r.non2xx, 0);
    const checks: [string, boolean, string][] = [
      ["article ≥ 70% of baseline req/s", art.rps / baseline >= 0.7, `${fmt((art.rps / baseline) * 100, 0)}%`],
      ["home ≥ 70% of baseline req/s", home.rps / baseline >= 0.7, `${fmt((home.rps / baseline) * 100, 0)}%`],
      [
        "p95 ≤ 50 ms at half max load (all pages)",
        half.every((r) => r.p95 <= 50),
        half.map((r) => `${r.name.replace(/ \(CSS asset\)| \//, "")} ${fmt(r.p95, 0)}`).join(", "),
      ],
      ["zero errors", allErrors === 0, String(allErrors)],
      ["article JS ≤ 110 KB gzipped", (js.article ?? Infinity) <= 110 * 1024, `${((js.article ?? 0) / 1024).toFixed(1)} KB`],
      ...s100half.map((r): [string, boolean, string] => [
        `search p95 ≤ 50 ms @100k, half rate: ${r.name}`,
        r.p95 <= 50,
        `${fmt(r.p95, 0)} ms`,
      ]),
    ];
    console.log("\nTargets:");
    for (const [label, ok, value] of checks) console.log(`  ${ok ? "PASS" : "FAIL"}  ${label}: ${value}`);
  } finally {
    await stopServer(server);
    await dropDatabase(name);
  }
}

await main();
process.exit(0);
