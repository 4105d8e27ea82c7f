// Sign-in throttling under concurrency (issue #11, #12 item 5), on a real Postgres.
// What is measured is how many submitted passwords were actually verified against an
// account's stored hash: verifyPassword is wrapped (not replaced) to count that.
// The two-instance test needs several connections and is SKIPPED on PGlite (one connection).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { loginThrottle } from "@/lib/db/login-attempts";
import { env } from "@/lib/env";
import { createUser } from "@/prisma/factories";
import { authenticate, SIGN_IN_LIMITS } from "./auth";

const spy = vi.hoisted(() => ({
  /** stored hash → passwords verified against it */
  checked: new Map<string, string[]>(),
  /** every call, real hash or the dummy one */
  calls: 0,
  /** verifications of this password against a real hash wait for `gate` */
  gate: null as null | { password: string; open: Promise<void> },
}));

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/password")>();
  return {
    ...real,
    async verifyPassword(hash: string | null | undefined, password: string) {
      spy.calls++;
      if (hash) {
        spy.checked.set(hash, [...(spy.checked.get(hash) ?? []), password]);
        if (spy.gate && spy.gate.password === password) await spy.gate.open;
      }
      return real.verifyPassword(hash, password);
    },
  };
});

const onPglite = env().DATABASE_POOL_MAX === 1;
const RIGHT = "correct horse battery";
const WRONG = "not the password at all";
const { FREE_FAILURES, IP_CEILING } = SIGN_IN_LIMITS;

let ipSeq = 0;
/** A fresh client address per use, so tests never share an IP budget. */
const freshIp = () => `198.18.${Math.floor(Math.random() * 250)}.${(ipSeq++ % 250) + 1}`;

async function account(active = true) {
  const email = `throttle-${randomUUID().slice(0, 8)}@test.example`;
  const user = await createUser({ email, name: `Throttle ${email}`, role: "REPORTER", password: RIGHT });
  if (!active) await db().user.update({ where: { id: user.id }, data: { active: false } });
  const { passwordHash } = (await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } }))!;
  const passwords = () => spy.checked.get(passwordHash!) ?? [];
  return { id: user.id, email, passwords, checks: () => passwords().length };
}

const attempt = (email: string, password: string, ip: string, now?: Date, throttle?: ReturnType<typeof loginThrottle>) =>
  authenticate({ email, password, ip }, { now, throttle });

