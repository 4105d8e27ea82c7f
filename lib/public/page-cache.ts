import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { cspDirectives, serializeCsp } from "../http/csp";
import { isSlug } from "../slug";
import { canonicalPublicPath, isSearchPage } from "./cache-keys";
import { normalizeSearchQuery } from "./search";

/**
 * The public page cache's data structure and rules, used by scripts/server.ts. Kept free of
 * Next.js and database imports so it can be unit-tested. See ARCHITECTURE.md.
 */
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/** A staff request: a next-auth session cookie, or credentials. Never cached, anywhere. */
export function isSignedInRequest(req: IncomingMessage): boolean {
  const cookie = req.headers.cookie ?? "";
  // `name=` or a chunk of a large token (`name.0=`), as next-auth writes them.
  return (
    SESSION_COOKIES.some((name) => cookie.includes(`${name}=`) || cookie.includes(`${name}.`)) ||
    req.headers.authorization !== undefined
  );
}
/** A safety net for what no service invalidates (the masthead date, tag renames). */
export const TTL_MS = 10 * 60_000;
const MAX_BYTES = 128 * 1024 * 1024;
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
/**
 * Search result pages live in a cache of their own: readers choose the URLs, so an unbounded
 * number of them could otherwise push articles out of the main cache. Small (a popular query
 * is answered from memory; one-off queries push each other out, least recently used first),
 * and evicted like every list on any public change (key "search").
 */
export const SEARCH_CACHE = { maxBytes: 16 * 1024 * 1024, ttlMs: 60_000 } as const;

export interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  keys: string[];
  storedAt: number;
}

export class PublicCache {
  private entries = new Map<string, Entry>();
  private byKey = new Map<string, Set<string>>();
  private bytes = 0;
  /** Invalidation counter, and the counter value at each key's last invalidation. */
  private generation = 0;
  private keyGeneration = new Map<string, number>();
  /** The generation of the last clear(): renders that began before it may not store. */
  private clearedAt = 0;
  /** While suspended (invalidations may be going unheard), nothing is stored. */
  private suspended = false;
  stats = { hits: 0, misses: 0, evictions: 0, invalidations: 0 };
  private readonly maxBytes: number;
  private readonly ttlMs: number;

  constructor({ maxBytes = MAX_BYTES, ttlMs = TTL_MS }: { maxBytes?: number; ttlMs?: number } = {}) {
    this.maxBytes = maxBytes;
    this.ttlMs = ttlMs;
  }

  get size(): number {
    return this.entries.size;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** A fresh entry, or undefined (missing, invalidated or past its TTL). */
  get(url: string): Entry | undefined {
    const found = this.lookup(url);
    return found?.fresh ? found.entry : undefined;
  }

  /**
   * The entry for `url`, fresh or past its TTL. The TTL is only a safety net (invalidation
   * deletes entries at once, so a stale entry is never one a change has outdated): the server
   * serves a stale entry while one render refreshes it, instead of making every reader of a
   * popular page wait for that render. Expired entries still go by LRU and size.
   */
  lookup(url: string): { entry: Entry; fresh: boolean } | undefined {
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    // Least recently used goes first: re-insert at the end.
    this.entries.delete(url);
    this.entries.set(url, entry);
    return { entry, fresh: Date.now() - entry.storedAt <= this.ttlMs };
  }

  /** Stores unless one of the entry's keys was invalidated after its render began. */
  set(url: string, entry: Entry, renderStartedAt: number): boolean {
    if (this.suspended || renderStartedAt < this.clearedAt) return false;
    if (entry.keys.some((k) => (this.keyGeneration.get(k) ?? 0) > renderStartedAt)) return false;
    const size = entry.body.length + (entry.gzip?.length ?? 0);
    if (size > Math.min(MAX_ENTRY_BYTES, this.maxBytes)) return false;
    this.delete(url);
    this.entries.set(url, entry);
    this.bytes += size;
    for (const k of entry.keys) {
      let urls = this.byKey.get(k);
      if (!urls) this.byKey.set(k, (urls = new Set()));
      urls.add(url);
    }
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
      this.stats.evictions++;
    }
    return true;
  }

