// The production server (`npm start` runs it instead of `next start`): Next.js through its
// programmatic API, with an in-memory cache of anonymous public responses in front.
//
//   node --import tsx --import ./scripts/register-hooks.mjs scripts/server.ts --port 3000 --hostname localhost
//
// How the cache works (ARCHITECTURE.md, "The public page cache"):
//  - Only anonymous (no session cookie) GET/HEAD requests for public URLs are cached: the
//    paths and the query parameters lib/public/cache-keys.ts knows. Everything else (the
//    desk, sign-in, server actions, assets) goes straight to Next. Search result pages have
//    a small cache of their own with a short TTL (SEARCH_CACHE), so readers' queries cannot
//    push articles out.
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

import { env } from "../lib/env";
import { isSearchPage, onLocalInvalidation } from "../lib/public/cache-keys";
import {
  frontCacheHeaders,
  isFrontCacheFetch,
  isImmutableAsset,
  isPrivatePath,
  makePrivate,
  PRIVATE_CACHE_CONTROL,
  surrogateControl,
} from "../lib/public/front-cache";
import { startInvalidationListener } from "../lib/public/invalidation-listener";
import { baseSecurityHeaders } from "../lib/http/csp";
import {
  cacheKeyFor,
  type CacheDecision,
  cachedPageCsp,
  isSignedInRequest,
  PublicCache,
  SEARCH_CACHE,
  stripFrameworkScripts,
  TTL_MS,
  type Entry,
} from "../lib/public/page-cache";
import { GONE_MARKER_HTML } from "../lib/public/status";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHEABLE_STATUSES = new Set([200, 301, 404, 410]);
const DROPPED_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "date",
  "content-encoding",
  "etag",
  "vary",
]);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Renders one URL through Next (loopback), uncompressed, as an anonymous reader. */
function renderThroughNext(
  internalPort: number,
  req: http.IncomingMessage,
  url: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
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

function toEntry(
  url: string,
  keys: string[],
  rendered: { status: number; headers: http.IncomingHttpHeaders; body: Buffer },
): Entry | null {
  if (rendered.headers["set-cookie"]) return null;
  let status = rendered.status;
  let body = rendered.body;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const type = headers["content-type"] ?? "";
  if (type.startsWith("text/html")) {
    // A 404 from notFound() in a streamed page is an empty shell that Next's runtime fills
    // in on the client, so only complete pages lose their scripts.
    const raw = rendered.body.toString("utf8");
    const html = status === 200 ? stripFrameworkScripts(raw) : raw;
    body = Buffer.from(html, "utf8");
    // A killed story renders a notice with this marker: it is a 410 Gone (lib/public/status.ts).
    if (status === 200 && html.includes(GONE_MARKER_HTML)) status = 410;
    // A nonce cannot be shared by every reader of a cached page: list the inline scripts' hashes.
    headers["content-security-policy"] = cachedPageCsp(html);
  }
  // Next answers permanentRedirect() with 308; an old story slug is a classic 301.
  if (status === 308 && url.startsWith("/stories/")) status = 301;
  if (!CACHEABLE_STATUSES.has(status)) return null;
  // Browsers revalidate every time (cheap: 304 from memory), so an invalidation reaches
  // readers as fast as it reaches this cache; front caches keep it (as long as this cache
  // does) tagged with its keys, and are purged by key (lib/public/front-cache.ts).
  const ttlSeconds = Math.round((keys.includes("search") ? SEARCH_CACHE.ttlMs : TTL_MS) / 1000);
  Object.assign(headers, frontCacheHeaders(keys, ttlSeconds));
  const compressible = /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|javascript))/.test(type);
  return {
    status,
    headers,
    body,
    gzip: compressible && body.length > 512 ? gzipSync(body, { level: 6 }) : null,
    etag: `"${createHash("sha1").update(body).digest("base64url")}"`,
    keys,
    storedAt: Date.now(),
  };
}

