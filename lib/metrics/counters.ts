/**
 * Process-wide counters for operations that must be visible when they go wrong (front-cache
 * purges, the invalidation listener). A stand-in until Prometheus metrics (prom-client) land:
 * the names are already Prometheus-shaped so they can become real counters unchanged.
 * Kept on globalThis because Next bundles the app apart from scripts/server.ts, and both
 * count into the same process.
 */
export type CounterName =
  | "wiredesk_front_purge_requests_total"
  | "wiredesk_front_purge_failures_total"
  | "wiredesk_front_purge_jobs_enqueued_total"
  | "wiredesk_listen_heartbeats_missed_total"
  | "wiredesk_listen_errors_total"
  | "wiredesk_listen_reconnects_total"
  | "wiredesk_public_cache_drops_total";

function store(): Map<CounterName, number> {
  const g = globalThis as unknown as { __wiredeskCounters?: Map<CounterName, number> };
  g.__wiredeskCounters ??= new Map();
  return g.__wiredeskCounters;
}

export function incrementCounter(name: CounterName, by = 1): void {
  store().set(name, (store().get(name) ?? 0) + by);
}

export function counterValue(name: CounterName): number {
  return store().get(name) ?? 0;
}

/** Every counter, for a metrics endpoint or a log line. */
export function counterSnapshot(): Record<string, number> {
  return Object.fromEntries(store());
}