async function until(cond: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(() => {
  spy.gate = null;
});

describe("a burst of wrong guesses at one account", () => {
  it.each([10, 30, 60])("checks exactly %i → 5 passwords, all refused, the rest throttled", async (n) => {
    const a = await account();
    const ip = freshIp();
    // One instant for the whole burst, so the back-off never legitimately allows a 6th.
    const now = new Date();
    const results = await Promise.all(Array.from({ length: n }, () => attempt(a.email, WRONG, ip, now)));
    expect(results.every((r) => r === null)).toBe(true);
    expect(a.checks()).toBe(FREE_FAILURES);
    expect(await db().loginAttempt.count({ where: { email: a.email } })).toBe(FREE_FAILURES);
    const reasons = (
      await db().auditLog.findMany({ where: { targetId: a.id, action: "auth.sign_in_failed" }, select: { meta: true } })
    ).map((r) => (r.meta as { reason: string }).reason);
    expect(reasons.filter((r) => r === "credentials")).toHaveLength(FREE_FAILURES);
    expect(reasons.filter((r) => r === "throttled")).toHaveLength(n - FREE_FAILURES);
  });

  it("holds when the burst comes from 30 different addresses", async () => {
    const a = await account();
    const now = new Date();
    await Promise.all(Array.from({ length: 30 }, () => attempt(a.email, WRONG, freshIp(), now)));
    expect(a.checks()).toBe(FREE_FAILURES);
  });
});

/** The app's throttle, taking 10 ms over each decision: a wide window for a race to show in. */
function slowDeciding(pool?: pg.Pool): ReturnType<typeof loginThrottle> {
  const base = loginThrottle(pool);
  return {
    reserve: (input, mayCheck) =>
      base.reserve(input, async (failures) => {
        await new Promise((r) => setTimeout(r, 10));
        return mayCheck(failures);
      }),
  };
}

describe("the per-address ceiling", () => {
  it("60 wrong guesses at once from one address, over 15 accounts (4 each), check exactly 50", async () => {
    const accounts = await Promise.all(Array.from({ length: 15 }, () => account()));
    const ip = freshIp();
    const now = new Date();
    const throttle = slowDeciding();
    await Promise.all(accounts.flatMap((a) => Array.from({ length: 4 }, () => attempt(a.email, WRONG, ip, now, throttle))));
    expect(accounts.reduce((sum, a) => sum + a.checks(), 0)).toBe(IP_CEILING);
    // and the next one, even with the right password, is not checked
    const before = accounts[0]!.checks();
    expect(await attempt(accounts[0]!.email, RIGHT, ip, now)).toBeNull();
    expect(accounts[0]!.checks()).toBe(before);
  });
});

describe("the right password during a burst", () => {
  it("is refused once the burst has used up the account's checks, even before those checks finish", async () => {
    const a = await account();
    const ip = freshIp();
    const now = new Date();
    let open!: () => void;
    spy.gate = { password: WRONG, open: new Promise<void>((r) => (open = r)) };
    let settled = 0;
    // Ten wrong guesses; the ones that get checked are held inside their argon2 verify.
    const burst = Array.from({ length: 10 }, () => attempt(a.email, WRONG, ip, now).finally(() => settled++));
    await until(() => a.checks() + settled === 10);
    expect(a.checks()).toBe(FREE_FAILURES);
    try {
      // The attacker's five checks are still running: the right password must not get in now.
      const right = await Promise.all([0, 1, 2].map(() => attempt(a.email, RIGHT, freshIp(), now)));
      expect(right).toEqual([null, null, null]);
    } finally {
      open();
    }
    expect(await Promise.all(burst)).toEqual(Array(10).fill(null));
    expect(a.checks()).toBe(FREE_FAILURES);
    expect(await attempt(a.email, RIGHT, ip, now)).toBeNull();
    expect(await db().auditLog.count({ where: { targetId: a.id, action: "auth.sign_in" } })).toBe(0);
  });

  it("is accepted in a mixed burst only as one of the 5 checks", async () => {
    const a = await account();
    const ip = freshIp();
    const now = new Date();
    const results = await Promise.all(
      [...Array.from({ length: 9 }, () => WRONG), RIGHT].map((p) => attempt(a.email, p, ip, now)),
    );
    expect(a.checks()).toBeLessThanOrEqual(FREE_FAILURES);
    // The right password gets in only if it was one of the checked five.
    expect(results.filter(Boolean)).toHaveLength(a.passwords().includes(RIGHT) ? 1 : 0);
  });
});

describe("a lockout", () => {
  it("is not extended by guesses that arrive while it lasts", async () => {
    const a = await account();
    const ip = freshIp();
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    await Promise.all(Array.from({ length: FREE_FAILURES }, () => attempt(a.email, WRONG, ip, at(0))));
    expect(a.checks()).toBe(FREE_FAILURES);
    // Locked for 2 s. Guesses (and the owner) keep arriving every 100 ms during it.
    for (let ms = 100; ms < 2_000; ms += 100) {
      expect(await attempt(a.email, ms % 500 === 0 ? RIGHT : WRONG, freshIp(), at(ms))).toBeNull();
    }
    expect(a.checks()).toBe(FREE_FAILURES);
    // When it ends, the right password works.
    expect(await attempt(a.email, RIGHT, ip, at(2_001))).toMatchObject({ id: a.id });
    expect(a.checks()).toBe(FREE_FAILURES + 1);
  });

  it("still doubles with each wrong guess that is checked", async () => {
    const a = await account();
    const ip = freshIp();
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    await Promise.all(Array.from({ length: FREE_FAILURES }, () => attempt(a.email, WRONG, ip, at(0))));
    expect(await attempt(a.email, WRONG, ip, at(2_001))).toBeNull(); // checked: the 6th failure, now 4 s
    expect(a.checks()).toBe(FREE_FAILURES + 1);
    expect(await attempt(a.email, RIGHT, ip, at(2_001 + 3_900))).toBeNull();
    expect(await attempt(a.email, RIGHT, ip, at(2_001 + 4_001))).toMatchObject({ id: a.id });
  });
});

describe("every refusal looks the same", () => {
  it("throttled, unknown, deactivated and wrong: null, one argon2id verify each, the real hash only when checked", async () => {
    const locked = await account();
    const inactive = await account(false);
    const plain = await account();
    const now = new Date();
    await Promise.all(Array.from({ length: FREE_FAILURES }, () => attempt(locked.email, WRONG, freshIp(), now)));

    const cases = {
      throttled: () => attempt(locked.email, RIGHT, freshIp(), now),
      unknown: () => attempt(`nobody-${randomUUID()}@test.example`, RIGHT, freshIp(), now),
      deactivated: () => attempt(inactive.email, RIGHT, freshIp(), now),
      wrong: () => attempt(plain.email, WRONG, freshIp(), now),
    };
    for (const [name, run] of Object.entries(cases)) {
      const calls = spy.calls;
      expect(await run(), name).toBeNull();
      expect(spy.calls - calls, name).toBe(1);
    }
    expect(locked.checks()).toBe(FREE_FAILURES); // the throttled attempt never touched the real hash
    expect(inactive.checks()).toBe(1);
  });
});

describe.skipIf(onPglite)("two app instances", () => {
  const pools = [0, 1].map(() => new pg.Pool({ connectionString: env().DATABASE_URL, max: 4 }));
  afterAll(async () => {
    for (const p of pools) await p.end();
  });

  it("share one budget: 30 wrong guesses split over two instances' own pools check exactly 5", async () => {
    const throttles = pools.map((p) => loginThrottle(p));
    const a = await account();
    const now = new Date();
    await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(a.email, WRONG, freshIp(), now, throttles[i % 2])));
    expect(a.checks()).toBe(FREE_FAILURES);
  });

  it("share one address ceiling", async () => {
    const throttles = pools.map((p) => slowDeciding(p));
    const accounts = await Promise.all(Array.from({ length: 15 }, () => account()));
    const ip = freshIp();
    const now = new Date();
    await Promise.all(
      accounts.flatMap((a, i) => Array.from({ length: 4 }, (_, j) => attempt(a.email, WRONG, ip, now, throttles[(i + j) % 2]))),
    );
    expect(accounts.reduce((sum, a) => sum + a.checks(), 0)).toBe(IP_CEILING);
  });
});