function send(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  entry: Entry,
  cacheState: "HIT" | "STALE" | "MISS",
  storable = true,
): void {
  const headers: http.OutgoingHttpHeaders = {
    ...entry.headers,
    etag: entry.etag,
    "x-cache": cacheState,
    vary: "Accept-Encoding",
  };
  // Rendered while one of its keys was invalidated (or while this instance could not hear
  // invalidations): served, but no front cache may keep it, as this cache did not.
  if (!storable) {
    headers["surrogate-control"] = surrogateControl(0, { storable: false });
    headers["cdn-cache-control"] = "no-store";
  }
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

/**
 * A non-canonical spelling of a public URL: a permanent redirect to the one the cache stores
 * (cache-keys.ts); an invalid query: a 400 (API) or 404 (page). Neither is rendered nor stored.
 */
function sendDecision(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  decision: Exclude<CacheDecision, { kind: "cache" }>,
  production: boolean,
): void {
  const headers: http.OutgoingHttpHeaders = {
    ...baseSecurityHeaders(production),
    "content-security-policy": "default-src 'none'",
  };
  if (decision.kind === "redirect") {
    res.writeHead(308, { ...headers, location: decision.location, "cache-control": "public, max-age=3600", "content-length": 0 });
    res.end();
    return;
  }
  const body = decision.json
    ? JSON.stringify({ error: { status: decision.status, message: decision.message } })
    : `${decision.status === 404 ? "Not found" : "Bad request"}: ${decision.message}\n`;
  res.writeHead(decision.status, {
    ...headers,
    "content-type": decision.json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

type Rendered = {
  entry: Entry | null;
  rendered: { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
  /** Whether this cache kept it: if not, no front cache may either. */
  stored: boolean;
};

/** A response Next gave that is not cacheable (an error, a cookie): passed on as it came. */
function sendUncached(req: http.IncomingMessage, res: http.ServerResponse, rendered: Rendered["rendered"]): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (value !== undefined && !["connection", "keep-alive", "transfer-encoding", "content-length"].includes(name))
      headers[name] = value;
  }
  makePrivate(headers);
  headers["cache-control"] = "no-store";
  headers["surrogate-control"] = "no-store";
  headers["content-length"] = rendered.body.length;
  res.writeHead(rendered.status, headers);
  res.end(req.method === "HEAD" ? undefined : rendered.body);
}

/**
 * Responses to signed-in requests and private paths (the desk, sign-in, previews) may be
 * kept by nobody: `private, no-store`, and never a dependency key. Next sets its own
 * headers; this overrides them at the last moment (every response goes through writeHead,
 * implicitly or not). Content-addressed build assets stay as Next serves them.
 */
function forcePrivate(res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    for (const arg of args) {
      if (arg && typeof arg === "object" && !Array.isArray(arg)) {
        const obj = arg as Record<string, unknown>;
        makePrivate(obj);
        for (const name of Object.keys(obj)) if (name.toLowerCase() === "cache-control") delete obj[name];
      }
    }
    for (const name of this.getHeaderNames())
      if (["xkey", "surrogate-key", "cache-tag", "cdn-cache-control"].includes(name)) this.removeHeader(name);
    this.setHeader("cache-control", PRIVATE_CACHE_CONTROL);
    this.setHeader("surrogate-control", "no-store");
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}

export async function startServer({ port, hostname }: { port: number; hostname: string }): Promise<http.Server> {
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const pages = new PublicCache();
  const searches = new PublicCache(SEARCH_CACHE);
  const inflight = new Map<string, { keys: string[]; result: Promise<Rendered> }>();
  // New requests after an invalidation must not join a render that began before it.
  const invalidate = (keys: string[]) => {
    pages.invalidate(keys);
    searches.invalidate(keys);
    for (const [url, job] of inflight) if (job.keys.some((k) => keys.includes(k))) inflight.delete(url);
  };

  const e = env();
  if (e.WIREDESK_EMBEDDED === "1") onLocalInvalidation(invalidate);
  else {
    // Nothing is stored until this instance hears invalidations; losing them drops everything.
    pages.suspend();
    searches.suspend();
    startInvalidationListener({
      databaseUrl: e.DATABASE_URL,
      onInvalidate: invalidate,
      onDeaf: () => {
        pages.suspend();
        searches.suspend();
        // New requests must not join renders that began before: those may not be stored.
        inflight.clear();
      },
      onListening: () => {
        pages.resume();
        searches.resume();
        inflight.clear();
        console.log("Public cache: listening for invalidations.");
      },
    });
  }

  // Next renders cache misses here, on loopback only.
  const internal = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  const internalPort = (internal.address() as AddressInfo).port;

  const server = http.createServer((req, res) => {
    const decision = cacheKeyFor(req);
    if (!decision) {
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (!isImmutableAsset(pathname) && (isSignedInRequest(req) || isPrivatePath(pathname))) forcePrivate(res);
      void handle(req, res);
      return;
    }
    if (decision.kind !== "cache") {
      sendDecision(req, res, decision, e.NODE_ENV === "production");
      return;
    }
    const key = decision;
    const cache = isSearchPage(key.keys) ? searches : pages;
    // One render per URL at a time; concurrent misses share it.
    const render = () => {
      let job = inflight.get(key.url);
      if (!job) {
        const startedAt = cache.currentGeneration;
        const result = renderThroughNext(internalPort, req, key.url).then((rendered) => {
          const entry = toEntry(key.url, key.keys, rendered);
          const stored = entry ? cache.set(key.url, entry, startedAt) : false;
          if (!entry) cache.drop(key.url);
          return { entry, rendered, stored };
        });
        const created = { keys: key.keys, result };
        void result.finally(() => {
          if (inflight.get(key.url) === created) inflight.delete(key.url);
        });
        inflight.set(key.url, (job = created));
      }
      return job.result;
    };
    // A front cache (Varnish) filling itself always gets a render from the database, never
    // this instance's copy: it may be purging because of a change this instance has not
    // heard of yet, and must not be refilled with the old page.
    const front = isFrontCacheFetch(req.headers);
    const hit = front ? undefined : cache.lookup(key.url);
    if (hit) {
      cache.stats.hits++;
      // Past its TTL (never invalidated: that deletes): serve it while one render refreshes it.
      if (!hit.fresh) render().catch((error: unknown) => console.error("Public cache: refresh failed", key.url, error));
      send(req, res, hit.entry, hit.fresh ? "HIT" : "STALE");
      return;
    }
    cache.stats.misses++;
    render().then(
      ({ entry, rendered, stored }) => (entry ? send(req, res, entry, "MISS", stored) : sendUncached(req, res, rendered)),
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
