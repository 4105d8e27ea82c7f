import { NextResponse, type NextRequest } from "next/server";

/**
 * A fast first gate only: a request for the desk without any session cookie goes
 * straight to the sign-in page. Real authorization happens in every page, action and
 * route handler (lib/auth/session.ts + lib/authz/policy.ts), never only here.
 */
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (pathname.toLowerCase().startsWith("/desk")) {
    const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name));
    if (!hasSession) {
      const url = req.nextUrl.clone();
      url.pathname = "/login";
      url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
      return NextResponse.redirect(url);
    }
  }
  return NextResponse.next();
}

export const config = { matcher: ["/desk/:path*"] };
