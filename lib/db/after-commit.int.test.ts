import { describe, expect, it } from "vitest";
import { afterCommit, db, transaction } from "./client";

describe("afterCommit", () => {
  it("runs after the transaction commits, in order, and never after a rollback", async () => {
    const seen: string[] = [];
    await transaction(async (tx) => {
      afterCommit(tx, () => seen.push("first"));
      await tx.$queryRaw`SELECT 1`;
      afterCommit(tx, () => seen.push("second"));
      expect(seen, "nothing runs before the commit").toEqual([]);
    });
    expect(seen).toEqual(["first", "second"]);

    await expect(
      transaction(async (tx) => {
        afterCommit(tx, () => seen.push("rolled back"));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(seen).toEqual(["first", "second"]);
  });

  it("runs at once outside a transaction", () => {
    let ran = false;
    afterCommit(db(), () => (ran = true));
    expect(ran).toBe(true);
  });
});
