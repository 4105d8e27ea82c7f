import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, type NormalizedItem } from "../normalized";
import { atomAdapter } from "./atom";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));
const RECEIVED = new Date("2026-12-01T00:00:00Z");

function parseAll(path: string): NormalizedItem[] {
  const input: WireInput = {
    source: path,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + path)),
    receivedAt: RECEIVED,
  };
  expect(atomAdapter.sniff(input)).toBe(true);
  const items = atomAdapter.parse(input);
  for (const item of items) expect(normalizedItemSchema.parse(item)).toEqual(item);
  return items;
}

describe("Atom 1.0", () => {
  const items = parseAll("feeds/atom-meridian-science-2026-11-26.xml");

  it("yields one item per entry with its id as guid", () => {
    expect(items.map((i) => i.guid)).toEqual([
      "tag:meridian.example,2026-11-26:science/0041",
      "tag:meridian.example,2026-11-26:science/0044",
      "tag:meridian.example,2026-11-25:science/0037",
      "tag:meridian.example,2026-11-26:science/0046",
    ]);
    for (const item of items)
      expect(item).toMatchObject({
        format: "atom-1.0",
        version: 1,
        language: "en-GB",
        credit: "Copyright 2026 Meridian Wire Service",
      });
  });

  it("reads html content", () => {
    expect(items[0]).toMatchObject({
      byline: "Annalena Frick",
      signal: "new",
      firstCreated: "2026-11-26T08:30:00Z",
      versionCreated: "2026-11-26T08:30:00Z",
      subjects: [{ scheme: "https://cv.meridian.example/topics/", code: "environment", name: "Environment" }],
    });
    expect(items[0]!.bodyHtml).toContain("about <strong>10 percent</strong> of its ice volume");
    expect(items[0]!.bodyText).toContain("\u201cTen percent in two seasons");
    expect((items[0]!.bodyHtml.match(/<p>/g) ?? []).length).toBe(3);
  });

  it("reads xhtml content and inherits the feed author", () => {
    expect(items[1]!.byline).toBe("Meridian Wire Science Desk");
    expect(items[1]!.bodyHtml).toBe(
      "<p>Researchers have fitted 40 wild salmon with acoustic tags to find out where the fish spend the months between leaving their home rivers and returning to spawn.</p><p>Receivers on buoys and at river mouths will record each fish that swims within about 500 metres. <em>The first data will be read out in spring.</em></p><ul><li>40 fish tagged</li><li>23 receivers deployed</li><li>Battery life: about 18 months</li></ul>",
    );
  });

  it("marks a corrected entry (updated after published, text content)", () => {
    expect(items[2]).toMatchObject({
      signal: "correction",
      firstCreated: "2026-11-25T14:00:00Z",
      versionCreated: "2026-11-26T17:45:00Z",
      byline: "Tomás Ferreira",
    });
    expect((items[2]!.bodyHtml.match(/<p>/g) ?? []).length).toBe(3);
    expect(items[2]!.bodyText).toContain("About 14 percent of the municipalities");
  });

  it("decodes an html title to text, falls back to the summary and joins two authors", () => {
    expect(items[3]).toMatchObject({
      headline: "Why the common swift can stay airborne for ten months",
      byline: "Jonas Weber and Elif Sarrazin",
      signal: "update",
      keywords: ["explainer"],
      bodyHtml: "<p>An explainer on how swifts eat, drink and even sleep on the wing.</p>",
    });
    expect(items[3]!.bodyHtml).not.toContain("swift.jpg");
  });
});

describe("Atom with xml:base", () => {
  const items = parseAll("feeds-extra/atom-xml-base-relative-links-2026-11-25.xml");

  it("resolves relative links through nested xml:base", () => {
    expect(items[0]!.bodyHtml).toContain('href="https://science.meridian.example/2026/11/25/moss-data.csv"');
    expect(items[0]!.bodyHtml).toContain('href="https://science.meridian.example/about/corrections"');
    expect(items[1]!.bodyHtml).toContain('href="https://science.meridian.example/2026/11/25/bee-counts/method"');
  });

  it("shows double-escaped markup in an html title literally and drops script and img", () => {
    expect(items[0]).toMatchObject({
      headline: "Tiny moss <em>survives</em> a year on the station hull",
      byline: "Meridian Science Desk",
      firstCreated: "2026-11-25T08:00:00Z",
      language: "en",
    });
    expect(items[1]!.bodyHtml).not.toMatch(/<script|__xss|<img|bee\.jpg/);
    expect(items[1]!.bodyText).toBe(
      "Volunteer counts found 18 percent more wild bees in city parks than last year. How we counted.\n\nPark managers credited longer grass.",
    );
    expect(items[1]).toMatchObject({ firstCreated: null, versionCreated: "2026-11-25T11:30:00Z", signal: "new" });
  });
});
