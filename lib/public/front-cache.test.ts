import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  frontCacheHeaders,
  isFrontCacheFetch,
  isImmutableAsset,
  isPrivatePath,
  KEYS_PER_PURGE,
  makePrivate,
  parseFrontCaches,
  purgeFrontCache,
} from "./front-cache";
import { PublicCache, type Entry } from "./page-cache";

describe("front-cache headers", () => {
  it("tags a response for Varnish, Fastly and Cloudflare-style caches; browsers keep revalidating", () => {
    const h = frontCacheHeaders(["story:x", "home", "frame"], 600);
    expect(h.xkey).toBe("story:x home frame");
    expect(h["surrogate-key"]).toBe("story:x home frame");
    expect(h["cache-tag"]).toBe("story:x,home,frame");
    expect(h["surrogate-control"]).toMatch(/^max-age=600\b/);
    expect(h["cdn-cache-control"]).toBe("max-age=600");
    expect(h["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(h["cache-control"]).not.toMatch(/s-maxage/);
    const unstorable = frontCacheHeaders(["home"], 600, { storable: false });
    expect(unstorable["surrogate-control"]).toBe("no-store");
    expect(unstorable["cdn-cache-control"]).toBe("no-store");
  });

  it("makePrivate removes every key and surrogate header, whatever its case", () => {
    const h: Record<string, unknown> = {
      XKey: "a",
      "Surrogate-Key": "a",
      "cache-tag": "a",
      "Surrogate-Control": "x",
      "content-type": "t",
    };
    makePrivate(h);
    expect(Object.keys(h)).toEqual(["content-type"]);
  });

  it("knows private paths, immutable assets and a front cache's own fetch", () => {
    for (const p of ["/desk", "/desk/stories/x/preview", "/login", "/api/auth/session", "/api/desk/events"])
      expect(isPrivatePath(p), p).toBe(true);
    for (const p of ["/", "/stories/desk", "/deskx", "/api/content/stories"]) expect(isPrivatePath(p), p).toBe(false);
    expect(isImmutableAsset("/_next/static/chunks/a.js")).toBe(true);
    expect(isImmutableAsset("/_next/image")).toBe(false);
    expect(isFrontCacheFetch({ "surrogate-capability": 'wiredesk="Surrogate/1.0"' })).toBe(true);
    expect(isFrontCacheFetch({ "surrogate-capability": 'other="Surrogate/1.0"' })).toBe(false);
    expect(isFrontCacheFetch({})).toBe(false);
    expect(parseFrontCaches(" http://a:6081, http://b:6081 ")).toEqual(["http://a:6081/", "http://b:6081/"]);
    expect(parseFrontCaches("")).toEqual([]);
  });

  it("purges with PURGE + xkey-purge, in chunks, and throws unless the cache acknowledges", async () => {
    const seen: { method?: string; keys: string }[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method, keys: String(req.headers["xkey-purge"]) });
      res.writeHead(status).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const keys = Array.from({ length: KEYS_PER_PURGE + 5 }, (_, i) => `story:s${i}`);
      await purgeFrontCache(url, keys);
      expect(seen.map((s) => s.method)).toEqual(["PURGE", "PURGE"]);
      expect(seen.flatMap((s) => s.keys.split(" "))).toEqual(keys);
      status = 503;
      await expect(purgeFrontCache(url, ["home"])).rejects.toThrow(/503/);
    } finally {
      server.close();
    }
  });
});

describe("PublicCache while invalidations may go unheard", () => {
  const entry = (keys: string[]): Entry => ({
    status: 200,
    headers: {},
    body: Buffer.from("x"),
    gzip: null,
    etag: '"e"',
    keys,
    storedAt: Date.now(),
  });

  it("suspend() drops everything and stores nothing; resume() refuses renders begun before it", () => {
    const cache = new PublicCache();
    expect(cache.set("/a", entry(["home"]), cache.currentGeneration)).toBe(true);
    const inFlight = cache.currentGeneration;
    cache.suspend();
    expect(cache.get("/a")).toBeUndefined();
    expect(cache.set("/b", entry(["story:b"]), cache.currentGeneration)).toBe(false);
    const whileDeaf = cache.currentGeneration;
    cache.resume();
    expect(cache.set("/c", entry(["story:c"]), inFlight)).toBe(false); // never cached key, still refused
    expect(cache.set("/c", entry(["story:c"]), whileDeaf)).toBe(false);
    expect(cache.set("/c", entry(["story:c"]), cache.currentGeneration)).toBe(true);
  });
});
