/**
 * The Content-Security-Policy, built in one place so every producer of HTML uses the
 * same directive set and differs only in how inline scripts are allowed:
 *  - pages rendered per request (proxy.ts): a fresh nonce per response, which Next.js
 *    reads from the request's CSP header and puts on its own inline scripts;
 *  - cached HTML replayed to many readers (issue 6's public-page cache): a nonce cannot
 *    be reused across responses, so that cache lists the sha256 of each inline script.
 * No 'unsafe-inline' for scripts either way. Styles may be inline (React and the editor
 * set style attributes); style injection cannot run script.
 *
 * Edge-safe: no Node APIs, so proxy.ts can import it.
 */
export type CspDirectives = Record<string, readonly string[]>;

export type CspOptions = {
  /** Script sources besides 'self': `'nonce-…'` or `'sha256-…'` values. */
  scriptSources: readonly string[];
  /** Development needs eval for React's debugging and hot reload; never production. */
  development?: boolean;
};

export function cspDirectives({ scriptSources, development = false }: CspOptions): CspDirectives {
  return {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets the nonced/hashed bootstrap load Next's chunks; with it,
    // browsers ignore host sources, so nothing else can be smuggled in.
    "script-src": ["'self'", ...scriptSources, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(development ? ["ws:"] : [])],
    "media-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "manifest-src": ["'self'"],
  };
}

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => (values.length ? `${name} ${values.join(" ")}` : name))
    .join("; ");
}

/** The per-request policy. */
export function nonceCsp(nonce: string, development = false): string {
  return serializeCsp(cspDirectives({ scriptSources: [`'nonce-${nonce}'`], development }));
}

/** The policy for cached HTML: one `sha256-<base64>` per inline script in that document. */
export function hashCsp(sha256Base64: readonly string[]): string {
  return serializeCsp(cspDirectives({ scriptSources: sha256Base64.map((h) => `'sha256-${h}'`) }));
}

/** 128 random bits, base64: unguessable and valid in a CSP nonce-source. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Headers every response carries besides the CSP (next.config.js sets the same on pages). */
export function baseSecurityHeaders(production: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
