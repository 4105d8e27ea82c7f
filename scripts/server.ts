// The production server (`npm start` runs it instead of `next start`): Next.js through its
// programmatic API, with an in-memory cache of anonymous public responses in front.
//
//   node --import tsx --import ./scripts/register-hooks.mjs scripts/server.ts --port 3000 --hostname localhost
//
// How the cache works (ARCHITECTURE.md, "The public page cache"):
//  - Only anonymous (no session cookie) GET/HEAD requests for public URLs are cached: the
//    paths and the query parameters lib/public/cache-keys.ts knows. Everything else (the
//    desk, sign-in, search, server actions, assets) goes straight to Next.
//  - A miss is rendered by Next through an internal loopback listener, stored with the
//    dependency keys of its URL, and served. Concurrent misses for one URL share one render.
//  - Services that change public state call invalidatePublic() (lib/public/invalidate.ts):
//    pg_notify in their transaction; this process LISTENs on the channel and evicts the
//    entries carrying any named key. Embedded PGlite mode uses an in-process emitter.
//  - A render that was in flight when its keys were invalidated is served but not stored.
//  - Cached HTML cannot reuse the per-request CSP nonce, so stored pages get a hash-based
//    CSP listing the sha256 of each inline script, computed once per entry.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import next from "next";
import pg from "pg";

import { cspDirectives, serializeCsp } from "../lib/http/csp";
import { env } from "../lib/env";
import { CHANNEL, keysForPath, onLocalInvalidation } from "../lib/public/cache-keys";
import { GONE_MARKER_HTML } from "../lib/public/status";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
/** Query parameters a cacheable URL may carry; any other parameter bypasses the cache. */
const CACHEABLE_PARAMS = new Set(["page", "pageSize", "tag", "since", "until"]);
const CACHEABLE_STATUSES = new Set([200, 301, 404, 410]);
/** A safety net for what no service invalidates (the masthead date, tag renames). */
const TTL_MS = 10 * 60_000;
const MAX_BYTES = 128 * 1024 * 1024;
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const DROPPED_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date", "content-encoding", "etag", "vary"]);

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  keys: string[];
  storedAt: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export class PublicCache {
  private entries = new Map<string, Entry>();
  private byKey = new Map<string, Set<string>>();
  private bytes = 0;
  /** Invalidation counter, and the counter value at each key's last invalidation. */
  private generation = 0;
  private keyGeneration = new Map<string, number>();
  stats = { hits: 0, misses: 0, evictions: 0, invalidations: 0 };

  get size(): number {
    return this.entries.size;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  get(url: string): Entry | undefined {
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    if (Date.now() - entry.storedAt > TTL_MS) {
      this.delete(url);
      return undefined;
    }
    // Least recently used goes first: re-insert at the end.
    this.entries.delete(url);
    this.entries.set(url, entry);
    return entry;
  }

  /** Stores unless one of the entry's keys was invalidated after its render began. */
  set(url: string, entry: Entry, renderStartedAt: number): boolean {
    if (entry.keys.some((k) => (this.keyGeneration.get(k) ?? 0) > renderStartedAt)) return false;
    const size = entry.body.length + (entry.gzip?.length ?? 0);
    if (size > MAX_ENTRY_BYTES) return false;
    this.delete(url);
    this.entries.set(url, entry);
    this.bytes += size;
    for (const k of entry.keys) {
      let urls = this.byKey.get(k);
      if (!urls) this.byKey.set(k, (urls = new Set()));
      urls.add(url);
    }
    while (this.bytes > MAX_BYTES) {
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

  clear(): void {
    this.generation++;
    for (const k of this.byKey.keys()) this.keyGeneration.set(k, this.generation);
    this.entries.clear();
    this.byKey.clear();
    this.bytes = 0;
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

/** The cache key for a request, or null when it must not be cached. */
export function cacheKeyFor(req: http.IncomingMessage): { url: string; keys: string[] } | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const cookie = req.headers.cookie ?? "";
  if (SESSION_COOKIES.some((name) => cookie.includes(`${name}=`))) return null;
  if (req.headers.authorization) return null;
  const raw = req.url ?? "/";
  if (raw.length > 512) return null;
  const url = new URL(raw, "http://internal");
  const keys = keysForPath(url.pathname);
  if (!keys) return null;
  for (const name of url.searchParams.keys()) if (!CACHEABLE_PARAMS.has(name)) return null;
  url.searchParams.sort();
  return { url: url.pathname + url.search, keys };
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
    hashes.add(createHash("sha256").update(m[2] ?? "", "utf8").digest("base64"));
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

/** Renders one URL through Next (loopback), uncompressed, as an anonymous reader. */
function renderThroughNext(internalPort: number, req: http.IncomingMessage, url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {
      host: req.headers.host ?? "localhost",
      accept: req.headers.accept ?? "*/*",
      "accept-encoding": "identity",
      "user-agent": "wiredesk-public-cache",
    };
    const inner = http.request({ host: "127.0.0.1", port: internalPort, path: url, method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    inner.on("error", reject);
    inner.end();
  });
}

function toEntry(url: string, keys: string[], rendered: { status: number; headers: http.IncomingHttpHeaders; body: Buffer }): Entry | null {
  if (rendered.headers["set-cookie"]) return null;
  let status = rendered.status;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const type = headers["content-type"] ?? "";
  if (type.startsWith("text/html")) {
    const html = rendered.body.toString("utf8");
    // A killed story renders a notice with this marker: it is a 410 Gone (lib/public/status.ts).
    if (status === 200 && html.includes(GONE_MARKER_HTML)) status = 410;
    headers["content-security-policy"] = cachedPageCsp(html);
  }
  // Next answers permanentRedirect() with 308; an old story slug is a classic 301.
  if (status === 308 && url.startsWith("/stories/")) status = 301;
  if (!CACHEABLE_STATUSES.has(status)) return null;
  // Browsers revalidate every time (cheap: 304 from memory), so an invalidation reaches
  // readers as fast as it reaches this cache.
  headers["cache-control"] = "public, max-age=0, must-revalidate";
  const compressible = /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|javascript))/.test(type);
  return {
    status,
    headers,
    body: rendered.body,
    gzip: compressible && rendered.body.length > 512 ? gzipSync(rendered.body, { level: 6 }) : null,
    etag: `"${createHash("sha1").update(rendered.body).digest("base64url")}"`,
    keys,
    storedAt: Date.now(),
  };
}

function send(req: http.IncomingMessage, res: http.ServerResponse, entry: Entry, cacheState: "HIT" | "MISS"): void {
  const headers: http.OutgoingHttpHeaders = { ...entry.headers, etag: entry.etag, "x-cache": cacheState, vary: "Accept-Encoding" };
  if (req.headers["if-none-match"] === entry.etag && entry.status === 200) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = entry.gzip && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? entry.gzip : null;
  const body = gzip ?? entry.body;
  if (gzip) headers["content-encoding"] = "gzip";
  headers["content-length"] = body.length;
  res.writeHead(entry.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

type Rendered = { entry: Entry | null; rendered: { status: number; headers: http.IncomingHttpHeaders; body: Buffer } };

/** A response Next gave that is not cacheable (an error, a cookie): passed on as it came. */
function sendUncached(req: http.IncomingMessage, res: http.ServerResponse, rendered: Rendered["rendered"]): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (value !== undefined && !["connection", "keep-alive", "transfer-encoding", "content-length"].includes(name)) headers[name] = value;
  }
  headers["cache-control"] = "no-store";
  headers["content-length"] = rendered.body.length;
  res.writeHead(rendered.status, headers);
  res.end(req.method === "HEAD" ? undefined : rendered.body);
}

/** LISTEN on the invalidation channel with one dedicated connection; reconnects on loss. */
function listenForInvalidations(databaseUrl: string, cache: PublicCache, invalidate: (keys: string[]) => void): void {
  let delay = 500;
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: "wiredesk-public-cache" });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      console.error("Public cache: lost the invalidation connection; retrying.", error ?? "");
      client.end().catch(() => {});
      setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, 30_000);
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        const { keys } = JSON.parse(msg.payload) as { keys?: unknown };
        if (Array.isArray(keys)) invalidate(keys.filter((k): k is string => typeof k === "string"));
      } catch (error) {
        console.error("Public cache: bad invalidation payload", error);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      // Notifications sent while we were not listening are lost: start from nothing.
      cache.clear();
      delay = 500;
    } catch (error) {
      onLost(error);
    }
  };
  void connect();
}

