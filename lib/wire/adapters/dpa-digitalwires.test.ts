import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, WireParseError, type NormalizedItem } from "../normalized";
import { dpaDigitalwiresAdapter } from "./dpa-digitalwires";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));
const RECEIVED = new Date("2026-12-01T00:00:00Z");
const URN = "urn:newsml:dpa.example:20090101:261118-99-400123";

function fixture(path: string): WireInput {
  return {
    source: path,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + path)),
    receivedAt: RECEIVED,
  };
}

function parseAll(path: string): NormalizedItem[] {
  const input = fixture(path);
  expect(dpaDigitalwiresAdapter.sniff(input)).toBe(true);
  const items = dpaDigitalwiresAdapter.parse(input);
  for (const item of items) expect(normalizedItemSchema.parse(item)).toEqual(item);
  return items;
}

describe("dpa digitalwires adapter", () => {
  it("maps a single entry", () => {
    const [item] = parseAll("dpa-digitalwires/dpa-dw-hamburg-landstrom-v1-2026-11-18.json");
    expect(item).toMatchObject({
      format: "dpa-digitalwires",
      guid: URN,
      version: 1,
      signal: "new",
      pubStatus: "usable",
      headline: "Hamburger Hafen testet Landstrom für Binnenschiffe",
      subheadline: "Zwölf Anleger sollen bis Sommer umgerüstet sein",
      slugline: "Hafenwirtschaft",
      byline: "Von Jannik Oberländer, dpa",
      dateline: { place: "Hamburg", agency: "dpa", date: null },
      versionCreated: "2026-11-18T08:46:30Z",
      firstCreated: "2026-11-18T08:31:00Z",
      embargoUntil: null,
      urgency: 3,
      language: "de",
      genre: "Bericht",
      credit: "dpa",
      subjects: [
        { scheme: "dpasubject", code: "912", name: "Schifffahrt" },
        { scheme: "medtop", code: "20000250", name: "Energie" },
      ],
      keywords: ["Landstrom", "Binnenschifffahrt"],
      places: ["Hamburg", "Deutschland"],
    });
    const html = item!.bodyHtml;
    expect((html.match(/<p>/g) ?? []).length).toBe(4);
    expect(html).toContain("<h2>Schiffer sind skeptisch</h2>");
    // The dateline has its own field; the body starts with the story.
    expect(html.startsWith("<p>Im Hamburger Hafen sollen")).toBe(true);
    expect(item!.bodyText).toContain("zwischen 40.000 und 90.000 Euro & dauert");
    expect(item!.bodyText).not.toContain("oberlaender.jannik"); // non-public ednotes stay out
  });

  it("maps the correction and the cancellation of the same urn", () => {
    const [v2] = parseAll("dpa-digitalwires/dpa-dw-hamburg-landstrom-v2-correction-2026-11-18.json");
    expect(v2).toMatchObject({
      guid: URN,
      version: 2,
      signal: "correction",
      pubStatus: "usable",
      versionCreated: "2026-11-18T11:04:55Z",
    });
    expect(v2!.bodyText).toContain("rund 4,3 Millionen Euro");
    const [v3] = parseAll("dpa-digitalwires/dpa-dw-hamburg-landstrom-canceled-2026-11-19.json");
    expect(v3).toMatchObject({ guid: URN, version: 3, signal: "kill", pubStatus: "canceled", urgency: 1 });
  });

  it("splits the wireq envelope into its entries, with the embargo in UTC", () => {
    const items = parseAll("dpa-digitalwires/dpa-dw-wireq-two-entries-2026-11-20.json");
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      guid: "urn:newsml:dpa.example:20090101:261120-99-401877",
      embargoUntil: "2026-11-20T09:00:00Z",
      dateline: { place: "Berlin", agency: "dpa", date: null },
      places: ["Deutschland"],
    });
    expect(items[1]).toMatchObject({
      language: "en",
      keywords: ["utilities"],
      subjects: [{ scheme: "medtop", code: "20000250", name: "Energy" }],
    });
  });

  it("rejects an entry without urn or entry_id, and does not claim ninjs or AP", () => {
    const input = { source: "x", text: JSON.stringify({ format: "digitalwires@0.9.1", headline: "x" }), receivedAt: RECEIVED };
    expect(dpaDigitalwiresAdapter.sniff(input)).toBe(true);
    expect(() => dpaDigitalwiresAdapter.parse(input)).toThrow(WireParseError);
    expect(() => dpaDigitalwiresAdapter.parse(input)).toThrow(/urn or entry_id is required/);
    expect(dpaDigitalwiresAdapter.sniff(fixture("ninjs/ninjs13-valencia-night-tram-v1-2026-11-12.json"))).toBe(false);
    expect(dpaDigitalwiresAdapter.sniff(fixture("ap-media/ap-media-item-berlin-bike-lanes-v0-2026-11-21.json"))).toBe(false);
  });
});
