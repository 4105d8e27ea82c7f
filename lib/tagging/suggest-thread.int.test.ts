import { describe, expect, it } from "vitest";
import { isMainThread } from "node:worker_threads";
import { suggestTags } from "./suggest";
import { suggestTagsOffThread } from "./suggest-thread";

const input = {
  headline: "Honduras agrees to tough action on migration",
  standfirst: "",
  bodyText:
    "WASHINGTON (dpa-AFX) - Acting Secretary of Homeland Security Kevin K. McAleenan met President Juan Orlando Hernandez in Tegucigalpa. " +
    "The government of Honduras agreed to work with the United States on border security.",
};

describe("suggestTagsOffThread", () => {
  it("gives exactly the proposals suggestTags gives, computed on another thread", async () => {
    expect(isMainThread).toBe(true);
    const [a, b] = await Promise.all([suggestTagsOffThread(input), suggestTagsOffThread({ ...input, headline: "Border talks" })]);
    expect(a).toEqual(suggestTags(input));
    expect(b).toEqual(suggestTags({ ...input, headline: "Border talks" }));
    expect(a.map((s) => s.name)).toContain("Honduras");
  });

  it("does not block the main thread while it works", async () => {
    const long = { ...input, bodyText: Array.from({ length: 40 }, () => input.bodyText).join("\n\n") };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = performance.now();
    await suggestTagsOffThread(long);
    const took = performance.now() - t0;
    clearInterval(timer);
    // Inline, a 2,000-word text holds the event loop for its whole run: no ticks at all.
    expect(ticks).toBeGreaterThan(Math.floor(took / 5 / 4));
  });
});
