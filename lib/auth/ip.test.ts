import { afterEach, describe, expect, it, vi } from "vitest";

async function ipWith(trusted: string, xff: string | null) {
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", "postgres://x");
  vi.stubEnv("TRUSTED_PROXIES", trusted);
  const { clientIp } = await import("./ip");
  return clientIp(new Headers(xff === null ? {} : { "x-forwarded-for": xff }));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("clientIp", () => {
  it("without trusted proxies takes the hop Next.js wrote from the socket (proxy.ts drops client-sent ones)", async () => {
    expect(await ipWith("", "127.0.0.1")).toBe("127.0.0.1");
    expect(await ipWith("", null)).toBe("unknown");
  });

  it("with trusted proxies walks from the right past them, so a client-prepended hop is ignored", async () => {
    expect(await ipWith("10.0.0.2", "203.0.113.66, 198.51.100.4, 10.0.0.2")).toBe("198.51.100.4");
    expect(await ipWith("10.0.0.2,10.0.0.3", "198.51.100.4, 10.0.0.3, 10.0.0.2")).toBe("198.51.100.4");
  });
});
