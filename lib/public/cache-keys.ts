import { EventEmitter } from "node:events";

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

/** Paths the public cache may serve (anything else always goes straight to Next). */
export function isCacheablePath(pathname: string): boolean {
  return keysForPath(pathname) !== null;
}

/**
 * The dependency keys of a public URL, or null when the URL is not cached (the desk, auth,
 * assets Next already serves with immutable headers, anything unknown).
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
      return parts.length === 2 && second ? [`story:${second}`] : null;
    case "tags":
      if (!second) return null;
      if (parts.length === 2 || (parts.length === 3 && (third === "feed.xml" || third === "atom.xml"))) return [`tag:${second}`];
      return null;
    case "authors":
      return parts.length === 2 && second ? [`author:${second}`] : null;
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
      if (parts.length === 4 && parts[3]) return [`story:${parts[3]}`];
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
