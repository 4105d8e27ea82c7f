import { decode, encode, type JWT } from "next-auth/jwt";
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

// Tokens this process has already decrypted, by their exact text. A token is immutable and
// authenticated, so one that decrypted once decrypts to the same claims until it expires;
// a hit skips next-auth's key derivation and AES-GCM (~0.25 ms, twice per signed-in request:
// here in the proxy and in getCurrentUser). Expiry is still checked on every hit. Bounded:
// the oldest entry goes when it is full. Nothing but successful decodes is remembered.
const VERIFIED_MAX = 2_000;
const verified = new Map<string, JWT>();

/**
 * The claims of a session token, or null if it does not decrypt with this secret or has
 * expired. next-auth's decode() plus the cache above; the database check is the caller's.
 */
export async function decodeSessionToken(value: string, now = Date.now()): Promise<JWT | null> {
  let token = verified.get(value) ?? null;
  if (!token) {
    token = await decode({ token: value, secret: authSecret() }).catch(() => null);
    // next-auth always sets an expiry; a token without one is not trusted at all.
    if (!token || typeof token.exp !== "number") return null;
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(value, token);
  }
  if ((token.exp as number) * 1000 > now) return token;
  verified.delete(value);
  return null;
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
  const token = await decodeSessionToken(value);
  if (!token || typeof token.iat !== "number") return;
  if (Date.now() / 1000 - token.iat < SESSION_REFRESH_SECONDS) return;
  const maxAge = env().SESSION_IDLE_MINUTES * 60;
  const fresh = await encode({ token, secret: authSecret(), maxAge });
  res.cookies.set(name, fresh, { ...sessionCookieOptions(), maxAge });
}
