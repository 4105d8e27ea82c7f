/**
 * App Router pages cannot set an HTTP status other than 200/404/redirects. A killed story's
 * page renders this meta element; scripts/server.ts turns a response that carries it into
 * a 410 Gone (and caches it as such).
 */
export const GONE_MARKER = { name: "wiredesk-status", content: "410" } as const;
export const GONE_MARKER_HTML = `<meta name="${GONE_MARKER.name}" content="${GONE_MARKER.content}"`;
