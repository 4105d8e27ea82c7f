import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { decodeWireBytes } from "../decode";
import { normalizedItemSchema, type NormalizedItem } from "../normalized";
import { rssAdapter } from "./rss";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));
const RECEIVED = new Date("2026-12-01T00:00:00Z");

function fixture(path: string): WireInput {
  return {
    source: path,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + path)),
    receivedAt: RECEIVED,
  };
}

function parseAll(input: WireInput): NormalizedItem[] {
  expect(rssAdapter.sniff(input)).toBe(true);
  const items = rssAdapter.parse(input);
  for (const item of items) expect(normalizedItemSchema.parse(item)).toEqual(item);
  return items;
}

const TOP = "feeds/rss2-meridian-top-stories-2026-11-25.xml";

describe("RSS 2.0", () => {
  const items = parseAll(fixture(TOP));

  it("yields one item per <item>", () => {
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(item).toMatchObject({
        format: "rss-2.0",
        version: 1,
        signal: "new",
        pubStatus: "usable",
        language: "en-GB",
        credit: "Copyright 2026 Meridian Wire Service",
      });
    }
  });

  it("takes content:encoded, decodes its entities and keeps the quote and link", () => {
    const item = items[0]!;
    expect(item).toMatchObject({
      guid: "https://news.meridian.example/2026/11/25/tallinn-heated-bus-shelters",
      headline: "Tallinn tests bus shelters heated by data-centre waste heat",
      byline: "Kertu Laan",
      versionCreated: "2026-11-25T09:12:00Z",
      keywords: ["Europe"],
      dateline: { place: "TALLINN", agency: "MWS", date: "2026-11-25T00:00:00Z" },
    });
    expect(item.bodyText).toContain("about 35\u00a0degrees Celsius");
    expect(item.bodyHtml).toContain("<blockquote><p>\u201cThe servers have to be cooled anyway.");
    expect(item.bodyHtml).toContain('<a href="https://news.meridian.example/2026/10/02/nordic-district-heating"');
    expect((item.bodyHtml.match(/<p>/g) ?? []).length).toBe(4);
  });

  it("splits categories into subjects (with a domain) and keywords", () => {
    expect(items[1]).toMatchObject({
      byline: "Luca Bernasconi",
      keywords: ["Sport", "Cycling"],
      subjects: [
        { scheme: "https://cv.meridian.example/topics/", code: "sport/cycling/road", name: null },
        { scheme: "medtop", code: "15000000", name: null },
      ],
    });
  });

  it("keeps an opaque guid and converts a +0100 pubDate to UTC", () => {
    expect(items[2]).toMatchObject({
      guid: "meridian-rss-20261125-0093",
      versionCreated: "2026-11-25T12:05:00Z",
      byline: "Tina Kovač",
    });
  });

  it("resolves a relative link against the channel link", () => {
    expect(items[3]!.guid).toBe("meridian-rss-20261125-0101");
    const text = fixture(TOP).text.replace('<guid isPermaLink="false">meridian-rss-20261125-0101</guid>', "");
    const withoutGuid = rssAdapter.parse({ source: TOP, text, receivedAt: RECEIVED });
    expect(withoutGuid[3]!.guid).toBe("https://news.meridian.example/2026/11/25/porto-tram-airport-extension");
  });

  it("reads entity-escaped HTML in description and drops the image; the enclosure is never used", () => {
    const item = items[4]!;
    expect(item.bodyHtml).toBe(
      '<p>A family-run coffee roaster in Vienna\'s 7th district will close at the end of the year, its owners said, citing <em>rising rents</em> and the retirement of its last master roaster.</p><p>"We roasted through two world wars. We could not roast through the rent," said owner Helga Strobl.</p>',
    );
    expect(item.bodyHtml).not.toMatch(/<img|vienna-roaster\.jpg/);
  });
});

describe("RSS 1.0 (RDF)", () => {
  const items = parseAll(fixture("feeds-extra/rss1-rdf-meridian-regional-2026-11-23.xml"));

  it("reads items beside the channel, with rdf:about ids and Dublin Core", () => {
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      format: "rss-1.0",
      guid: "https://regional.meridian.example/nordic/2026/11/23/oulu-snow-bikes",
      byline: "Aino Halonen",
      versionCreated: "2026-11-23T06:15:00Z",
      keywords: ["cycling", "winter"],
      language: "en-GB",
      credit: "Copyright 2026 Meridian Wire Service",
      dateline: { place: "OULU", agency: "MWS", date: "2026-11-23T00:00:00Z" },
    });
    expect(items[0]!.bodyHtml).toContain('href="https://regional.meridian.example/nordic/topics/winter-cycling"');
    expect(items[1]).toMatchObject({
      byline: "Eirik Solheim and Ingrid Vatne",
      bodyHtml: "<p>Norway's rainiest city recorded 412 mm of rain by Nov 22, beating a record from 1999.</p>",
    });
  });
});

describe("RSS with undeclared Windows-1252", () => {
  it("decodes to the right characters and resolves relative permalinks", () => {
    const bytes = new Uint8Array(readFileSync(FIXTURES + "feeds-extra/rss2-cp1252-undeclared-alpine-2026-11-24.xml"));
    const { text, encoding } = decodeWireBytes(bytes);
    expect(encoding).toBe("windows-1252");
    const items = parseAll({ source: "cp1252", text, receivedAt: RECEIVED });
    expect(items[0]).toMatchObject({
      guid: "https://alpine.meridian.example/2026/11/24/zuerich-cafe-cup-fee",
      headline: "Zürich café owners fight \u201cbring your own cup\u201d fee",
      byline: "Séverine Aebischer",
      language: "de-CH",
      credit: "© 2026 Meridian Wire Service",
      versionCreated: "2026-11-24T09:30:00Z",
    });
    expect(items[0]!.bodyText).toContain("\u2013 about \u20ac0.53 \u2013");
    expect(items[0]!.bodyText).toContain("\u201cWe\u2019re not against the idea,\u201d said René Brändli");
    expect(items[1]).toMatchObject({
      headline: "Lötschberg tunnel reopens after two-week closure",
      versionCreated: "2026-11-24T11:05:00Z",
    });
  });
});
