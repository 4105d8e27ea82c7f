import { NextResponse, type NextRequest } from "next/server";
import { env, siteUrl } from "@/lib/env";
import { refreshSessionCookie } from "@/lib/auth/cookies";
import { baseSecurityHeaders, newNonce, nonceCsp } from "@/lib/http/csp";

/**
 * Runs before every request except static build assets. It does four cheap things; real
 * authorization still happens in every page, action and route handler
 * (lib/auth/session.ts + lib/authz/policy.ts), never only here.
 *
 * 1. Forwarding headers. `next start` fills X-Forwarded-For/-Host/-Proto from the socket
 *    only when the client did not send them, so a client could pick its own IP (and dodge
 *    the per-IP sign-in ceiling). Without TRUSTED_PROXIES we drop what the client sent and
 *    Next writes the socket's values after us.
 * 2. CSRF. Every state-changing request (server actions included: Next itself lets a
 *    server action without an Origin through) must carry this site's own Origin. A
 *    foreign Origin, `Origin: null` and a missing Origin get 403.
 * 3. Headers. A CSP with a fresh nonce per request (Next reads it from the request's CSP
 *    header and applies it to its own scripts), HSTS in production, and the rest.
 * 4. A desk request without any session cookie goes straight to the sign-in page.
 * 5. The session cookie's idle expiry slides with activity (lib/auth/cookies.ts).
 */
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function trustsProxy(): boolean {
  return env().TRUSTED_PROXIES.trim() !== "";
}

/** The origins a state-changing request may come from: the configured site, and this host. */
function allowedOrigins(req: NextRequest): Set<string> {
  const allowed = new Set<string>([new URL(siteUrl()).origin]);
  const host = (trustsProxy() ? req.headers.get("x-forwarded-host") : null) ?? req.headers.get("host");
  const proto = (trustsProxy() ? req.headers.get("x-forwarded-proto") : null) ?? req.nextUrl.protocol.replace(":", "");
  if (host) allowed.add(`${proto}://${host}`);
  return allowed;
}

function withSecurityHeaders(res: NextResponse, csp: string): NextResponse {
  const production = env().NODE_ENV === "production";
  for (const [k, v] of Object.entries(baseSecurityHeaders(production))) res.headers.set(k, v);
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

export async function proxy(req: NextRequest) {
  const development = env().NODE_ENV === "development";
  const nonce = newNonce();
  const csp = nonceCsp(nonce, development);

  if (!SAFE_METHODS.has(req.method)) {
    const origin = req.headers.get("origin");
    if (!origin || origin === "null" || !allowedOrigins(req).has(origin)) {
      const res = NextResponse.json(
        {
          error: {
            code: "FORBIDDEN",
            message: origin ? "Cross-origin request refused" : "Missing Origin on a state-changing request",
          },
        },
        { status: 403 },
      );
      return withSecurityHeaders(res, csp);
    }
  }

  const { pathname, search } = req.nextUrl;
  if (pathname.toLowerCase().startsWith("/desk")) {
    const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name));
    if (!hasSession) {
      const url = req.nextUrl.clone();
      url.pathname = "/login";
      url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
      return withSecurityHeaders(NextResponse.redirect(url), csp);
    }
  }

  const headers = new Headers(req.headers);
  if (!trustsProxy()) for (const h of FORWARDING_HEADERS) headers.delete(h);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const res = NextResponse.next({ request: { headers } });
  // next-auth's own endpoints set or clear the cookie themselves (sign-in, sign-out); a
  // refreshed copy of the old one must not race them.
  if (!pathname.startsWith("/api/auth/")) await refreshSessionCookie(req, res);
  return withSecurityHeaders(res, csp);
}

export const config = {
  // Everything but build assets (immutable files that carry no HTML).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
