// `npm run bench:auth`: what authentication costs, on a real Postgres, in one run.
//
//  1. Creates a scratch database on BENCH_DATABASE_URL's server (default
//     postgresql://postgres@127.0.0.1:5432/postgres), migrates it and seeds the demo logins.
//  2. Builds the app if stale (NEXT_DIST_DIR respected) and starts the production server
//     (scripts/server.ts, the one npm start runs) against it.
//  3. Sign-in over HTTP (next-auth's CSRF token + credentials POST, argon2id verify, the
//     throttling queries, the LoginAttempt and audit rows): p50/p95/p99 for successes, wrong
//     passwords and unknown users, next to the argon2id verify alone measured in-process.
//  4. The per-request session check, two ways:
//     a. HTTP, same page, same run, interleaved: GET /login with no cookie (no check: the
//        baseline) vs GET /login with a signed-in cookie whose session was then ended (the
//        full check runs: cookie decrypt in the proxy and in next-auth, the database lookup,
//        the comparison; the page rendered is identical). The difference is the check.
//     b. In-process: the token decode (next-auth's decrypt on first sight, then the verified
//        cache), actorForSession (the database lookup), p95 of each.
//  The scratch database is dropped at the end.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { buildIfStale } from "../start";
import { createDatabase, dropDatabase, ROOT, startServer, stopServer } from "./harness";
const PORT = Number(process.env.BENCH_PORT ?? 3191);
const BASE = `http://127.0.0.1:${PORT}`;
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 60);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 1500);
const IN_PROCESS = Number(process.env.BENCH_IN_PROCESS ?? 3000);

const LOGINS = [
  { email: "admin@wiredesk.test", password: "wiredesk-admin" },
  { email: "editor@wiredesk.test", password: "wiredesk-editor" },
  { email: "reporter@wiredesk.test", password: "wiredesk-reporter" },
];

type Stats = { n: number; p50: number; p95: number; p99: number; mean: number };

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const ms = (v: number) => `${v.toFixed(2).padStart(8)} ms`;
function row(label: string, st: Stats) {
  console.log(`${label.padEnd(58)} n=${String(st.n).padStart(5)}  p50 ${ms(st.p50)}  p95 ${ms(st.p95)}  p99 ${ms(st.p99)}`);
}

/** Cookies as a browser keeps them: updated from every Set-Cookie. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(suffix: string) {
    return [...this.cookies.keys()].some((k) => k.endsWith(suffix));
  }
}

/** One sign-in through next-auth's own endpoints; returns the POST's latency and the jar. */
async function signIn(email: string, password: string): Promise<{ ms: number; ok: boolean; jar: Jar }> {
  const jar = new Jar();
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const t0 = performance.now();
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE, cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  await res.arrayBuffer();
  const elapsed = performance.now() - t0;
  jar.take(res);
  return { ms: elapsed, ok: jar.has("next-auth.session-token"), jar };
}

async function timedGet(pathname: string, cookie?: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${BASE}${pathname}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const body = await res.text();
  const elapsed = performance.now() - t0;
  if (res.status !== 200 || !body.includes("Sign in")) throw new Error(`GET ${pathname} answered ${res.status}`);
  return elapsed;
}

