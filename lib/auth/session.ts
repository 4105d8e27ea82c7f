import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { env } from "@/lib/env";
import { findUserForSession } from "@/lib/db/users";
import { can, type Actor, type Permission } from "@/lib/authz/policy";
import { decodeSessionToken, sessionCookieName } from "./cookies";

export type TokenSession = { uid?: string; sv?: number; authTime?: number };

/**
 * The signed-in staff member for this request, or null. Checked against the database
 * on every request: a deactivated user, a changed session version (role change,
 * password change, "sign out everywhere") or a session older than the absolute limit
 * is treated as signed out. The role always comes from the database, never the token.
 */
export const getCurrentUser = cache(async (): Promise<Actor | null> => {
  // The cookie is decrypted here directly: getServerSession ran next-auth's whole session
  // endpoint per request (request object, callbacks) for the same three claims, ~1 ms of the
  // check's cost (bench:auth). The decode verifies the encryption and the expiry as it did.
  const value = (await cookies()).get(sessionCookieName())?.value;
  if (!value) return null;
  const token = await decodeSessionToken(value);
  return actorForSession(token ? { uid: token.uid, sv: token.sv, authTime: token.authTime } : null);
});

/** The database check behind getCurrentUser, separate so tests and benchmarks can time and exercise it. */
export async function actorForSession(session: TokenSession | null, now = Date.now()): Promise<Actor | null> {
  if (!session?.uid || typeof session.sv !== "number" || typeof session.authTime !== "number") return null;
  const ageMinutes = (now / 1000 - session.authTime) / 60;
  if (ageMinutes > env().SESSION_ABSOLUTE_MINUTES) return null;
  const user = await findUserForSession(session.uid);
  if (!user || !user.active || user.sessionVersion !== session.sv) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For desk pages: the current user or a redirect to the sign-in page. */
export async function requireUser(callbackUrl = "/desk"): Promise<Actor> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return user;
}

/** For pages that need a permission: sign-in redirect when signed out, 403 when the role lacks it. */
export async function requirePermission(permission: Permission, callbackUrl: string): Promise<Actor> {
  const user = await requireUser(callbackUrl);
  if (!can(user, permission)) forbidden();
  return user;
}
