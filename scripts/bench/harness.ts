// What every benchmark needs around its measurements: a scratch database on a real Postgres,
// and the production server (scripts/server.ts, the one `npm start` runs) started against it
// and stopped afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The server the scratch databases are created on (benchmarks never run on PGlite). */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The URL of database `name` on the same server as `url`. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(name: string): Promise<string> {
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(ADMIN_URL, name);
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Starts the production server on 127.0.0.1:`port` with `env` (built beforehand) and resolves
 * once it answers HTTP; rejects if it exits first or does not answer within `timeoutMs`.
 */
export async function startServer(port: number, env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      "./scripts/register-hooks.mjs",
      "scripts/server.ts",
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
    ],
    { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] },
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("the server exited before it answered");
    try {
      await fetch(`http://127.0.0.1:${port}/robots.txt`);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  server.kill("SIGKILL");
  throw new Error(`the server did not answer within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (server.exitCode === null) server.kill("SIGKILL");
}

/** The p-th percentile (nearest rank) of samples; NaN for none. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
}