async function main() {
  const name = `wiredesk_bench_auth_${randomBytes(4).toString("hex")}`;
  let server: ChildProcess | undefined;
  const dbUrl = await createDatabase(name);
  try {
    console.log(`Scratch database ${name}; migrating and seeding the demo logins…`);
    await applyMigrations(dbUrl, path.join(ROOT, "prisma/migrations"));
    await dispose();
    const secret = randomBytes(32).toString("base64url");
    // The in-process measurements below use the same database and secret as the server.
    Object.assign(process.env, { DATABASE_URL: dbUrl, DATABASE_POOL_MAX: "10", NEXTAUTH_SECRET: secret, NEXTAUTH_URL: BASE });
    const { seed } = await import("../../prisma/seed");
    await seed({ demo: true, databaseUrl: dbUrl });

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_MAX: "10",
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: BASE,
      WIREDESK_EMBEDDED: "0",
    };
    await buildIfStale(env);
    server = await startServer(PORT, env);
    // Warm up: JIT, pools, the argon2 dummy hash.
    for (const l of LOGINS) await signIn(l.email, l.password);
    for (let i = 0; i < 50; i++) await timedGet("/login");

    console.log("\n── Sign-in over HTTP (POST /api/auth/callback/credentials) ──");
    const good: number[] = [];
    for (let i = 0; i < SIGN_INS; i++) {
      const l = LOGINS[i % LOGINS.length]!;
      const r = await signIn(l.email, l.password);
      if (!r.ok) throw new Error(`sign-in ${i} failed`);
      good.push(r.ms);
    }
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 12; i++) {
      const u = await signIn(`nobody-${i}@bench.example`, "some wrong password");
      // The admin takes the wrong passwords (and the back-off); the editor is used below.
      const w = await signIn(LOGINS[0]!.email, `not the password ${i}`);
      if (u.ok || w.ok) throw new Error("a bad sign-in succeeded");
      unknown.push(u.ms);
      wrong.push(w.ms);
    }
    const { hash, verify } = await import("@node-rs/argon2");
    const stored = await hash("wiredesk-editor", { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const argon: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await verify(stored, "wiredesk-editor");
      argon.push(performance.now() - t0);
    }
    const signInStats = stats(good);
    row("sign-in, correct password", signInStats);
    row("sign-in, wrong password (throttled after 5)", stats(wrong));
    row("sign-in, unknown user", stats(unknown));
    row("argon2id verify alone, in-process (19 MiB, t=2)", stats(argon));

    console.log("\n── Per-request session check: same page, with and without it ──");
    // A signed-in cookie whose session then ends: every request decrypts it and asks the
    // database, which says "no", so /login renders exactly as for an anonymous visitor.
    const { jar } = await signIn(LOGINS[2]!.email, LOGINS[2]!.password);
    const { db } = await import("../../lib/db/client");
    const reporter = await db().user.findUniqueOrThrow({ where: { email: LOGINS[2]!.email }, select: { id: true } });
    await db().user.update({ where: { id: reporter.id }, data: { sessionVersion: { increment: 1 } } });
    const withCheck: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < PAGE_REQUESTS; i++) {
      // Interleaved, so drift on a shared machine hits both series alike.
      without.push(await timedGet("/login"));
      withCheck.push(await timedGet("/login", jar.header()));
    }
    const a = stats(without);
    const b = stats(withCheck);
    row("GET /login, no session cookie (baseline)", a);
    row("GET /login, session cookie → full check", b);
    console.log(`${"added by the check (p50 / p95)".padEnd(58)}          p50 ${ms(b.p50 - a.p50)}  p95 ${ms(b.p95 - a.p95)}`);

    console.log("\n── The check in-process (the same code, timed directly) ──");
    const { decode } = await import("next-auth/jwt");
    const { decodeSessionToken } = await import("../../lib/auth/cookies");
    const { actorForSession } = await import("../../lib/auth/session");
    const { findUserForSession } = await import("../../lib/db/users");
    const editor = await db().user.findUniqueOrThrow({ where: { email: LOGINS[1]!.email }, select: { id: true } });
    const { jar: editorJar } = await signIn(LOGINS[1]!.email, LOGINS[1]!.password);
    const token = editorJar
      .header()
      .split("; ")
      .find((c) => c.startsWith("next-auth.session-token="))!
      .split("=")[1]!;
    const sv = (await findUserForSession(editor.id))!.sessionVersion;
    const firstSight: number[] = [];
    const decodeT: number[] = [];
    const lookupT: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < IN_PROCESS; i++) {
      let t0 = performance.now();
      await decode({ token, secret });
      firstSight.push(performance.now() - t0);
      t0 = performance.now();
      const payload = await decodeSessionToken(token);
      decodeT.push(performance.now() - t0);
      t0 = performance.now();
      const actor = await actorForSession({
        uid: payload?.uid as string,
        sv: payload?.sv as number,
        authTime: payload?.authTime as number,
      });
      lookupT.push(performance.now() - t0);
      if (actor?.id !== editor.id || payload?.sv !== sv) throw new Error("the session check did not resolve the editor");
      t0 = performance.now();
      await db().$queryRaw`SELECT 1`;
      roundTrip.push(performance.now() - t0);
    }
    const d = stats(decodeT);
    const l = stats(lookupT);
    row("next-auth JWT decrypt (A256GCM): a token's first sight", stats(firstSight));
    row("decodeSessionToken (what each request runs; cached)", d);
    row("actorForSession (user lookup by id + comparisons)", l);
    row("baseline: SELECT 1 through the same client", stats(roundTrip));

    console.log("\n── Summary ──");
    console.log(
      `sign-in p95 (argon2id included): ${signInStats.p95.toFixed(1)} ms (argon2id verify alone p95 ${stats(argon).p95.toFixed(1)} ms)`,
    );
    const added = b.p95 - a.p95;
    console.log(
      `session check added to a page request, p95: ${added.toFixed(2)} ms over HTTP; in-process decode + lookup p95 ${(d.p95 + l.p95).toFixed(2)} ms (a token's first decrypt, once a minute per session, p95 ${stats(firstSight).p95.toFixed(2)} ms) — target < 2 ms: ${added < 2 ? "met" : "NOT met"} (HTTP), ${d.p95 + l.p95 < 2 ? "met" : "NOT met"} (in-process)`,
    );
    await (await import("../../lib/db/client")).disconnectDb();
  } finally {
    await stopServer(server);
    await dropDatabase(name);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
