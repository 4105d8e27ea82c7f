// `npm start`: one command from a fresh clone to a running Wiredesk.
//
// Without DATABASE_URL: starts the embedded database (PGlite) under .data/, migrates it,
// seeds base + demo data once, and runs the app against it (DATABASE_POOL_MAX=1).
// With DATABASE_URL: migrates that database and seeds base data only (no demo logins).
// Either way it generates the Prisma client and builds the app when they are out of date,
// then runs `next start` and prints the URL and the demo logins.
//
// Environment: DATABASE_URL, PORT (3000), HOSTNAME (localhost; 0.0.0.0 to listen on all
// interfaces), NEXTAUTH_SECRET (generated once into .data/secret for the embedded
// database; required with DATABASE_URL), NEXTAUTH_URL (http://localhost:PORT).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { type EmbeddedPostgres, startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations, dispose } from "../lib/db/schema-engine";
import { generatePrismaClientIfStale } from "./generate";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// WIREDESK_DATA_DIR moves the embedded database (the e2e tests use a throwaway folder).
const DATA_DIR = process.env.WIREDESK_DATA_DIR ? path.resolve(process.env.WIREDESK_DATA_DIR) : path.join(ROOT, ".data");
const PGLITE_DIR = path.join(DATA_DIR, "pglite");
const SECRET_FILE = path.join(DATA_DIR, "secret");
const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");
const SEED_FILE = path.join(ROOT, "prisma/seed.ts");
const BUILD_ID = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");

// What `next build` depends on. Tests, generated code and build output are left out.
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "styles",
  "prisma/schema.prisma",
  "proxy.ts",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.js",
  "next.config.mjs",
  "next.config.ts",
  "postcss.config.js",
  "postcss.config.mjs",
  "tailwind.config.ts",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const BUILD_IGNORED_DIRS = new Set(["node_modules", "generated", ".next", process.env.NEXT_DIST_DIR || ".next"]);
const BUILD_IGNORED_FILE = /\.(test|int\.test|spec)\.[cm]?[jt]sx?$/;

interface Settings {
  databaseUrl: string | undefined;
  port: number;
  hostname: string;
}

interface Login {
  role: string;
  email: string;
  password: string;
}

interface SeedResult {
  created: boolean;
  logins: Login[];
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const port = Number(env.PORT ?? "3000");
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  return { databaseUrl: env.DATABASE_URL || undefined, port, hostname: env.HOSTNAME || "localhost" };
}

