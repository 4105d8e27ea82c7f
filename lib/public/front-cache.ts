import http from "node:http";
import https from "node:https";

/**
 * What a standard HTTP cache in front of the app (Varnish, Fastly, a Cloudflare-style CDN)
 * needs from us, and how we purge it. No Next.js or database imports: scripts/server.ts,
 * which sets the headers, and the purge job (lib/jobs/front-purge.ts) both load it.
 * See ARCHITECTURE.md, "A cache in front".
 */

/** What browsers get for every cacheable public response: revalidate every time (a cheap 304). */
export const BROWSER_CACHE_CONTROL = "public, max-age=0, must-revalidate";

/**
 * What every response that must never be stored anywhere gets: the desk, sign-in, previews,
 * and any response to a request that carries a session cookie.
 */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

/** The headers that carry dependency keys; never on a private response. */
export const KEY_HEADERS = ["xkey", "surrogate-key", "cache-tag"] as const;
const SURROGATE_HEADERS = [...KEY_HEADERS, "surrogate-control", "cdn-cache-control"] as const;

/**
 * How long a front cache may keep a public response. Purges make it fresh on every change a
 * service names (lib/public/invalidate.ts), so this only bounds what no service invalidates
 * (the masthead's date, a tag's rename on its own page), like the in-process TTL. Past it, a
 * front cache may serve the old copy while it refetches (stale-while-revalidate), and for a
 * day while the app is down (stale-if-error): a purge removes both.
 */
export function surrogateControl(ttlSeconds: number, { storable = true } = {}): string {
  if (!storable) return "no-store";
  return `max-age=${ttlSeconds}, stale-while-revalidate=30, stale-if-error=86400`;
}

/**
 * The headers that tag a cacheable public response with its dependency keys, for each kind of
 * front cache: `xkey` (Varnish's xkey vmod, space-separated), `Surrogate-Key` (Fastly,
 * space-separated), `Cache-Tag` (Cloudflare-style, comma-separated). The lifetime goes in
 * `Surrogate-Control` (Varnish via our VCL, Fastly, Akamai) and `CDN-Cache-Control`
 * (RFC 9213: Cloudflare and others), both of which only surrogates read and strip; never in
 * `s-maxage`, which every shared cache on the way (a company proxy nobody can purge) would
 * honour too. `storable: false` is a response whose keys were invalidated while it was being
 * rendered: it is served, but no front cache may keep it.
 */
export function frontCacheHeaders(keys: readonly string[], ttlSeconds: number, { storable = true } = {}): Record<string, string> {
  const control = surrogateControl(ttlSeconds, { storable });
  return {
    "cache-control": BROWSER_CACHE_CONTROL,
    "surrogate-control": control,
    "cdn-cache-control": storable ? `max-age=${ttlSeconds}` : "no-store",
    xkey: keys.join(" "),
    "surrogate-key": keys.join(" "),
    "cache-tag": keys.join(","),
  };
}

/** Removes every key and surrogate header, and makes the response uncacheable everywhere. */
export function makePrivate(headers: Record<string, unknown>): void {
  for (const name of Object.keys(headers)) {
    if ((SURROGATE_HEADERS as readonly string[]).includes(name.toLowerCase())) delete headers[name];
  }
}

/**
 * A front cache asks us for a response to store. Our VCL sends `Surrogate-Capability`
 * (the Edge Architecture header surrogates use to announce themselves); such a fetch is
 * always rendered from the database rather than served from this instance's in-process
 * cache, so a purge can never be refilled from an instance that has not yet heard of the
 * change (ARCHITECTURE.md). The VCL drops any value a client sent.
 */
export function isFrontCacheFetch(headers: http.IncomingHttpHeaders): boolean {
  const v = headers["surrogate-capability"];
  return typeof v === "string" && /\bwiredesk="Surrogate\/1\.0"/.test(v);
}

/** Paths whose responses are private whatever the request (the desk, sign-in, next-auth, the desk API). */
export function isPrivatePath(pathname: string): boolean {
  return /^\/(desk|login|api\/auth|api\/desk)(\/|$)/.test(pathname);
}

/**
 * Content-addressed build assets: the same bytes for everyone, immutable; the one thing a
 * signed-in request may still get from a cache.
 */
export function isImmutableAsset(pathname: string): boolean {
  return pathname.startsWith("/_next/static/");
}

/** The configured front caches: a comma- or space-separated list of base URLs. */
export function parseFrontCaches(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new URL(s).toString());
}

/** Keys per purge request: keeps the header well under every cache's header size limit. */
export const KEYS_PER_PURGE = 100;

/**
 * Purges `keys` from one front cache: `PURGE /` with the keys in an `xkey-purge` header, as
 * our VCL (varnish/wiredesk.vcl) expects. Resolves on a 2xx (the cache acknowledged), throws
 * otherwise, so the job queue retries it.
 */
export async function purgeFrontCache(baseUrl: string, keys: readonly string[], timeoutMs = 5_000): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_PURGE) {
    await purgeOnce(baseUrl, keys.slice(i, i + KEYS_PER_PURGE), timeoutMs);
  }
}

function purgeOnce(baseUrl: string, keys: readonly string[], timeoutMs: number): Promise<void> {
  const url = new URL(baseUrl);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: "PURGE", headers: { "xkey-purge": keys.join(" ") }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`front cache ${url.origin} answered ${status} to a purge`));
      });
    });
    req.on("timeout", () => req.destroy(new Error(`front cache ${url.origin}: purge timed out`)));
    req.on("error", reject);
    req.end();
  });
}
