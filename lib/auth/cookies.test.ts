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

describe("decodeSessionToken", () => {
  const vars = { NODE_ENV: "test", DATABASE_URL: "postgres://x", NEXTAUTH_SECRET: "a-test-secret-of-enough-length-0123456789" };

  async function load() {
    vi.resetModules();
    for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
    const { encode } = await import("next-auth/jwt");
    const m = await import("./cookies");
    const mint = (claims: Record<string, unknown>, maxAge = 600, secret = vars.NEXTAUTH_SECRET) =>
      encode({ token: claims, secret, maxAge });
    return { ...m, mint };
  }

  it("returns the claims of a token made with this secret, the same on a second (cached) read", async () => {
    const { decodeSessionToken, mint } = await load();
    const token = await mint({ uid: "u1", sv: 3, authTime: 100 });
    const first = await decodeSessionToken(token);
    expect(first).toMatchObject({ uid: "u1", sv: 3, authTime: 100 });
    expect(await decodeSessionToken(token)).toEqual(first);
  });

  it("refuses a token made with another secret, a tampered token and garbage", async () => {
    const { decodeSessionToken, mint } = await load();
    expect(await decodeSessionToken(await mint({ uid: "u1" }, 600, "another-secret-entirely-0123456789abcdef"))).toBeNull();
    const good = await mint({ uid: "u1", sv: 1 });
    await decodeSessionToken(good); // cached: a tampered copy must still be checked on its own
    const parts = good.split(".");
    const cipher = parts[3]!;
    parts[3] = (cipher[0] === "A" ? "B" : "A") + cipher.slice(1);
    expect(await decodeSessionToken(parts.join("."))).toBeNull();
    expect(await decodeSessionToken("not a token")).toBeNull();
  });

  it("stops accepting a cached token once it has expired", async () => {
    const { decodeSessionToken, mint } = await load();
    const token = await mint({ uid: "u1", sv: 1 }, 60);
    const claims = await decodeSessionToken(token);
    expect(claims?.uid).toBe("u1");
    const exp = claims!.exp as number;
    expect(await decodeSessionToken(token, exp * 1000 - 1000)).not.toBeNull();
    expect(await decodeSessionToken(token, exp * 1000 + 1)).toBeNull();
    // and it stays refused (the entry is gone, and decoding afresh at that time fails too)
    expect(await decodeSessionToken(token, exp * 1000 + 1)).toBeNull();
  });
});
