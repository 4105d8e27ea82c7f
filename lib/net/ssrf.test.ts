import { describe, expect, it } from "vitest";
import { guardedLookup, isBlockedAddress, parseAllowList } from "./ssrf";

describe("isBlockedAddress", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  // Issue #12 item 8a: documentation ranges, and IPv6 spellings that carry a private IPv4
  // address or hide a blocked IPv6 one.
  it.each([
    "192.0.2.1",
    "192.0.2.255",
    "198.51.100.7",
    "203.0.113.200",
    "192.88.99.1",
    // IPv4-mapped, in every spelling
    "::FFFF:127.0.0.1",
    "::ffff:7F00:0001",
    "0:0:0:0:0:ffff:7f00:1",
    "0000:0000:0000:0000:0000:FFFF:7F00:0001",
    "0::ffff:a00:1",
    "::ffff:10.0.0.1",
    "::ffff:192.0.2.1",
    "::ffff:0:127.0.0.1", // IPv4-translated
    // IPv4-compatible (deprecated; never a real destination)
    "::127.0.0.1",
    "::7f00:1",
    "::8.8.8.8",
    "0:0:0:0:0:0:0:1",
    "0:0::1",
    "::0",
    // NAT64 and 6to4 carrying a private address
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:FF9B:0:0:0:0:C0A8:0101",
    "64:ff9b:1::a00:1",
    "2002:7f00:1::",
    "2002:a9fe:a9fe::1",
    "2002:C0A8:0101:0:0:0:0:1",
    // Teredo, documentation, discard-only, unique-local, link-local in odd spellings
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2001:DB8::1",
    "3fff::1",
    "100::1",
    "FD00::1",
    "FE80:0:0:0:0:0:0:1",
    // zone ids
    "fe80::1%eth0",
    "::1%lo",
    "2606:2800:220:1::1%1",
    // not addresses
    "::ffff:127.0.0.256",
    "1::2::3",
    "12345::1",
  ])("refuses %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "192.0.3.1",
    "203.0.114.1",
    "2606:2800:220:1:248:1893:25c8:1946",
    "2606:2800:220:1:248:1893:25C8:1946",
    "::ffff:8.8.8.8",
    "::FFFF:808:808",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
  ])("allows %s", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe("guardedLookup", () => {
  const lookup = (host: string, allow: string) =>
    new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      guardedLookup(parseAllowList(allow))(host, { all: true }, (err, address) => resolve({ err, address })),
    );

  it("refuses a name that resolves to loopback", async () => {
    const { err } = await lookup("localhost", "");
    expect(err?.message).toMatch(/loopback, private, link-local/);
  });

  it("lets an allow-listed name through, with the addresses it checked", async () => {
    const { err, address } = await lookup("localhost", " LocalHost , other.example");
    expect(err).toBeNull();
    expect(address).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]),
    );
  });
});
