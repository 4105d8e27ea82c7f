import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authSecret, env } from "@/lib/env";
import { authenticate } from "@/lib/services/auth";
import { recordSignOut } from "@/lib/services/users";
import { clientIp } from "./ip";
import { safeRedirectPath } from "./safe-redirect";
import { SESSION_REFRESH_SECONDS, sessionCookieName, sessionCookieOptions, sessionCookieSecure } from "./cookies";

const credentialsSchema = z.object({
  email: z.string().trim().max(320),
  password: z.string().max(1024),
});

/**
 * next-auth v4, Credentials + JWT sessions. The token carries the user id, the user's
 * session version at sign-in and the sign-in time; lib/auth/session.ts checks all three
 * against the database on every request (idle expiry is the cookie's maxAge, refreshed
 * on activity; absolute expiry is checked from authTime).
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: e.SESSION_IDLE_MINUTES * 60, updateAge: SESSION_REFRESH_SECONDS },
    useSecureCookies: sessionCookieSecure(),
    cookies: { sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() } },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const headers = new Headers();
          for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") headers.set(k, v);
          const user = await authenticate({ ...parsed.data, ip: clientIp(headers) });
          if (!user) return null;
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    events: {
      // Signing out ends the session for good: a copy of the cookie cannot be replayed.
      async signOut({ token }) {
        if (token?.uid && typeof token.sv === "number") await recordSignOut(token.uid, token.sv);
      },
    },
    callbacks: {
      // Every callbackUrl next-auth follows (sign-in, sign-out) passes the same rule as the
      // login form: a path on this site, or the desk.
      redirect({ url, baseUrl }) {
        const origin = new URL(baseUrl).origin;
        return origin + safeRedirectPath(url, origin);
      },
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          token.authTime = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, authTime: token.authTime };
      },
    },
  };
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    authTime?: number;
  }
}
