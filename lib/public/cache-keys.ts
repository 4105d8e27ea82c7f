import { EventEmitter } from "node:events";
import { isSlug } from "../slug";

/**
 * Dependency keys of the public page cache, shared by the server (scripts/server.ts), which
 * tags each cached response with them, and by lib/public/invalidate.ts, which names the
 * keys a change affects. No database or Next.js imports: scripts/server.ts loads this too.
 */
export const CHANNEL = "wiredesk_public";

/** Search result pages' key: they live in a cache of their own (page-cache.ts). */
export const SEARCH_KEY = "search";

export function isSearchPage(keys: readonly string[]): boolean {
  return keys.includes(SEARCH_KEY);
}

/** Lists that every published story appears on (search results included). */
export const LIST_KEYS = ["home", "feeds", "sitemaps", "api", "search"] as const;

/**
 * Every public HTML page carries the site's frame (the masthead's section navigation), so
 * every one depends on this key too; feeds, sitemaps and the API do not.
 */
export const FRAME_KEY = "frame";

/**
 * One public URL path, one spelling. Readers (and probes) may ask for `/stories/%6dy-story`,
 * `/stories/%6Dy-story`, `/stories/MY-STORY` or `/stories/my-story/`; Next decodes them all to
 * the same page, but a cache keyed by the raw path would store each spelling apart, under
 * dependency keys (`story:%6dy-story`) that no invalidation ever names, so a killed story
 * would stay public until the TTL. Every path is therefore brought to its canonical form
 * here, once, before it becomes a cache key:
 *  - each segment is percent-decoded exactly once (a double-encoded `%256d` decodes to
 *    `%6d`, which is not a slug: never decoded again) and lower-cased (every public path
 *    and slug is lowercase: lib/slug.ts);
 *  - one trailing slash is dropped;
 *  - a decoded segment that is not plain `[a-z0-9._-]` (an encoded slash, `%`, `..`, spaces,
 *    non-ASCII, an empty segment) makes the path not cacheable: Next answers it (a 404:
 *    pages accept only slugs) and nothing is stored;
 *  - a path that is public but was not spelled canonically gets a redirect to the canonical
 *    spelling (`redirect`), and is never stored under its own spelling.
 * Returns null for paths the cache does not serve.
 */
export function canonicalPublicPath(
  rawPath: string,
): { kind: "canonical"; path: string; keys: string[] } | { kind: "redirect"; path: string } | null {
  if (!rawPath.startsWith("/") || rawPath.length > 512) return null;
  const segments = rawPath.split("/").slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  const decoded: string[] = [];
  for (const segment of segments) {
    let d: string;
    try {
      d = decodeURIComponent(segment).toLowerCase();
    } catch {
      return null;
    }
    const isRoot = segments.length === 1 && d === "";
    if (!isRoot && !/^[a-z0-9][a-z0-9._-]*$/.test(d)) return null;
    decoded.push(d);
  }
  const path = `/${decoded.join("/")}`;
  const keys = keysForPath(path);
  if (!keys) return null;
  return path === rawPath ? { kind: "canonical", path, keys } : { kind: "redirect", path };
}

/**
 * The dependency keys of a canonical public path (canonicalPublicPath), or null when the path
 * is not cached (the desk, auth, assets Next already serves with immutable headers, anything
 * unknown, a slug position holding something that is not a slug).
 */
export function keysForPath(pathname: string): string[] | null {
  const keys = dataKeysForPath(pathname);
  if (!keys) return null;
  return isHtmlPath(pathname) ? [...keys, FRAME_KEY] : keys;
}

/** Pages (not feeds, sitemaps, robots.txt or the JSON API). */
function isHtmlPath(pathname: string): boolean {
  return !/\.(xml|txt)$/.test(pathname) && !pathname.startsWith("/api/");
}

/** What a URL shows, by key (see keysForPath). */
function dataKeysForPath(pathname: string): string[] | null {
  if (pathname === "/") return ["home"];
  const parts = pathname.split("/").slice(1);
  const [first, second, third] = parts;
  switch (first) {
    case "stories":
      return parts.length === 2 && second && isSlug(second) ? [`story:${second}`] : null;
    case "tags":
      if (!second || !isSlug(second)) return null;
      if (parts.length === 2 || (parts.length === 3 && (third === "feed.xml" || third === "atom.xml"))) return [`tag:${second}`];
      return null;
    case "authors":
      return parts.length === 2 && second && isSlug(second) ? [`author:${second}`] : null;
    case "feed.xml":
    case "atom.xml":
      return parts.length === 1 ? ["feeds"] : null;
    case "sitemap.xml":
    case "news-sitemap.xml":
      return parts.length === 1 ? ["sitemaps"] : null;
    case "search":
      // Kept apart by the server (a small cache with a short TTL): see page-cache.ts.
      return parts.length === 1 ? [SEARCH_KEY] : null;
    case "robots.txt":
      return parts.length === 1 ? ["static"] : null;
    case "api":
      if (second !== "content" || third !== "stories") return null;
      if (parts.length === 3) return ["api"];
      // By id or slug: both are lowercase slug-shaped (cuids are [a-z0-9]).
      if (parts.length === 4 && parts[3] && isSlug(parts[3])) return [`story:${parts[3]}`];
      return null;
    default:
      return null;
  }
}

type Listener = (keys: string[]) => void;

/**
 * One emitter per process, kept on globalThis because Next bundles the app separately from
 * scripts/server.ts: two copies of this module must still share it.
 */
function emitter(): EventEmitter {
  const g = globalThis as unknown as { __wiredeskPublicInvalidation?: EventEmitter };
  g.__wiredeskPublicInvalidation ??= new EventEmitter().setMaxListeners(50);
  return g.__wiredeskPublicInvalidation;
}

export function emitLocalInvalidation(keys: string[]): void {
  emitter().emit("invalidate", keys);
}

export function onLocalInvalidation(listener: Listener): () => void {
  emitter().on("invalidate", listener);
  return () => emitter().off("invalidate", listener);
}
