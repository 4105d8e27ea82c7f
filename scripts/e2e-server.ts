// The server Playwright starts (playwright.config.ts → webServer): `npm start` on a
// throwaway database with the demo seed, on E2E_PORT.
//  - DATABASE_URL set: a fresh database `wiredesk_e2e_<random>` on that server, dropped on exit.
//  - otherwise: an embedded PGlite in a temporary folder, deleted on exit.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { e2eFrontCachePorts, e2eStateFile, type E2eState, findVarnishd } from "./front-cache-harness";

const port = process.env.E2E_PORT ?? "3100";

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: port, HOSTNAME: "localhost", NEXTAUTH_URL: `http://localhost:${port}` };
  // The feed e2e test serves a feed from 127.0.0.1, which only the allow-list lets through.
  env.WIREDESK_FEED_ALLOW_HOSTS ??= "127.0.0.1";
  let cleanup: () => Promise<void>;
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `wiredesk_e2e_${randomBytes(5).toString("hex")}`;
    await admin(adminUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
    env.WIREDESK_SEED_DEMO = "1";
    // e2e/varnish.spec.ts starts Varnish and a second instance on this database; this
    // instance purges that Varnish (only where Varnish is installed: elsewhere every purge
    // would fail and be retried for nothing).
    if (findVarnishd()) env.WIREDESK_FRONT_CACHES ??= `http://127.0.0.1:${e2eFrontCachePorts(Number(port)).varnish}`;
    const state: E2eState = {
      databaseUrl: env.DATABASE_URL,
      nextauthSecret: env.NEXTAUTH_SECRET,
      frontCaches: env.WIREDESK_FRONT_CACHES ?? "",
    };
    const stateFile = e2eStateFile(Number(port));
    await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
    cleanup = async () => {
      await rm(stateFile, { force: true });
      await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "wiredesk-e2e-"));
    env.WIREDESK_DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = () => rm(dir, { recursive: true, force: true });
  }

  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", "scripts/start.ts"], {
    env,
    stdio: "inherit",
  });
  let done = false;
  const finish = async (code: number) => {
    if (done) return;
    done = true;
    await cleanup().catch((e: unknown) => console.error("e2e cleanup failed:", e));
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => void finish(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
