import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, conflictReason, lockedError, publicError, staleError, toAppError } from "./errors";

/** Shaped like Prisma's PrismaClientKnownRequestError (only lib/db imports Prisma). */
function prismaError(code: string) {
  return Object.assign(new Error(`prisma ${code}`), { code, clientVersion: "7.10.0", name: "PrismaClientKnownRequestError" });
}

describe("errors the UI can read", () => {
  it("passes the code and the structured details, never unlisted internals", () => {
    const e = publicError(staleError(7));
    expect(e).toEqual({ code: "CONFLICT", message: expect.any(String), details: { reason: "stale", currentVersion: 7 } });
    const locked = publicError(lockedError({ id: "u1", name: "Ann" }, new Date("2030-01-01T00:00:00Z")));
    expect(locked.details).toEqual({
      reason: "locked",
      lockHolder: { id: "u1", name: "Ann" },
      lockedUntil: "2030-01-01T00:00:00.000Z",
    });
    const internal = publicError(new AppError("FORBIDDEN", "no", { permission: "user.manage", sql: "SELECT secret" }));
    expect(internal.details).toBeUndefined();
  });

  it("tells locked from stale by code and reason, not by message text", () => {
    expect(conflictReason(publicError(staleError(2)))).toBe("stale");
    expect(conflictReason(publicError(lockedError({ id: "u", name: "x" }, new Date())))).toBe("locked");
    // The message is free to change: a "locked" conflict whose text says nothing of editing.
    expect(conflictReason({ code: "CONFLICT", details: { reason: "locked" } })).toBe("locked");
    expect(conflictReason({ code: "VALIDATION", details: { reason: "stale" } })).toBeNull();
  });

  it("maps zod failures to VALIDATION with field errors", () => {
    const parsed = z.object({ headline: z.string().min(1, "A headline is required"), n: z.number() }).safeParse({ headline: "" });
    const e = toAppError(parsed.error);
    expect(e?.code).toBe("VALIDATION");
    expect(e?.details?.fieldErrors).toMatchObject({ headline: ["A headline is required"], n: [expect.any(String)] });
  });

  it("maps Prisma's not-found and unique errors, and leaves real bugs alone", () => {
    expect(toAppError(prismaError("P2025"))?.code).toBe("NOT_FOUND");
    expect(toAppError(prismaError("P2002"))?.code).toBe("CONFLICT");
    expect(toAppError(new TypeError("undefined is not a function"))).toBeNull();
    expect(toAppError(prismaError("P1001"))).toBeNull();
  });
});
