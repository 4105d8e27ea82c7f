import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { keysForPath } from "./cache-keys";
import { cacheKeyFor, cachedPageCsp, inlineScriptHashes, PublicCache, type Entry } from "./page-cache";

const req = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  ({ url, method, headers }) as unknown as IncomingMessage;
const entry = (keys: string[], body = "x"): Entry => ({
  status: 200,
  headers: {},
  body: Buffer.from(body),
  gzip: null,
  etag: '"e"',
  keys,
  storedAt: Date.now(),
});

describe("keysForPath", () => {
  it("maps every public URL to its dependency keys", () => {
    expect(keysForPath("/")).toEqual(["home", "frame"]);
    expect(keysForPath("/stories/a-b")).toEqual(["story:a-b", "frame"]);
    expect(keysForPath("/tags/x")).toEqual(["tag:x", "frame"]);
    expect(keysForPath("/tags/x/feed.xml")).toEqual(["tag:x"]);
    expect(keysForPath("/authors/jo")).toEqual(["author:jo", "frame"]);
    expect(keysForPath("/feed.xml")).toEqual(["feeds"]);
    expect(keysForPath("/news-sitemap.xml")).toEqual(["sitemaps"]);
    expect(keysForPath("/api/content/stories")).toEqual(["api"]);
    expect(keysForPath("/api/content/stories/abc")).toEqual(["story:abc"]);
    expect(keysForPath("/search")).toEqual(["search", "frame"]);
    // Pages carry the masthead (key "frame"); feeds, sitemaps, robots.txt and the API do not.
    expect(keysForPath("/robots.txt")).toEqual(["static"]);
  });
  it("does not cache the desk, auth or unknown paths", () => {
    for (const p of [
      "/desk",
      "/desk/stories",
      "/search/x",
      "/login",
      "/api/auth/session",
      "/stories/a/b",
      "/_next/static/x.js",
    ]) {
      expect(keysForPath(p), p).toBeNull();
    }
  });
});

describe("cacheKeyFor", () => {
  it("caches anonymous GET/HEAD with known parameters, sorted", () => {
    expect(cacheKeyFor(req("/?page=2"))).toEqual({ url: "/?page=2", keys: ["home", "frame"] });
    expect(cacheKeyFor(req("/api/content/stories?tag=a&page=2"))?.url).toBe("/api/content/stories?page=2&tag=a");
    expect(cacheKeyFor(req("/", {}, "HEAD"))).not.toBeNull();
  });
  it("bypasses sessions, other methods and unknown parameters", () => {
    expect(cacheKeyFor(req("/", { cookie: "a=1; next-auth.session-token=abc" }))).toBeNull();
    expect(cacheKeyFor(req("/", {}, "POST"))).toBeNull();
    expect(cacheKeyFor(req("/?utm_source=x"))).toBeNull();
    expect(cacheKeyFor(req(`/?page=${"1".repeat(600)}`))).toBeNull();
  });
  it("takes q on search only", () => {
    expect(cacheKeyFor(req("/search?page=2&q=night+trams"))).toEqual({
      url: "/search?page=2&q=night+trams",
      keys: ["search", "frame"],
    });
    expect(cacheKeyFor(req("/?q=x"))).toBeNull();
    expect(cacheKeyFor(req("/search?q=x&tag=y"))).toBeNull();
  });
});

describe("PublicCache", () => {
  it("evicts exactly the entries carrying an invalidated key", () => {
    const cache = new PublicCache();
    const g = cache.currentGeneration;
    cache.set("/", entry(["home"]), g);
    cache.set("/stories/a", entry(["story:a"]), g);
    cache.set("/tags/t", entry(["tag:t"]), g);
    expect(cache.invalidate(["story:a", "home"])).toBe(2);
    expect(cache.get("/")).toBeUndefined();
    expect(cache.get("/stories/a")).toBeUndefined();
    expect(cache.get("/tags/t")).toBeDefined();
  });
  it("honours its own size bound and TTL (the search cache is small and short-lived)", () => {
    const cache = new PublicCache({ maxBytes: 10, ttlMs: 50 });
    const g = cache.currentGeneration;
    expect(cache.set("/search?q=a", entry(["search"], "12345"), g)).toBe(true);
    expect(cache.set("/search?q=b", entry(["search"], "12345"), g)).toBe(true);
    expect(cache.set("/search?q=c", entry(["search"], "12345"), g)).toBe(true); // evicts the oldest
    expect(cache.get("/search?q=a")).toBeUndefined();
    expect(cache.get("/search?q=c")).toBeDefined();
    expect(cache.set("/search?q=big", entry(["search"], "x".repeat(11)), g)).toBe(false);
    const stale = { ...entry(["search"]), storedAt: Date.now() - 51 };
    cache.set("/search?q=old", stale, g);
    expect(cache.get("/search?q=old")).toBeUndefined();
    // Past the TTL it is still there to serve while a render refreshes it…
    expect(cache.lookup("/search?q=old")).toEqual({ entry: stale, fresh: false });
    // …but never once invalidated.
    cache.invalidate(["search"]);
    expect(cache.lookup("/search?q=old")).toBeUndefined();
  });
  it("refuses to store a render that began before an invalidation of its keys", () => {
    const cache = new PublicCache();
    const startedAt = cache.currentGeneration;
    cache.invalidate(["home"]);
    expect(cache.set("/", entry(["home"]), startedAt)).toBe(false);
    expect(cache.set("/tags/t", entry(["tag:t"]), startedAt)).toBe(true);
    expect(cache.set("/", entry(["home"]), cache.currentGeneration)).toBe(true);
  });
});

describe("hash-based CSP for cached HTML", () => {
  const html =
    '<script src="/_next/a.js" async=""></script><script nonce="abc">self.__next_f.push([1])</script>' +
    '<script type="application/ld+json">{"@type":"NewsArticle"}</script><script>x()</script>';
  it("hashes every inline executable script and nothing else", () => {
    const sha = (s: string) => createHash("sha256").update(s).digest("base64");
    expect(inlineScriptHashes(html).sort()).toEqual([sha("self.__next_f.push([1])"), sha("x()")].sort());
  });
  it("lists the hashes, keeps 'self' for chunks, no nonce, no unsafe-inline script", () => {
    const csp = cachedPageCsp(html);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).toContain(`'sha256-${createHash("sha256").update("x()").digest("base64")}'`);
    expect(scriptSrc).not.toMatch(/nonce|unsafe-inline|strict-dynamic/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe("stripFrameworkScripts", () => {
  it("removes Next's scripts and script preloads, keeps JSON-LD and everything else", async () => {
    const { stripFrameworkScripts } = await import("./page-cache");
    const html =
      '<head><link rel="preload" as="script" fetchPriority="low" href="/_next/a.js"/><script src="/_next/b.js" async=""></script>' +
      '<link rel="stylesheet" href="/x.css"/></head><body><p>Text</p><script type="application/ld+json">{"a":1}</script>' +
      '<script nonce="n">self.__next_f.push([1,"x"])</script><script src="/c.js" noModule=""></script></body>';
    const out = stripFrameworkScripts(html);
    expect(out).toBe(
      '<head><link rel="stylesheet" href="/x.css"/></head><body><p>Text</p><script type="application/ld+json">{"a":1}</script></body>',
    );
    expect(inlineScriptHashes(out)).toEqual([]);
  });
});
