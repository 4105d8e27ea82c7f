/**
 * Where to send someone after signing in (or out): the one rule for every callbackUrl and
 * redirect target that comes from a request. Pure, so the login form (in the browser), the
 * login page and next-auth's `redirect` callback (on the server) all apply the same rule.
 *
 * The target is resolved against the site's origin with the WHATWG URL parser, the same
 * algorithm the browser will use when it follows it, so tricks that a string check misses
 * (`/\tevil`, `/\\evil`, `\\evil`, `https:evil`, `//evil`, userinfo) are judged by what they
 * really point at. Only a result on the same origin is followed, and only as its path,
 * query and fragment; anything else falls back to the desk.
 */
export const AFTER_SIGN_IN = "/desk";

export function safeRedirectPath(target: unknown, origin: string, fallback: string = AFTER_SIGN_IN): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base.origin);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return fallback;
  // The path is returned on its own, and a path starting with "//" (e.g. from "/.//evil")
  // would be read as a scheme-relative URL to another host by whoever follows it.
  if (!url.pathname.startsWith("/") || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
