import "server-only";
import { transaction } from "@/lib/db/client";
import { countRecentFailures, findUserByEmailForLogin, insertLoginAttempt, markSignedIn } from "@/lib/db/users";
import { verifyPassword } from "@/lib/auth/password";
import { audit } from "./audit";
import type { Role } from "@/lib/authz/policy";

const WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 5;
const IP_CEILING = 50;
const MAX_DELAY_MS = 15 * 60_000;

export type SignedInUser = { id: string; email: string; name: string; role: Role; sessionVersion: number };

/** Seconds an account must wait after `failures` recent failures (0 = no wait). */
export function backoffMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, 2 ** (failures - FREE_FAILURES) * 2_000);
}

/**
 * Checks credentials with throttling kept in Postgres (works across instances).
 * Returns null for a wrong password, an unknown user, a deactivated user and a
 * throttled attempt alike, so the caller cannot tell them apart.
 */
export async function authenticate(input: { email: string; password: string; ip: string }): Promise<SignedInUser | null> {
  const email = input.email.trim().toLowerCase().slice(0, 320);
  const now = Date.now();
  const failures = await countRecentFailures(email, input.ip, new Date(now - WINDOW_MS));
  const wait = backoffMs(failures.byEmail);
  const throttled =
    failures.byIp >= IP_CEILING || (wait > 0 && failures.lastFailureAt !== null && now - failures.lastFailureAt.getTime() < wait);

  const user = await findUserByEmailForLogin(email);
  // Verify even when throttled or unknown, so every answer costs the same.
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  const ok = !throttled && passwordOk && !!user && user.active;

  await transaction(async (tx) => {
    await insertLoginAttempt(tx, { email, ip: input.ip, success: ok });
    if (ok && user) await markSignedIn(tx, user.id);
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
