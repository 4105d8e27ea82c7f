import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function redirectCallback() {
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", "postgres://unused");
  vi.stubEnv("NEXTAUTH_URL", "https://news.example");
  vi.stubEnv("NEXTAUTH_SECRET", "a-test-secret-of-enough-length-0123456789");
  const { authOptions } = await import("./options");
  const redirect = authOptions().callbacks?.redirect;
  expect(redirect).toBeTypeOf("function");
  return (url: string) => redirect!({ url, baseUrl: "https://news.example" });
}

describe("next-auth's redirect callback", () => {
  it("follows only paths on this site, like the login form (lib/auth/safe-redirect.ts)", async () => {
    const redirect = await redirectCallback();
    expect(await redirect("/login")).toBe("https://news.example/login");
    expect(await redirect("https://news.example/desk/wire?x=1")).toBe("https://news.example/desk/wire?x=1");
    for (const hostile of [
      "/\t/evil.example",
      "//evil.example",
      "/\\evil.example",
      "http:evil.example", // (on an https site "https:x" is a relative path, on http it is a host)
      "https://evil.example/desk",
      "https://news.example@evil.example/",
      "https://news.example.evil.example/",
      "javascript:alert(1)",
    ]) {
      expect(await redirect(hostile), hostile).toBe("https://news.example/desk");
    }
  });
});
