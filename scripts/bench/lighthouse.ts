// `npm run bench:lighthouse`: Lighthouse (median of 3 runs) on the home and an article page
// of the production server (scripts/server.ts) over a scratch database with the demo seed,
// in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Targets: ≥ 95 in
// performance, accessibility, best practices and SEO.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { buildIfStale } from "../start";
import { createDatabase, dropDatabase, ROOT, startServer, stopServer } from "./harness";
const PORT = Number(process.env.BENCH_PORT ?? 3191);
const BASE = `http://127.0.0.1:${PORT}`;
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const RUNS = 3;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const name = `wiredesk_lh_${randomBytes(4).toString("hex")}`;
  const url = new URL(await createDatabase(name));
  let server: ChildProcess | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    await applyMigrations(url.toString(), path.join(ROOT, "prisma/migrations"));
    await dispose();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url.toString(),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: BASE,
    };
    process.env.DATABASE_URL = url.toString();
    const seedModule = (await import(pathToFileURL(path.join(ROOT, "prisma/seed.ts")).href)) as {
      seed: (o: { demo: boolean; databaseUrl: string }) => Promise<unknown>;
    };
    await seedModule.seed({ demo: true, databaseUrl: url.toString() });
    await buildIfStale(env);
    server = await startServer(PORT, env);
    const home = await (await fetch(`${BASE}/`)).text();
    const article = /href="(\/stories\/[^"]+)"/.exec(home)?.[1];
    if (!article) throw new Error("no article on the home page");

    chrome = await chromeLauncher.launch({
      chromePath: CHROME,
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const results: Record<string, Record<string, number[]>> = {};
    const failing = new Map<string, number>();
    for (const [label, pagePath] of [
      ["home", "/"],
      ["article", article],
    ] as const) {
      results[label] = Object.fromEntries(CATEGORIES.map((c) => [c, [] as number[]]));
      for (let run = 0; run < RUNS; run++) {
        const r = await lighthouse(`${BASE}${pagePath}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: [...CATEGORIES],
        });
        if (!r) throw new Error("lighthouse returned nothing");
        for (const c of CATEGORIES) results[label]![c]!.push(Math.round((r.lhr.categories[c]?.score ?? 0) * 100));
        // Say what cost points, so a score below 100 can be acted on.
        for (const c of CATEGORIES) {
          for (const ref of r.lhr.categories[c]?.auditRefs ?? []) {
            const audit = r.lhr.audits[ref.id];
            if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
            const key = `${label} ${c}: ${ref.id} (${audit.title})`;
            failing.set(key, (failing.get(key) ?? 0) + 1);
          }
        }
      }
    }
    console.log(`Lighthouse ${RUNS} runs each, median (all runs), Chromium at ${CHROME}:`);
    let ok = true;
    for (const [label, byCategory] of Object.entries(results)) {
      const line = CATEGORIES.map((c) => {
        const m = median(byCategory[c]!);
        if (m < 95) ok = false;
        return `${c} ${m} (${byCategory[c]!.join("/")})`;
      }).join("  ");
      console.log(`  ${label.padEnd(8)} ${line}`);
    }
    for (const [what, runs] of failing) console.log(`  lost points in ${runs}/${RUNS} runs — ${what}`);
    console.log(ok ? "PASS: every median ≥ 95" : "FAIL: a median is below 95");
  } finally {
    await chrome?.kill();
    await stopServer(server);
    await dropDatabase(name);
  }
}

await main();
process.exit(0);