  invalidate(keys: string[]): number {
    this.generation++;
    this.stats.invalidations++;
    let evicted = 0;
    for (const k of keys) {
      this.keyGeneration.set(k, this.generation);
      for (const url of this.byKey.get(k) ?? []) {
        if (this.delete(url)) evicted++;
      }
    }
    return evicted;
  }

  /** Forgets one URL (a refresh that produced nothing cacheable must not leave it stale). */
  drop(url: string): void {
    this.delete(url);
  }

  /** Drops everything, and every render in flight loses its right to be stored. */
  clear(): void {
    this.generation++;
    this.clearedAt = this.generation;
    this.entries.clear();
    this.byKey.clear();
    this.bytes = 0;
  }

  /**
   * Invalidations may be going unheard (the LISTEN connection is lost or silent): drop
   * everything and store nothing until resume(). Readers are served fresh renders meanwhile.
   */
  suspend(): void {
    this.suspended = true;
    this.clear();
  }

  /** Listening again: clear once more (what was rendered while deaf is not kept) and store again. */
  resume(): void {
    this.clear();
    this.suspended = false;
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  private delete(url: string): boolean {
    const entry = this.entries.get(url);
    if (!entry) return false;
    this.entries.delete(url);
    this.bytes -= entry.body.length + (entry.gzip?.length ?? 0);
    for (const k of entry.keys) {
      const urls = this.byKey.get(k);
      urls?.delete(url);
      if (urls && urls.size === 0) this.byKey.delete(k);
    }
    return true;
  }
}

/**
 * What the server does with a request: serve it from the cache under `url` (the canonical
 * path and query, which is also what Next renders), redirect it to its canonical spelling,
 * refuse it (a query value no page accepts: answered without a render), or (null) pass it
 * straight to Next, uncached.
 */
export type CacheDecision =
  | { kind: "cache"; url: string; keys: string[] }
  | { kind: "redirect"; location: string }
  | { kind: "reject"; status: 400 | 404; message: string; json: boolean };

const page = z
  .string()
  .regex(/^[1-9][0-9]{0,4}$/, "a whole number from 1")
  .refine((v) => Number(v) <= 10_000, "at most 10000");
/** The query each kind of public URL reads, as canonical strings (the content API's own schema, lib/public/content-api.ts, says the same). */
const apiQuery = z.strictObject({
  page: page.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).transform(String).optional(),
  tag: z
    .string()
    .transform((v) => v.toLowerCase())
    .refine(isSlug, "a tag slug")
    .optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v).toISOString())
    .optional(),
  until: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v).toISOString())
    .optional(),
});
const listPageQuery = z.object({ page: page.optional() });
const searchQuery = z.object({
  // What the page searches for (lib/public/search.ts): spellings that search alike share an entry.
  q: z
    .string()
    .transform((v) => normalizeSearchQuery(v) || undefined)
    .optional(),
  page: page.optional(),
});
const noQuery = z.object({});

function querySchemaFor(path: string, keys: readonly string[]): z.ZodType<Record<string, string | undefined>> {
  if (isSearchPage(keys)) return searchQuery;
  if (path === "/api/content/stories") return apiQuery;
  if (path === "/" || /^\/(tags|authors)\/[^/]+$/.test(path)) return listPageQuery;
  return noQuery;
}

/** Requests Next's client router makes for RSC payloads: never the cached HTML. */
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-action"];

