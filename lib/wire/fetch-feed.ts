import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { BlockedAddressError, guardedLookup, isBlockedAddress, normalizeHost } from "@/lib/net/ssrf";

export type FetchFeedOptions = {
  etag?: string | null;
  lastModified?: string | null;
  /** Hosts that may resolve to loopback/private addresses (WIREDESK_FEED_ALLOW_HOSTS). */
  allowHosts: ReadonlySet<string>;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  userAgent?: string;
};

export type FetchFeedResult =
  | { status: "not-modified"; url: string }
  | {
      status: "ok";
      url: string;
      bytes: Uint8Array;
      etag: string | null;
      lastModified: string | null;
      contentType: string | null;
    };

/** A fetch that failed for a reason worth showing on the feed's health line. */
export class FeedFetchError extends Error {
  constructor(
    message: string,
    readonly kind: "blocked" | "http" | "network" | "timeout" | "too-large" | "redirect" | "url",
  ) {
    super(message);
    this.name = "FeedFetchError";
  }
}

/** Checks a URL before any connection: http(s) only, no credentials, no blocked literal address. */
export function checkFeedUrl(raw: string, allowHosts: ReadonlySet<string>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedFetchError("Not a valid URL", "url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new FeedFetchError("Only http and https feed URLs are allowed", "url");
  if (url.username || url.password) throw new FeedFetchError("Feed URLs may not carry a user name or password", "url");
  const host = normalizeHost(url.hostname);
  if (isIP(host) && !allowHosts.has(host) && isBlockedAddress(host)) {
    throw new FeedFetchError(
      `${host} is a loopback, private, link-local or reserved address; feeds may not point there`,
      "blocked",
    );
  }
  return url;
}

/**
 * Fetches a feed with a conditional GET, following redirects by hand so every hop is
 * checked again (a public URL redirecting to 169.254.169.254 is refused). The body is
 * read up to maxBytes and the whole exchange must finish within timeoutMs.
 * Compression is not requested, so the size cap applies to what is actually parsed.
 */
export async function fetchFeed(rawUrl: string, opts: FetchFeedOptions): Promise<FetchFeedResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let url = checkFeedUrl(rawUrl, opts.allowHosts);
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, opts, deadline);
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      if (hop >= (opts.maxRedirects ?? 5)) throw new FeedFetchError("Too many redirects", "redirect");
      if (!res.location) throw new FeedFetchError(`HTTP ${res.status} without a Location header`, "redirect");
      url = checkFeedUrl(new URL(res.location, url).toString(), opts.allowHosts);
      continue;
    }
    if (res.status === 304) return { status: "not-modified", url: url.toString() };
    if (res.status < 200 || res.status >= 300) throw new FeedFetchError(`HTTP ${res.status} from ${url.host}`, "http");
    return {
      status: "ok",
      url: url.toString(),
      bytes: res.body!,
      etag: res.etag,
      lastModified: res.lastModified,
      contentType: res.contentType,
    };
  }
}

type RawResponse = {
  status: number;
  location: string | null;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body?: Uint8Array;
};

function requestOnce(url: URL, opts: FetchFeedOptions, deadline: number): Promise<RawResponse> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new FeedFetchError(`No answer within ${opts.timeoutMs / 1000} s`, "timeout"));
  const headers: Record<string, string> = {
    "user-agent": opts.userAgent ?? "Wiredesk feed poller",
    accept: "application/rss+xml, application/atom+xml, application/xml, text/xml, application/json, */*;q=0.5",
    "accept-encoding": "identity",
  };
  if (opts.etag) headers["if-none-match"] = opts.etag;
  if (opts.lastModified) headers["if-modified-since"] = opts.lastModified;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new FeedFetchError(`No answer within ${opts.timeoutMs / 1000} s`, "timeout")), remaining);
    const req = mod.request(
      url,
      { method: "GET", headers, lookup: guardedLookup(opts.allowHosts) as never, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        const head = {
          status,
          location: typeof res.headers.location === "string" ? res.headers.location : null,
          etag: typeof res.headers.etag === "string" ? res.headers.etag : null,
          lastModified: typeof res.headers["last-modified"] === "string" ? res.headers["last-modified"] : null,
          contentType: typeof res.headers["content-type"] === "string" ? res.headers["content-type"] : null,
        };
        if (status < 200 || status >= 300) {
          res.resume();
          settled = true;
          clearTimeout(timer);
          resolve(head);
          return;
        }
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          fail(new FeedFetchError(`The feed is ${declared} bytes; the limit is ${opts.maxBytes}`, "too-large"));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            fail(new FeedFetchError(`The feed is larger than the limit of ${opts.maxBytes} bytes`, "too-large"));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ ...head, body: new Uint8Array(Buffer.concat(chunks)) });
        });
        res.on("error", (e) => fail(new FeedFetchError(e.message, "network")));
      },
    );
    req.on("error", (e) => {
      if (e instanceof BlockedAddressError) fail(new FeedFetchError(e.message, "blocked"));
      else fail(new FeedFetchError(`${url.host}: ${e.message}`, "network"));
    });
    req.end();
  });
}
