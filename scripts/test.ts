// `npm test`: the whole suite, in the order a failure is cheapest to find.
//   1. Prisma client generated (if stale), then typecheck
//   2. lint: ESLint (incl. the layer rules) and Prettier --check (`npm run lint`)
//   3. unit + integration tests (vitest; integration tests get a throwaway database:
//      on DATABASE_URL's server when set, otherwise an embedded PGlite)
//   4. production build, then end-to-end tests in Debian's Chromium (Playwright)
// Ends with each runner's own pass/fail counts. With CI=true a missing Chromium fails.
import { spawn } from "node:child_process";
import net from "node:net";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { generatePrismaClient, isPrismaClientStale } from "./generate";
import { buildIfStale } from "./start";
import { CHROMIUM_PATH } from "../playwright.config";

const ci = process.env.CI === "true" || process.env.CI === "1";

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

type Summary = { name: string; passed: number; failed: number; skipped: number; ok: boolean; note?: string };

async function vitestSummary(ok: boolean): Promise<Summary> {
  try {
    const r = JSON.parse(await readFile("test-results/vitest.json", "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    return {
      name: "unit + integration (vitest)",
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
      ok,
    };
  } catch {
    return { name: "unit + integration (vitest)", passed: 0, failed: 0, skipped: 0, ok, note: "no report written" };
  }
}

async function playwrightSummary(ok: boolean): Promise<Summary> {
  try {
    const r = JSON.parse(await readFile("test-results/e2e.json", "utf8")) as {
      stats: { expected: number; unexpected: number; skipped: number; flaky: number };
    };
    return {
      name: "end-to-end (playwright)",
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected,
      skipped: r.stats.skipped,
      ok,
    };
  } catch {
    return { name: "end-to-end (playwright)", passed: 0, failed: 0, skipped: 0, ok, note: "no report written" };
  }
}

/** A free loopback port for the e2e server (E2E_PORT wins when set). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function main() {
  if (await isPrismaClientStale()) await generatePrismaClient();
  const summaries: Summary[] = [];

  const typecheck = await run("npx", ["tsc", "--noEmit", "-p", "."]);
  summaries.push({
    name: "typecheck (tsc)",
    passed: typecheck === 0 ? 1 : 0,
    failed: typecheck === 0 ? 0 : 1,
    skipped: 0,
    ok: typecheck === 0,
  });

  // Lint runs even when typecheck failed: both are cheap, and one run shows every problem.
  const lint = await run("npm", ["run", "--silent", "lint"]);
  summaries.push({
    name: "lint (eslint + prettier --check)",
    passed: lint === 0 ? 1 : 0,
    failed: lint === 0 ? 0 : 1,
    skipped: 0,
    ok: lint === 0,
  });

  const vitestCode = await run("npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    "--outputFile.json=test-results/vitest.json",
  ]);
  summaries.push(await vitestSummary(vitestCode === 0));

  if (!existsSync(CHROMIUM_PATH)) {
    const msg = `Chromium not found at ${CHROMIUM_PATH}: end-to-end tests cannot run. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`;
    console.error(`\n${msg}\n`);
    summaries.push({
      name: "end-to-end (playwright)",
      passed: 0,
      failed: ci ? 1 : 0,
      skipped: 0,
      ok: !ci,
      note: ci ? "FAILED: Chromium missing (CI=true)" : "SKIPPED: Chromium missing",
    });
  } else {
    await buildIfStale();
    // A port of its own, so a server left running elsewhere never fails the suite.
    const port = process.env.E2E_PORT ?? String(await freePort());
    const code = await run("npx", ["playwright", "test"], { E2E_PORT: port });
    summaries.push(await playwrightSummary(code === 0));
  }

  console.log("\n── Test summary ──");
  for (const s of summaries) {
    console.log(
      `${s.ok ? "PASS" : "FAIL"}  ${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.note ? ` (${s.note})` : ""}`,
    );
  }
  const ok = summaries.every((s) => s.ok);
  console.log(ok ? "All test suites passed." : "Some test suites failed.");
  process.exit(ok ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
