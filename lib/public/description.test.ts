import { describe, expect, it } from "vitest";
import { DESCRIPTION_CHARS, storyDescription } from "./description";

describe("storyDescription", () => {
  it("uses the standfirst, whitespace collapsed", () => {
    expect(storyDescription({ standfirst: "  A  short\nstandfirst. ", bodyText: "Body." })).toBe("A short standfirst.");
  });
  it("falls back to the body, cut at a word boundary", () => {
    const body = "The city council approved a plan to expand night trams after months of debate, ".repeat(5);
    const d = storyDescription({ standfirst: "", bodyText: body })!;
    expect(d.length).toBeLessThanOrEqual(DESCRIPTION_CHARS + 1);
    expect(d.endsWith("…")).toBe(true);
    expect(body.startsWith(d.slice(0, -1))).toBe(true);
    expect(d.slice(0, -1)).not.toMatch(/[\s,]$/);
  });
  it("keeps a short body whole and gives nothing for an empty story", () => {
    expect(storyDescription({ standfirst: "", bodyText: "Short body." })).toBe("Short body.");
    expect(storyDescription({ standfirst: " ", bodyText: "\n" })).toBeUndefined();
  });
});
