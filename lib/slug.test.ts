import { describe, expect, it } from "vitest";
import { isSlug, slugify } from "./slug";

describe("slugify", () => {
  it("makes readable ASCII slugs", () => {
    expect(slugify("Honduras agrees to curb migration to the U.S.")).toBe("honduras-agrees-to-curb-migration-to-the-u-s");
    expect(slugify("Grünwald Präzision kauft Optelis – für €438 Mio.")).toBe("grunwald-prazision-kauft-optelis-fur-438-mio");
    expect(slugify("Straße")).toBe("strasse");
  });
  it("never returns an empty or path-like slug", () => {
    expect(slugify("../../etc/passwd")).toBe("etc-passwd");
    expect(slugify("%2e%2e")).toBe("2e-2e");
    expect(slugify("!!!")).toBe("untitled");
    expect(slugify("\u202e\u200b")).toBe("untitled");
  });
  it("caps length without a trailing hyphen", () => {
    const s = slugify("word ".repeat(100), 20);
    expect(s.length).toBeLessThanOrEqual(20);
    expect(s.endsWith("-")).toBe(false);
  });
  it("recognises slugs", () => {
    expect(isSlug("a-b-c")).toBe(true);
    expect(isSlug("..")).toBe(false);
    expect(isSlug("A")).toBe(false);
    expect(isSlug("a--b")).toBe(false);
  });
});
