import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("makes ids shaped like Prisma's cuid(): 25 characters of [0-9a-z] starting with c", () => {
    for (let i = 0; i < 1000; i++) expect(newId()).toMatch(/^c[0-9a-z]{24}$/);
  });

  it("never repeats itself, even many times in the same millisecond", () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts by creation time across milliseconds", async () => {
    const a = newId();
    await new Promise((r) => setTimeout(r, 5));
    const b = newId();
    expect(a.slice(1, 9) < b.slice(1, 9)).toBe(true);
  });
});
