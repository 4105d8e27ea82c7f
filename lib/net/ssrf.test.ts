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

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8"])(
    "allows %s",
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );
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
