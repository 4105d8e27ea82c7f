import { describe, expect, it } from "vitest";
import { listContentResponse, storyContentResponse } from "./content-api";

// Issue #12 item 8c: a kill must reach API consumers in seconds, so no downstream cache may
// keep (or serve stale) a content API response for longer than a few seconds.
function directives(res: Response): Map<string, string | true> {
  const header = res.headers.get("cache-control") ?? "";
  return new Map(
    header
      .split(",")
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean)
      .map((d): [string, string | true] => {
        const [name, value] = d.split("=");
        return [name!, value ?? true];
      }),
  );
}

describe("content API Cache-Control", () => {
  it("lets browsers keep nothing, shared caches a few seconds, and nobody serve it stale", async () => {
    // Both answers are decided before any database read; every answer shares the headers.
    for (const res of [
      await storyContentResponse("../not-a-slug"),
      await listContentResponse(new URL("http://localhost/api/content/stories?page=0")),
    ]) {
      const cc = directives(res);
      expect(cc.get("public")).toBe(true);
      expect(cc.get("max-age")).toBe("0");
      expect(Number(cc.get("s-maxage"))).toBeGreaterThan(0);
      expect(Number(cc.get("s-maxage"))).toBeLessThanOrEqual(10);
      expect(cc.get("must-revalidate")).toBe(true);
      expect(cc.has("stale-while-revalidate")).toBe(false);
      expect(cc.has("stale-if-error")).toBe(false);
    }
  });
});
