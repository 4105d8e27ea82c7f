import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, WireParseError, type NormalizedItem } from "../normalized";
import { newsmlG2Adapter } from "./newsml-g2";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));
const RECEIVED = new Date("2026-12-01T00:00:00Z");

function fixture(path: string): WireInput {
  return {
    source: path,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + path)),
    receivedAt: RECEIVED,
  };
}

function parseAll(path: string): NormalizedItem[] {
  const input = fixture(path);
  expect(newsmlG2Adapter.sniff(input)).toBe(true);
  const items = newsmlG2Adapter.parse(input);
  for (const item of items) expect(normalizedItemSchema.parse(item)).toEqual(item);
  return items;
}

const paragraphs = (html: string) => (html.match(/<p>/g) ?? []).length;
const GUID = "urn:newsml:meridian.example:20261110:MWS-SCI-0031";

describe("NewsML-G2 adapter", () => {
  it("maps the embargoed v1 newsItem", () => {
    const [item] = parseAll("newsml-g2/newsml-text-baltic-herring-v1-2026-11-10.xml");
    expect(item).toMatchObject({
      format: "newsml-g2",
      guid: GUID,
      version: 1,
      signal: "new",
      // "Not for publication or broadcast before then" is an embargo, not a hold.
      pubStatus: "usable",
      embargoUntil: "2026-11-10T23:00:00Z",
      versionCreated: "2026-11-10T14:05:00Z",
      firstCreated: "2026-11-10T14:05:00Z",
      urgency: 4,
      language: "en-GB",
      genre: "Current",
      slugline: "SCIENCE-BALTIC-HERRING",
      headline: "Baltic herring stocks recovering faster than expected, study finds",
      byline: "By Kaisa Lindqvist",
      credit: "Meridian Wire Service",
      dateline: { place: "KIEL, Germany", agency: "MWS", date: "2026-11-10T00:00:00Z" },
      keywords: ["herring", "fisheries", "Baltic Sea"],
      places: ["Kiel, Germany", "Baltic Sea"],
    });
    expect(item!.subjects).toEqual([
      { scheme: "medtop", code: "06000000", name: "environment" },
      { scheme: "medtop", code: "13000000", name: "science and technology" },
      { scheme: "medtop", code: "04000000", name: "economy, business and finance" },
    ]);
    // The h1 repeats the headline and is dropped; six paragraphs remain.
    expect(item!.bodyHtml).not.toContain("<h2>");
    expect(paragraphs(item!.bodyHtml)).toBe(6);
    expect(item!.bodyText).toContain("about 570,000 tonnes");
  });

  it("maps the v2 update signal and the corrected figure", () => {
    const [item] = parseAll("newsml-g2/newsml-text-baltic-herring-v2-2026-11-10.xml");
    expect(item).toMatchObject({
      guid: GUID,
      version: 2,
      signal: "update",
      pubStatus: "usable",
      versionCreated: "2026-11-10T16:40:00Z",
    });
    expect(paragraphs(item!.bodyHtml)).toBe(8);
    expect(item!.bodyText).toContain("about 610,000 tonnes");
    expect(item!.bodyText).not.toContain("570,000");
  });

  it("maps the v3 withdrawal to a kill", () => {
    const [item] = parseAll("newsml-g2/newsml-canceled-baltic-herring-v3-2026-11-10.xml");
    expect(item).toMatchObject({
      guid: GUID,
      version: 3,
      signal: "kill",
      pubStatus: "canceled",
      urgency: 2,
      headline: "WITHDRAWN-Baltic herring study story",
      versionCreated: "2026-11-10T21:15:00Z",
    });
    expect(paragraphs(item!.bodyHtml)).toBe(1);
  });

  it("splits a newsMessage into its items and holds the not-for-publication advisory", () => {
    const items = parseAll("newsml-g2/newsml-newsmessage-two-items-2026-11-14.xml");
    expect(items.map((i) => i.guid)).toEqual([
      "urn:newsml:meridian.example:20261114:MWS-EUR-0007",
      "urn:newsml:meridian.example:20261114:MWS-EUR-ADV-0001",
    ]);
    const [story, advisory] = items;
    expect(story).toMatchObject({
      pubStatus: "usable",
      signal: "new",
      urgency: 3,
      headline: "Storm halts ferries to Danish islands, thousands without power",
      byline: "By Mette Skovgaard",
      dateline: { place: "AARHUS, Denmark", agency: "MWS", date: "2026-11-14T00:00:00Z" },
      places: ["Aarhus, Denmark"],
      subjects: [
        { scheme: "medtop", code: "17000000", name: "weather" },
        { scheme: "medtop", code: "03000000", name: "disaster, accident and emergency incident" },
      ],
    });
    expect(paragraphs(story!.bodyHtml)).toBe(5);
    expect(story!.bodyText).toContain("said Søren Kjærgaard, the company's operations manager");

    expect(advisory).toMatchObject({
      pubStatus: "withheld",
      signal: "new",
      genre: "Advisory",
      slugline: "EUROPE-ADVISORY",
      versionCreated: "2026-11-14T07:30:00Z",
      firstCreated: null,
    });
    // text/plain inlineData: escaped paragraphs split on blank lines.
    expect(paragraphs(advisory!.bodyHtml)).toBe(6);
    expect(advisory!.bodyHtml.startsWith("<p>EUROPE DESK ADVISORY - SATURDAY, NOV 14</p>")).toBe(true);
  });

  it("treats a not-for-publication signal as withheld and never fetches remote content", () => {
    const xml = `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1" version="1">
      <itemMeta><versionCreated>2026-11-01T10:00:00+02:00</versionCreated><pubStatus qcode="stat:usable"/><signal qcode="sig:notForPublication"/></itemMeta>
      <contentMeta><headline>Held</headline></contentMeta>
      <contentSet><remoteContent href="https://media.example/x.xml" contenttype="application/xml"/></contentSet>
    </newsItem>`;
    const [item] = newsmlG2Adapter.parse({ source: "inline", text: xml, receivedAt: RECEIVED });
    expect(item).toMatchObject({ pubStatus: "withheld", bodyHtml: "", versionCreated: "2026-11-01T08:00:00Z" });
  });

  it("rejects a newsMessage without items and a newsItem without a guid", () => {
    const empty = `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/><itemSet/></newsMessage>`;
    expect(() => newsmlG2Adapter.parse({ source: "x", text: empty, receivedAt: RECEIVED })).toThrow(WireParseError);
    const noGuid = `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta><headline>x</headline></contentMeta></newsItem>`;
    expect(() => newsmlG2Adapter.parse({ source: "x", text: noGuid, receivedAt: RECEIVED })).toThrow(/no guid/);
  });

  it("does not claim NITF or feeds", () => {
    expect(newsmlG2Adapter.sniff(fixture("nitf/nitf-kill-rotterdam-solar-2026-11-06.xml"))).toBe(false);
    expect(newsmlG2Adapter.sniff(fixture("feeds/rss2-meridian-top-stories-2026-11-25.xml"))).toBe(false);
  });
});
