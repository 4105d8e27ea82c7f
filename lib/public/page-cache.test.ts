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
    expect(cacheKeyFor(req("/?page=2"))).toEqual({ kind: "cache", url: "/?page=2", keys: ["home", "frame"] });
    expect(cacheKeyFor(req("/api/content/stories?tag=a&page=2"))).toMatchObject({ url: "/api/content/stories?page=2&tag=a" });
    expect(cacheKeyFor(req("/", {}, "HEAD"))).toMatchObject({ kind: "cache" });
  });
  it("bypasses sessions, other methods, the client router and over-long URLs", () => {
    expect(cacheKeyFor(req("/", { cookie: "a=1; next-auth.session-token=abc" }))).toBeNull();
    expect(cacheKeyFor(req("/", {}, "POST"))).toBeNull();
    expect(cacheKeyFor(req("/stories/a", { rsc: "1" }))).toBeNull();
    expect(cacheKeyFor(req("/stories/a?_rsc=x1"))).toBeNull();
    expect(cacheKeyFor(req(`/?page=${"1".repeat(600)}`))).toBeNull();
  });
  it("takes q on search only, normalised as the page searches", () => {
    expect(cacheKeyFor(req("/search?page=2&q=night+trams"))).toEqual({
      kind: "cache",
      url: "/search?page=2&q=night+trams",
      keys: ["search", "frame"],
    });
    expect(cacheKeyFor(req("/search?q=%20night%20%20trams%20&page=2"))).toMatchObject({ url: "/search?page=2&q=night+trams" });
    expect(cacheKeyFor(req("/?q=x"))).toMatchObject({ url: "/" });
    expect(cacheKeyFor(req("/search?q=x&tag=y"))).toMatchObject({ url: "/search?q=x" });
  });
});

// Issue #12 item 1: one story, one cache key. Every spelling Next would answer with the same
// page either is the canonical key or redirects to it; none is stored under a key of its own.
describe("cacheKeyFor: one canonical spelling per public URL", () => {
  const canonical: Record<string, string[]> = {
    "/stories/my-story": ["story:my-story", "frame"],
    "/api/content/stories/my-story": ["story:my-story"],
    "/api/content/stories/clx0abc123def": ["story:clx0abc123def"],
    "/authors/jo-reporter": ["author:jo-reporter", "frame"],
    "/tags/night-trams": ["tag:night-trams", "frame"],
    "/tags/night-trams/feed.xml": ["tag:night-trams"],
    "/tags/night-trams/atom.xml": ["tag:night-trams"],
    "/feed.xml": ["feeds"],
  };
  /** Spellings of a path that Next decodes to the same route: encoded letters (both hex cases), upper case, trailing slash, mixed. */
  function respellings(path: string): string[] {
    const hex = (c: string, upper: boolean) => {
      const h = c.charCodeAt(0).toString(16);
      return `%${upper ? h.toUpperCase() : h}`;
    };
    const segs = path.split("/");
    const last = segs.length - 1;
    const withLast = (f: (s: string) => string) => [...segs.slice(0, last), f(segs[last]!)].join("/");
    // The slug: the segment after stories/, tags/ or authors/ (the last one for a single segment).
    const slugIndex = segs.findIndex((s, i) => i >= 2 && ["stories", "tags", "authors"].includes(segs[i - 1]!));
    const withSlug = (f: (s: string) => string) =>
      segs.map((s, i) => (i === (slugIndex > 0 ? slugIndex : last) ? f(s) : s)).join("/");
    return [
      withSlug((s) => hex(s[0]!, false) + s.slice(1)), // %6dy-story
      withSlug((s) => hex(s[0]!, true) + s.slice(1)), // %6Dy-story
      withSlug((s) =>
        s
          .split("")
          .map((c) => hex(c, false))
          .join(""),
      ), // every byte encoded
      withSlug((s) => s.toUpperCase()), // MY-STORY
      withSlug((s) => s.slice(0, 1).toUpperCase() + hex(s[1]!, true) + s.slice(2)), // M%59-story, mixed
      withSlug((s) => s.replace("-", "%2d")), // an encoded hyphen
      `${path}/`, // trailing slash
      withLast((s) => hex(s[0]!, false) + s.slice(1)), // the file name or slug, encoded
      `/${hex(path[1]!, false)}${path.slice(2)}`, // the first segment encoded
    ].filter((spelling) => spelling !== path); // (an id has no hyphen to encode)
  }

  it("keys canonical paths by their slug", () => {
    for (const [path, keys] of Object.entries(canonical))
      expect(cacheKeyFor(req(path)), path).toEqual({ kind: "cache", url: path, keys });
  });

  it("redirects every other spelling to the canonical path, keeping the query", () => {
    for (const path of Object.keys(canonical)) {
      for (const spelling of respellings(path)) {
        expect(cacheKeyFor(req(spelling)), spelling).toEqual({ kind: "redirect", location: path });
        expect(cacheKeyFor(req(`${spelling}?page=2`)), spelling).toEqual({ kind: "redirect", location: `${path}?page=2` });
      }
    }
    expect(cacheKeyFor(req("/FEED.XML"))).toEqual({ kind: "redirect", location: "/feed.xml" });
    expect(cacheKeyFor(req("/Stories/My-Story"))).toEqual({ kind: "redirect", location: "/stories/my-story" });
    expect(cacheKeyFor(req("//"))).toEqual({ kind: "redirect", location: "/" });
  });

  it("never stores what is not a slug after one decoding: double encoding, encoded slashes, dot segments", () => {
    for (const spelling of [
      "/stories/%256dy-story", // decodes once to %6dy-story: not a slug, never decoded twice
      "/stories/%25%36%64y-story",
      "/stories/my%2Fstory",
      "/stories/my%2fstory",
      "/tags/night-trams%2Ffeed.xml",
      "/stories/%2e%2e",
      "/stories/..%2Fdesk",
      "/stories/my%5Cstory",
      "/stories//my-story",
      "/stories/my-story%00",
      "/stories/%E2%80%AEmy-story",
      "/stories/my_story",
      "/stories/%zz",
      "/api/content/stories/my%2Fstory",
      "/authors/%2561",
    ]) {
      expect(cacheKeyFor(req(spelling)), spelling).toBeNull();
    }
  });
});

