import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("passwords", () => {
  it("are 8 to 128 characters (counted, not bytes) and not a common one", () => {
    expect(passwordProblem("a".repeat(7))).toMatch(/at least 8/);
    expect(passwordProblem("correct1")).toBeNull();
    expect(passwordProblem("é".repeat(128))).toBeNull(); // 256 bytes, 128 characters
    expect(passwordProblem("a".repeat(129))).toMatch(/at most 128/);
    expect(passwordProblem("Password1")).toMatch(/too common/);
  });

  it("are hashed with argon2id (19 MiB, t=2) and never truncated", async () => {
    const long = `${"x".repeat(100)}-first`; // beyond bcrypt's 72 bytes
    const stored = await hashPassword(long);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, long)).toBe(true);
    expect(await verifyPassword(stored, `${"x".repeat(100)}-other`)).toBe(false);
    await expect(hashPassword("short")).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
