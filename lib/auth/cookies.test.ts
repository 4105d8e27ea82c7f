import { afterEach, describe, expect, it, vi } from "vitest";

async function policyWith(vars: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  const m = await import("./cookies");
  return { secure: m.sessionCookieSecure(), name: m.sessionCookieName(), options: m.sessionCookieOptions() };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("session cookie policy", () => {
  it("is Secure with the __Secure- prefix in production on a real host, HttpOnly and Lax always", async () => {
    const p = await policyWith({ NODE_ENV: "production", DATABASE_URL: "postgres://x", NEXTAUTH_URL: "http://news.example" });
    expect(p).toEqual({
      secure: true,
      name: "__Secure-next-auth.session-token",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
    });
  });

  it("is Secure on any https site", async () => {
    expect(
      (await policyWith({ NODE_ENV: "development", DATABASE_URL: "postgres://x", NEXTAUTH_URL: "https://news.example" })).secure,
    ).toBe(true);
  });

  it("cannot be Secure on a loopback http URL (local try-out), still HttpOnly and Lax", async () => {
    const p = await policyWith({ NODE_ENV: "production", DATABASE_URL: "postgres://x", NEXTAUTH_URL: "http://localhost:3000" });
    expect(p.secure).toBe(false);
    expect(p.options).toMatchObject({ httpOnly: true, sameSite: "lax" });
  });
});
