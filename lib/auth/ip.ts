import { env } from "@/lib/env";

/**
 * The client address for throttling and audit. X-Forwarded-For is attacker-controlled
 * unless a trusted proxy wrote it, so without TRUSTED_PROXIES we take only the hop
 * `next start` itself appends (the last one); with trusted proxies we walk the list from
 * the right and skip them.
 */
export function clientIp(headers: { get(name: string): string | null }): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const trusted = new Set(
    env()
      .TRUSTED_PROXIES.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (trusted.size === 0 || !trusted.has(hop) || i === 0) return hop;
  }
  return "unknown";
}
