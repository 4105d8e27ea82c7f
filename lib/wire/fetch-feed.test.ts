// Feed fetching against a local HTTP server (no database).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "@/lib/net/ssrf";
import { fetchFeed, FeedFetchError } from "./fetch-feed";

let server: http.Server;
let base: string;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/feed") {
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, {
        etag: '"v1"',
        "last-modified": "Wed, 25 Nov 2026 16:30:00 GMT",
        "content-type": "application/rss+xml",
      });
      res.end("<rss><channel/></rss>");
    } else if (url.pathname === "/to-postgres") {
      res.writeHead(302, { location: "http://127.0.0.1:5432/" }).end();
    } else if (url.pathname === "/to-metadata") {
      res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    } else if (url.pathname === "/to-localhost-name") {
      res.writeHead(307, { location: `http://localhost:${(server.address() as AddressInfo).port}/feed` }).end();
    } else if (url.pathname === "/loop") {
      res.writeHead(302, { location: "/loop" }).end();
    } else if (url.pathname === "/big") {
      res.writeHead(200);
      res.end("x".repeat(5000));
    } else if (url.pathname === "/big-chunked") {
      res.writeHead(200, { "transfer-encoding": "chunked" });
      for (let i = 0; i < 10; i++) res.write("y".repeat(1000));
      res.end();
    } else if (url.pathname === "/slow") {
      setTimeout(() => res.writeHead(200).end("late"), 2000);
    } else {
      res.writeHead(500).end("boom");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const allow127 = { allowHosts: parseAllowList("127.0.0.1"), maxBytes: 2000, timeoutMs: 1000 };

describe("fetchFeed", () => {
  it("fetches an allow-listed local feed and keeps its validators", async () => {
    const res = await fetchFeed(`${base}/feed`, allow127);
    expect(res.status).toBe("ok");
    if (res.status !== "ok") return;
    expect(new TextDecoder().decode(res.bytes)).toBe("<rss><channel/></rss>");
    expect(res.etag).toBe('"v1"');
    expect(res.lastModified).toBe("Wed, 25 Nov 2026 16:30:00 GMT");
  });

  it("sends a conditional GET and reports 304 as not modified", async () => {
    const res = await fetchFeed(`${base}/feed`, { ...allow127, etag: '"v1"', lastModified: "Wed, 25 Nov 2026 16:30:00 GMT" });
    expect(res.status).toBe("not-modified");
    const last = seen.at(-1)!;
    expect(last["if-none-match"]).toBe('"v1"');
    expect(last["if-modified-since"]).toBe("Wed, 25 Nov 2026 16:30:00 GMT");
    expect(last["accept-encoding"]).toBe("identity");
  });

  it("refuses the same server when it is not allow-listed (loopback)", async () => {
    await expect(fetchFeed(`${base}/feed`, { ...allow127, allowHosts: new Set() })).rejects.toMatchObject({ kind: "blocked" });
  });

  it("refuses 127.0.0.1:5432 and 169.254.169.254 before connecting", async () => {
    const before = seen.length;
    await expect(fetchFeed("http://127.0.0.1:5432/", { ...allow127, allowHosts: new Set() })).rejects.toMatchObject({
      kind: "blocked",
    });
    await expect(fetchFeed("http://169.254.169.254/latest/meta-data/", allow127)).rejects.toMatchObject({ kind: "blocked" });
    await expect(fetchFeed("http://[::ffff:169.254.169.254]/", allow127)).rejects.toMatchObject({ kind: "blocked" });
    await expect(fetchFeed("http://0.0.0.0:5432/", allow127)).rejects.toMatchObject({ kind: "blocked" });
    expect(seen.length).toBe(before);
  });

  it("refuses a name that resolves to loopback unless the name is allow-listed", async () => {
    const port = (server.address() as AddressInfo).port;
    const err = await fetchFeed(`http://localhost:${port}/feed`, allow127).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedFetchError);
    expect((err as FeedFetchError).kind).toBe("blocked");
    expect((err as Error).message).toMatch(/WIREDESK_FEED_ALLOW_HOSTS/);
  });

  it("refuses redirects to Postgres, to the metadata address and to a blocked name", async () => {
    await expect(fetchFeed(`${base}/to-metadata`, allow127)).rejects.toMatchObject({ kind: "blocked" });
    // 127.0.0.1 is allow-listed here, so use a list with the name only: the redirect target is an address.
    const port = (server.address() as AddressInfo).port;
    await expect(
      fetchFeed(`http://localhost:${port}/to-postgres`, { ...allow127, allowHosts: parseAllowList("localhost") }),
    ).rejects.toMatchObject({ kind: "blocked" });
    await expect(fetchFeed(`${base}/to-localhost-name`, allow127)).rejects.toMatchObject({ kind: "blocked" });
  });

  it("gives up on redirect loops, non-2xx answers, oversized bodies and slow servers", async () => {
    await expect(fetchFeed(`${base}/loop`, allow127)).rejects.toMatchObject({ kind: "redirect" });
    await expect(fetchFeed(`${base}/missing`, allow127)).rejects.toMatchObject({
      kind: "http",
      message: expect.stringMatching(/HTTP 500/),
    });
    await expect(fetchFeed(`${base}/big`, allow127)).rejects.toMatchObject({ kind: "too-large" });
    await expect(fetchFeed(`${base}/big-chunked`, allow127)).rejects.toMatchObject({ kind: "too-large" });
    const started = Date.now();
    await expect(fetchFeed(`${base}/slow`, allow127)).rejects.toMatchObject({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(1800);
  });

  it("refuses other schemes and credentials in the URL", async () => {
    await expect(fetchFeed("file:///etc/passwd", allow127)).rejects.toMatchObject({ kind: "url" });
    await expect(fetchFeed("gopher://127.0.0.1:5432/", allow127)).rejects.toMatchObject({ kind: "url" });
    await expect(fetchFeed(`http://user:pw@127.0.0.1:1/`, allow127)).rejects.toMatchObject({ kind: "url" });
  });
});