export async function startServer({ port, hostname }: { port: number; hostname: string }): Promise<http.Server> {
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const cache = new PublicCache();
  const inflight = new Map<string, { keys: string[]; result: Promise<Rendered> }>();
  // New requests after an invalidation must not join a render that began before it.
  const invalidate = (keys: string[]) => {
    cache.invalidate(keys);
    for (const [url, job] of inflight) if (job.keys.some((k) => keys.includes(k))) inflight.delete(url);
  };

  const e = env();
  if (e.WIREDESK_EMBEDDED === "1") onLocalInvalidation(invalidate);
  else listenForInvalidations(e.DATABASE_URL, cache, invalidate);

  // Next renders cache misses here, on loopback only.
  const internal = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  const internalPort = (internal.address() as AddressInfo).port;

  const server = http.createServer((req, res) => {
    const key = cacheKeyFor(req);
    if (!key) {
      void handle(req, res);
      return;
    }
    const hit = cache.get(key.url);
    if (hit) {
      cache.stats.hits++;
      send(req, res, hit, "HIT");
      return;
    }
    cache.stats.misses++;
    let job = inflight.get(key.url);
    if (!job) {
      const startedAt = cache.currentGeneration;
      const result = renderThroughNext(internalPort, req, key.url).then((rendered) => {
        const entry = toEntry(key.url, key.keys, rendered);
        if (entry) cache.set(key.url, entry, startedAt);
        return { entry, rendered };
      });
      const created = { keys: key.keys, result };
      void result.finally(() => {
        if (inflight.get(key.url) === created) inflight.delete(key.url);
      });
      inflight.set(key.url, (job = created));
    }
    job.result.then(
      ({ entry, rendered }) => (entry ? send(req, res, entry, "MISS") : sendUncached(req, res, rendered)),
      (error: unknown) => {
        console.error("Public cache: render failed", key.url, error);
        void handle(req, res);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  const close = () => {
    server.close();
    internal.close();
    void app.close().finally(() => process.exit(0));
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
  return server;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const port = Number(arg("port", "3000"));
  const hostname = arg("hostname", "localhost");
  await startServer({ port, hostname });
  console.log(`Wiredesk serving on http://${hostname}:${port} (public cache on)`);
}
