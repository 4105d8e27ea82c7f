import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";

/**
 * Outgoing requests to addresses an attacker could point a feed URL at: loopback, the
 * private ranges, link-local (cloud metadata lives at 169.254.169.254), "this network",
 * carrier-grade NAT, documentation (TEST-NET), benchmarking, multicast and reserved space,
 * in IPv4 and IPv6. IPv6 addresses are parsed to their 16 bytes first, so no spelling
 * (upper case, zero compression, a dotted tail, leading zeros) changes the answer, and an
 * IPv4 address carried inside an IPv6 one (mapped, compatible, translated, NAT64, 6to4) is
 * judged by the IPv4 rules. Zone ids (`fe80::1%eth0`) are refused outright.
 */
const BLOCKED_V4 = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.88.99.0", 24], // 6to4 relay anycast (deprecated)
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED_V4.addSubnet(net, bits, "ipv4");
}
const BLOCKED_V6 = new BlockList();
for (const [net, bits] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible block
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215)
  ["100::", 64], // discard-only
  ["2001::", 32], // Teredo: the client's IPv4 address is only obfuscated inside
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation (RFC 9637)
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED_V6.addSubnet(net, bits, "ipv6");
}

export class BlockedAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedAddressError";
  }
}

/** The 16 bytes of an IPv6 address in any spelling (no zone id), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (isIP(dotted[2]!) !== 4) return null;
    tail.push(...dotted[2]!.split(".").map(Number));
    text = `${dotted[1]!}0:0`; // placeholder groups, replaced by the dotted bytes below
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

const v4 = (b: number[], at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const zero = (b: number[], from: number, to: number) => b.slice(from, to).every((x) => x === 0);

/** The IPv4 address an IPv6 address carries and is routed to, if any. */
function embeddedIpv4(b: number[]): string | null {
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated, SIIT)
  if (zero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(b, 12);
  if (zero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return v4(b, 12);
  // 64:ff9b::a.b.c.d, NAT64's well-known prefix
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(b, 4, 12)) return v4(b, 12);
  // 2002:aabb:ccdd::/48, 6to4
  if (b[0] === 0x20 && b[1] === 0x02) return v4(b, 2);
  return null;
}

/** True for an address a feed fetch must never connect to (unless allow-listed). */
export function isBlockedAddress(address: string): boolean {
  if (address.includes("%")) return true; // a zone id: only meaningful on a local link
  const family = isIP(address);
  if (family === 4) return BLOCKED_V4.check(address, "ipv4");
  if (family === 6) {
    const bytes = ipv6Bytes(address);
    if (!bytes) return true;
    const inner = embeddedIpv4(bytes);
    if (inner && BLOCKED_V4.check(inner, "ipv4")) return true;
    const canonical = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(":");
    return BLOCKED_V6.check(canonical, "ipv6");
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
