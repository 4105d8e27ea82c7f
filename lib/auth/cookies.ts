import { decode, encode } from "next-auth/jwt";
import type { NextRequest, NextResponse } from "next/server";
import { authSecret, env, siteUrl } from "@/lib/env";

/**
 * Session cookie policy, set explicitly rather than left to next-auth's defaults:
 * HttpOnly, SameSite=Lax, path /, and Secure (with the __Secure- prefix) in production.
 * The one exception is a production build served on a loopback http:// URL (the
 * embedded try-out, the e2e server), where a Secure cookie could not be set at all.
 */
export function sessionCookieSecure(): boolean {
  const url = new URL(siteUrl());
  if (url.protocol === "https:") return true;
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return env().NODE_ENV === "production" && !loopback;
}

export function sessionCookieName(): string {
  return sessionCookieSecure() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export function sessionCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: sessionCookieSecure() };
}

/** Seconds between re-issues of the sliding (idle) cookie; also next-auth's updateAge. */
export const SESSION_REFRESH_SECONDS = 60;

/**
 * Idle expiry slides with activity. next-auth only re-issues the cookie from its own
 * /api/auth/session endpoint, which server-rendered pages never call, so proxy.ts calls
 * this on every request: a valid token older than a minute is re-encrypted with a fresh
 * idle expiry. It never revives anything: an expired or tampered token fails to decode,
 * and the per-request check in session.ts still compares active / sessionVersion /
 * absolute age with the database.
 */
export async function refreshSessionCookie(req: NextRequest, res: NextResponse): Promise<void> {
  const name = sessionCookieName();
  const value = req.cookies.get(name)?.value;
  if (!value) return;
  const secret = authSecret();
  const token = await decode({ token: value, secret }).catch(() => null);
  if (!token || typeof token.iat !== "number") return;
  if (Date.now() / 1000 - token.iat < SESSION_REFRESH_SECONDS) return;
  const maxAge = env().SESSION_IDLE_MINUTES * 60;
  const fresh = await encode({ token, secret, maxAge });
  res.cookies.set(name, fresh, { ...sessionCookieOptions(), maxAge });
}
