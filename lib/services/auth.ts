import "server-only";
import { transaction } from "@/lib/db/client";
import { loginThrottle, markLoginAttemptSucceeded, type LoginThrottle, type RecentFailures } from "@/lib/db/login-attempts";
import { findUserByEmailForLogin, markSignedIn } from "@/lib/db/users";
import { verifyPassword } from "@/lib/auth/password";
import { audit } from "./audit";
import type { Role } from "@/lib/authz/policy";

const WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 5;
const IP_CEILING = 50;
const MAX_DELAY_MS = 15 * 60_000;

export const SIGN_IN_LIMITS = { WINDOW_MS, FREE_FAILURES, IP_CEILING } as const;

export type SignedInUser = { id: string; email: string; name: string; role: Role; sessionVersion: number };

/** Milliseconds an account must wait after `failures` recent failures (0 = no wait). */
export function backoffMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, 2 ** (failures - FREE_FAILURES) * 2_000);
}

/** Whether a password may be checked now, given the checked failures in the window. */
export function mayCheckPassword(failures: RecentFailures, now: Date): boolean {
  if (failures.byIp >= IP_CEILING) return false;
  const wait = backoffMs(failures.byEmail);
  return !(wait > 0 && failures.lastFailureAt !== null && now.getTime() - failures.lastFailureAt.getTime() < wait);
}

/**
 * Checks credentials with throttling kept in Postgres (works across instances).
 * Returns null for a wrong password, an unknown user, a deactivated user and a
 * throttled attempt alike, so the caller cannot tell them apart.
 *
 * `deps` is for tests: the clock, and the throttle's connection pool (a second
 * app instance).
 */
export async function authenticate(
  input: { email: string; password: string; ip: string },
  deps: { now?: Date; throttle?: LoginThrottle } = {},
): Promise<SignedInUser | null> {
  const email = input.email.trim().toLowerCase().slice(0, 320);
  const now = deps.now ?? new Date();
  // Count and decide in one step under a lock (lib/db/login-attempts.ts): at most the
  // allowed number of passwords is ever checked, however many attempts arrive at once.
  const attemptId = await (deps.throttle ?? loginThrottle()).reserve(
    { email, ip: input.ip, now, since: new Date(now.getTime() - WINDOW_MS) },
    (failures) => mayCheckPassword(failures, now),
  );
  const throttled = attemptId === null;

  const user = await findUserByEmailForLogin(email);
  // Every answer costs one argon2id verify, so timing does not tell the cases apart; a
  // throttled attempt verifies against the dummy hash and never tests the real password.
  const passwordOk = await verifyPassword(throttled ? null : user?.passwordHash, input.password);
  const ok = !throttled && passwordOk && !!user && user.active;

  await transaction(async (tx) => {
    if (ok && user) {
      await markLoginAttemptSucceeded(tx, attemptId!);
      await markSignedIn(tx, user.id);
    }
    await audit(tx, {
      actorId: ok && user ? user.id : null,
      action: ok ? "auth.sign_in" : "auth.sign_in_failed",
      targetType: "user",
      targetId: user?.id,
      ip: input.ip,
      meta: ok ? {} : { email, reason: throttled ? "throttled" : "credentials" },
    });
  });
  if (!ok || !user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