/** Fails early, with a readable message, when something already listens on the port. */
async function assertPortFree(port: number, hostname: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use. Stop what is using it, or run with PORT=<another port>.`)
          : error,
      );
    });
    server.listen(port, hostname, () => server.close(() => resolve()));
  });
}

/** The session-signing secret for the embedded setup: generated once, kept in .data/secret (0600). */
async function loadOrCreateSecret(): Promise<string> {
  await mkdir(DATA_DIR, { recursive: true });
  try {
    const existing = (await readFile(SECRET_FILE, "utf8")).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  await writeFile(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  await chmod(SECRET_FILE, 0o600); // writeFile's mode only applies to a new file
  return secret;
}

async function newestMtime(target: string): Promise<number> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return BUILD_IGNORED_FILE.test(target) ? 0 : info.mtimeMs;
  let newest = info.mtimeMs; // catches deleted files
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || (entry.isDirectory() && BUILD_IGNORED_DIRS.has(entry.name))) continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** True when there is no production build or a build input changed after it. */
export async function isBuildStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(BUILD_ID)).mtimeMs;
  } catch {
    return true;
  }
  const inputs = await Promise.all(BUILD_INPUTS.map((input) => newestMtime(path.join(ROOT, input))));
  return Math.max(...inputs) > built;
}

let activeChild: ChildProcess | undefined;

function runNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const require = createRequire(import.meta.url);
  const nextBin = path.join(path.dirname(require.resolve("next/package.json")), "dist/bin/next");
  const child = spawn(process.execPath, [nextBin, ...args], { cwd: ROOT, env, stdio: "inherit" });
  activeChild = child;
  child.once("exit", () => {
    if (activeChild === child) activeChild = undefined;
  });
  return child;
}

function runServer(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const script = ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/server.ts"];
  const child = spawn(process.execPath, [...script, ...args], { cwd: ROOT, env, stdio: "inherit" });
  activeChild = child;
  child.once("exit", () => {
    if (activeChild === child) activeChild = undefined;
  });
  return child;
}

function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + (osSignal(signal) ?? 0) : 1)));
  });
}

function osSignal(signal: NodeJS.Signals): number | undefined {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>)[signal];
}

/** Runs `next build` when the build is missing or stale; returns whether it built. */
export async function buildIfStale(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!(await isBuildStale())) return false;
  console.log("Building the app (next build)…");
  const code = await exitCodeOf(runNext(["build"], env));
  if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  return true;
}

/** Imports prisma/seed.ts and runs its `seed(opts)`. */
async function runSeed(opts: { demo: boolean; databaseUrl: string }): Promise<SeedResult> {
  if (!existsSync(SEED_FILE)) {
    throw new Error("prisma/seed.ts is missing: npm start needs it to export seed({ demo, databaseUrl }).");
  }
  const mod = (await import(pathToFileURL(SEED_FILE).href)) as { seed?: unknown };
  if (typeof mod.seed !== "function") {
    throw new Error(
      "prisma/seed.ts must export `seed(opts: { demo: boolean; databaseUrl: string })` " + "returning { created, logins }.",
    );
  }
  const result = (await (mod.seed as (o: typeof opts) => Promise<unknown>)(opts)) as Partial<SeedResult> | undefined;
  return { created: Boolean(result?.created), logins: Array.isArray(result?.logins) ? result.logins : [] };
}

/** Resolves once the server answers HTTP at all (any status); rejects if `child` exits first. */
async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited || child.exitCode !== null) throw new Error("next start exited before it answered");
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function printBanner(opts: { url: string; embedded: EmbeddedPostgres | undefined; seed: SeedResult }): void {
  const line = "─".repeat(64);
  const out = ["", line, `  Wiredesk is running at ${opts.url}`, ""];
  if (opts.embedded) {
    out.push(
      `  Database: embedded PGlite in ${path.relative(ROOT, opts.embedded.dataDir)} (single connection;`,
      "            for trying Wiredesk. Set DATABASE_URL to use your own Postgres.)",
    );
  } else {
    out.push("  Database: external Postgres from DATABASE_URL");
  }
  if (opts.seed.logins.length > 0) {
    out.push("", "  Demo logins:");
    for (const login of opts.seed.logins) {
      out.push(`    ${login.role.padEnd(9)} ${login.email.padEnd(28)} ${login.password}`);
    }
  }
  out.push("", "  Press Ctrl-C to stop.", line, "");
  console.log(out.join("\n"));
}

let stopping = false;
let embedded: EmbeddedPostgres | undefined;
// Starting, migrating and seeding the database are not interrupted halfway: a half-run
// initdb, migration or seed would leave .data/ in a state the next start cannot repair.
let databaseSetup: Promise<unknown> | undefined;

/** Runs a database setup step that shutdown() waits for instead of cutting short. */
async function setupStep<T>(step: Promise<T>): Promise<T> {
  databaseSetup = step.catch(() => undefined);
  try {
    return await step;
  } finally {
    databaseSetup = undefined;
  }
}

/** Stops next (if running), then the embedded database (if started), then exits. */
async function shutdown(code: number): Promise<never> {
  stopping = true;
  if (databaseSetup) console.log("Finishing the database step in progress first…");
  while (databaseSetup) await databaseSetup;
  const child = activeChild;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exitCodeOf(child);
    clearTimeout(forced);
  }
  await embedded?.stop().catch((error: unknown) => console.error("Stopping the embedded database failed:", error));
  process.exit(code);
}

/** Used once a signal started shutdown(): that call exits the process. */
const waitForShutdown = () => new Promise<never>(() => {});

async function main(): Promise<never> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log("\nStopping Wiredesk…");
      void shutdown(0);
    });
  }
  // Whatever fails, the embedded database must still be closed properly. While stopping,
  // errors from connections whose server we just closed are expected and ignored.
  const onCrash = (error: unknown) => {
    if (stopping) return;
    console.error("\nnpm start crashed:", error);
    void shutdown(1);
  };
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);

  try {
    const settings = readSettings(process.env);
    await assertPortFree(settings.port, settings.hostname);
    if (await generatePrismaClientIfStale()) console.log("Generated the Prisma client.");

    const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    let databaseUrl: string;
    if (settings.databaseUrl) {
      databaseUrl = settings.databaseUrl;
      if (!childEnv.NEXTAUTH_SECRET) {
        throw new Error(
          "NEXTAUTH_SECRET is required with DATABASE_URL (it signs sessions). For example:\n" +
            "  export NEXTAUTH_SECRET=$(openssl rand -base64 32)",
        );
      }
    } else {
      console.log(
        existsSync(PGLITE_DIR)
          ? "Starting the embedded database…"
          : "Creating the embedded database in .data/ (first run, a few seconds)…",
      );
      // Assigned inside the step, so that a shutdown waiting for the step sees it.
      const started = await setupStep(startEmbeddedPostgres({ dataDir: PGLITE_DIR }).then((db) => (embedded = db)));
      if (stopping) return waitForShutdown();
      databaseUrl = started.connectionString;
      childEnv.DATABASE_POOL_MAX = "1";
      childEnv.WIREDESK_EMBEDDED = "1";
      childEnv.NEXTAUTH_SECRET ||= await loadOrCreateSecret();
    }
    childEnv.DATABASE_URL = databaseUrl;
    childEnv.NEXTAUTH_URL ||= `http://localhost:${settings.port}`;
    // The seed runs in this process and reads the same settings as the app.
    for (const key of ["DATABASE_URL", "DATABASE_POOL_MAX", "WIREDESK_EMBEDDED", "NEXTAUTH_SECRET", "NEXTAUTH_URL"]) {
      const value = childEnv[key];
      if (value !== undefined) process.env[key] = value;
    }

    const { applied } = await setupStep(applyMigrations(databaseUrl, MIGRATIONS_DIR));
    await dispose();
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
    if (stopping) return waitForShutdown();

    // Demo data only on the embedded database, unless asked for (WIREDESK_SEED_DEMO=1, used by e2e).
    const demo = embedded !== undefined || process.env.WIREDESK_SEED_DEMO === "1";
    const seeded = await setupStep(runSeed({ demo, databaseUrl }));
    if (seeded.created) console.log("Seeded the database.");
    if (stopping) return waitForShutdown();

    await buildIfStale(childEnv);
    if (stopping) return waitForShutdown();

    // scripts/server.ts: Next's request handler behind the public page cache (ARCHITECTURE.md).
    const next = runServer(["--port", String(settings.port), "--hostname", settings.hostname], childEnv);
    const shownHost = ["0.0.0.0", "::", "[::]"].includes(settings.hostname) ? "localhost" : settings.hostname;
    const url = `http://${shownHost}:${settings.port}`;
    await waitForHttp(url, next);
    printBanner({ url, embedded, seed: seeded });

    const code = await exitCodeOf(next);
    // Ctrl-C reaches next too; give our own signal handler the chance to run first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (stopping) return waitForShutdown();
    console.error(`next start exited (code ${code}); stopping.`);
    return shutdown(code);
  } catch (error) {
    if (stopping) return waitForShutdown();
    console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
    return shutdown(1);
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) await main();