// Issue #12 item 8b: query values a reader invents cost neither a render nor an entry.
describe("cacheKeyFor: query parameters", () => {
  it("keys by the normalised values only", () => {
    expect(cacheKeyFor(req("/api/content/stories?pageSize=05&tag=Night-Trams&since=2026-01-02T03:04:05%2B02:00"))).toMatchObject({
      kind: "cache",
      url: "/api/content/stories?pageSize=5&since=2026-01-02T01%3A04%3A05.000Z&tag=night-trams",
    });
    expect(cacheKeyFor(req("/tags/t?page=3"))).toMatchObject({ url: "/tags/t?page=3" });
  });
  it("leaves out what a page does not read, so it makes no entry of its own", () => {
    for (const [spelling, url] of [
      ["/?utm_source=x", "/"],
      ["/?page=2&x=1", "/?page=2"],
      ["/?tag=a&since=2026-01-01T00:00:00Z", "/"],
      ["/stories/my-story?page=2", "/stories/my-story"],
      ["/stories/my-story?b=1&a=2", "/stories/my-story"],
      ["/feed.xml?page=9", "/feed.xml"],
      ["/tags/t/feed.xml?pageSize=3", "/tags/t/feed.xml"],
      ["/authors/a?page=2&pageSize=99", "/authors/a?page=2"],
    ] as const) {
      expect(cacheKeyFor(req(spelling)), spelling).toMatchObject({ kind: "cache", url });
    }
  });
  it("refuses invalid and repeated values without a render: 400 (JSON) on the API, 404 on a page; unknown ones on the API", () => {
    for (const spelling of [
      "/?page=0",
      "/?page=-1",
      "/?page=1.5",
      "/?page=abc",
      "/?page=01",
      "/?page=10001",
      "/?page=1&page=2",
      "/tags/t?page=x",
      "/authors/a?page=99999",
      "/search?q=a&page=0",
      "/api/content/stories?pageSize=101",
      "/api/content/stories?pageSize=0",
      "/api/content/stories?tag=a%2Fb",
      "/api/content/stories?since=yesterday",
      "/api/content/stories?until=2026-13-01T00:00:00Z",
      "/api/content/stories?utm_source=x",
    ]) {
      const decision = cacheKeyFor(req(spelling));
      const api = spelling.startsWith("/api/");
      expect(decision, spelling).toMatchObject({ kind: "reject", status: api ? 400 : 404, json: api });
    }
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
