import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";

/**
 * Outgoing requests to addresses an attacker could point a feed URL at: loopback, the
 * private ranges, link-local (cloud metadata lives at 169.254.169.254), "this network",
 * carrier-grade NAT, multicast and reserved space, in IPv4 and IPv6 (including IPv4
 * addresses mapped into IPv6, which would otherwise slip past the IPv4 rules).
 */
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  BLOCKED.addSubnet(net, bits, "ipv6");
}

export class BlockedAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedAddressError";
  }
}

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address, if any. */
function embeddedIpv4(address: string): string | null {
  const m = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** True for an address a feed fetch must never connect to (unless allow-listed). */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return BLOCKED.check(v4, "ipv4");
    return BLOCKED.check(address, "ipv6");
  }
  return true; // not an address at all: refuse rather than guess
}

/** Hostnames as written in an allow-list or URL: lower-case, no IPv6 brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

export function parseAllowList(value: string): Set<string> {
  return new Set(
    value
      .split(",")
      .map(normalizeHost)
      .filter((h) => h.length > 0),
  );
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves the name itself and hands the socket only
 * addresses that passed the check. Because the connection is made to exactly the address
 * that was checked, a DNS answer that changes between check and connect (rebinding)
 * cannot sneak a private address in. An allow-listed host skips the check.
 */
export function guardedLookup(allow: ReadonlySet<string>) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => {
    const host = normalizeHost(hostname);
    const allowed = allow.has(host);
    dnsLookup(host, { all: true, family: Number(options.family) || 0 }, (err, addresses) => {
      if (err) return callback(err, "");
      const list = addresses;
      if (list.length === 0) return callback(Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" }), "");
      if (!allowed) {
        const bad = list.find((a) => isBlockedAddress(a.address));
        if (bad) {
          return callback(
            new BlockedAddressError(
              `${host} resolves to ${bad.address}, a loopback, private, link-local or reserved address; ` +
                `add the host to WIREDESK_FEED_ALLOW_HOSTS if this feed is really inside your network`,
            ),
            "",
          );
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };
}