/**
 * The cache decision for a request; the one place where a request URL becomes a cache key.
 * The path is canonicalised by canonicalPublicPath (cache-keys.ts); the query is validated
 * per kind of URL with zod and rebuilt from the parsed values only, sorted: known parameters
 * in their canonical form (`tag=Foo` → `tag=foo`, `since` as UTC ISO), and parameters a page
 * does not read left out, so `?utm_source=x` or `?page=2&x=1` share the entry of the URL
 * without them (the content API, which refuses unknown parameters, refuses them here too).
 * A repeated or invalid parameter is refused without a render (a 400 from the API, a 404 from
 * a page, as Next would answer), so no value a reader invents costs a render or an entry.
 */
export function cacheKeyFor(req: IncomingMessage): CacheDecision | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  if (isSignedInRequest(req)) return null;
  if (ROUTER_HEADERS.some((h) => req.headers[h] !== undefined)) return null;
  const raw = req.url ?? "/";
  if (raw.length > 512) return null;
  const q = raw.indexOf("?");
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const rawQuery = q < 0 ? "" : raw.slice(q);
  const path = canonicalPublicPath(rawPath);
  if (!path) return null;
  if (path.kind === "redirect") return { kind: "redirect", location: path.path + rawQuery };

  const params = new URLSearchParams(rawQuery);
  if (params.has("_rsc")) return null;
  const isApi = path.path.startsWith("/api/");
  const schema = querySchemaFor(path.path, path.keys);
  // The status Next itself gives: the API refuses a bad query (400); a page has no such page (404).
  const reject = (message: string): CacheDecision => ({ kind: "reject", status: isApi ? 400 : 404, message, json: isApi });
  const input: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in input) return reject(`Repeated parameter: ${name}`);
    input[name] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
    return reject(message);
  }
  const canonical = new URLSearchParams();
  for (const [name, value] of Object.entries(parsed.data)) if (value !== undefined) canonical.set(name, value);
  canonical.sort();
  const search = canonical.toString();
  return { kind: "cache", url: search ? `${path.path}?${search}` : path.path, keys: path.keys };
}

/** sha256 of every inline classic/module script, as CSP hash sources. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? "";
    if (/\ssrc\s*=/i.test(attrs)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    // Data blocks (application/ld+json) are never executed, so CSP does not apply to them.
    if (type && !["text/javascript", "module", "application/javascript"].includes(type)) continue;
    hashes.add(
      createHash("sha256")
        .update(m[2] ?? "", "utf8")
        .digest("base64"),
    );
  }
  return [...hashes];
}

/** The CSP for a cached page: issue 5's directive set with hashes in place of the nonce. */
export function cachedPageCsp(html: string): string {
  const directives = cspDirectives({ scriptSources: inlineScriptHashes(html).map((h) => `'sha256-${h}'`) });
  // Without a nonce, 'strict-dynamic' would block Next's parser-inserted <script src> chunks;
  // 'self' (honoured only without it) allows exactly those, the hashes the inline bootstrap.
  return serializeCsp({ ...directives, "script-src": (directives["script-src"] ?? []).filter((s) => s !== "'strict-dynamic'") });
}

/**
 * Public pages have no client components: everything a reader needs is in the server HTML
 * (links are plain anchors, search is a GET form). Next.js still adds its App Router
 * runtime (~140 KB gzipped of React and router code, measured by bench:public) and the
 * RSC payload that lets it hydrate and navigate client-side. The cache serves public pages
 * without them: no JavaScript at all, half the HTML, and nothing a nonce would be needed
 * for. Data blocks (JSON-LD) stay. Signed-in staff, who bypass the cache, get Next's page.
 */
export function stripFrameworkScripts(html: string): string {
  return html
    .replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (whole, attrs: string) => {
      const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
      return type && !["text/javascript", "module", "application/javascript"].includes(type) ? whole : "";
    })
    .replace(/<link\b[^>]*\brel="(?:preload|modulepreload)"[^>]*\bas="script"[^>]*\/?>/gi, "")
    .replace(/<link\b[^>]*\bas="script"[^>]*\brel="(?:preload|modulepreload)"[^>]*\/?>/gi, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*\/?>/gi, "");
}
