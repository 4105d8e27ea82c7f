import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, WireParseError, type NormalizedItem } from "../normalized";
import { ninjsAdapter } from "./ninjs";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));
const RECEIVED = new Date("2026-12-01T00:00:00Z");

function fixture(path: string): WireInput {
  return {
    source: path,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + path)),
    receivedAt: RECEIVED,
  };
}

function parseOne(path: string): NormalizedItem {
  const input = fixture(path);
  expect(ninjsAdapter.sniff(input)).toBe(true);
  const items = ninjsAdapter.parse(input);
  expect(items).toHaveLength(1);
  expect(normalizedItemSchema.parse(items[0])).toEqual(items[0]);
  return items[0]!;
}

function inline(json: unknown): WireInput {
  return { source: "inline", text: JSON.stringify(json), receivedAt: RECEIVED };
}

function parseError(input: WireInput): WireParseError {
  try {
    ninjsAdapter.parse(input);
  } catch (err) {
    if (err instanceof WireParseError) return err;
    throw err;
  }
  throw new Error("not rejected");
}

const paragraphs = (html: string) => (html.match(/<p>/g) ?? []).length;
const VALENCIA = "https://wire.meridian.example/items/MWS-20261112-ES-0044";

describe("ninjs adapter", () => {
  it("maps ninjs 1.3 version 1", () => {
    const item = parseOne("ninjs/ninjs13-valencia-night-tram-v1-2026-11-12.json");
    expect(item).toMatchObject({
      format: "ninjs-1",
      guid: VALENCIA,
      version: 1,
      signal: "new",
      pubStatus: "usable",
      headline: "Valencia to run night trams for hospital shift workers",
      slugline: "SPAIN-VALENCIA-TRAM",
      byline: "By Carmen Ibáñez",
      dateline: { place: "Valencia, Spain", agency: null, date: null },
      firstCreated: "2026-11-11T18:20:00Z",
      versionCreated: "2026-11-11T18:20:00Z",
      embargoUntil: "2026-11-12T06:00:00Z",
      urgency: 4,
      language: "en",
      genre: "Current",
      credit: "Copyright 2026 Meridian Wire Service. All rights reserved.",
      places: ["Valencia", "Spain"],
    });
    expect(item.subjects).toEqual([
      { scheme: "medtop", code: "09000000", name: "labour" },
      { scheme: "medtop", code: "14000000", name: "society" },
      { scheme: "https://cv.meridian.example/topics/", code: "transport-public", name: "public transport" },
      { scheme: "person", code: "P-022871", name: "Josep Ferrandis" },
      { scheme: "organisation", code: "O-30418", name: "Tranvia Metropolitana de Valencia" },
    ]);
    expect(paragraphs(item.bodyHtml)).toBe(5);
    expect(item.bodyText).toContain("\u201cA nurse finishing at 2 a.m.");
    // associations (the feature image) are never fetched or embedded.
    expect(item.bodyHtml).not.toContain("media.meridian.example");
  });

  it("maps version 2 of the same uri as an update", () => {
    const item = parseOne("ninjs/ninjs13-valencia-night-tram-v2-2026-11-12.json");
    expect(item).toMatchObject({ guid: VALENCIA, version: 2, signal: "update", versionCreated: "2026-11-12T09:05:00Z" });
    expect(paragraphs(item.bodyHtml)).toBe(7);
    expect(item.subjects).toContainEqual({ scheme: "person", code: "Nuria Sanchis", name: "Nuria Sanchis" });
  });

  it("maps ninjs 2.0 headlines[], bodies[] and uri/literal concepts", () => {
    const item = parseOne("ninjs/ninjs20-iceland-coffee-2026-11-16.json");
    expect(item).toMatchObject({
      format: "ninjs-2",
      guid: "https://wire.meridian.example/items/MWS-20261116-IS-0012",
      version: 1,
      headline: "Iceland harvests its first coffee crop, grown with geothermal heat",
      subheadline: null,
      byline: "By Guðrún Einarsdóttir",
      language: "en-GB",
      dateline: { place: "Hveragerði, Iceland", agency: null, date: null },
      places: ["Hveragerði", "Iceland"],
      genre: "Current",
      urgency: 5,
    });
    expect(item.subjects).toEqual([
      { scheme: "medtop", code: "04000000", name: "economy, business and finance" },
      { scheme: "medtop", code: "10000000", name: "lifestyle and leisure" },
      { scheme: "literal", code: "geothermal-energy", name: "geothermal energy" },
      { scheme: "person", code: "P-031204", name: "Bryndís Sigurðardóttir" },
      { scheme: "organisation", code: "O-40977", name: "Hverakaffi ehf." },
    ]);
    // The HTML body wins over the plain one.
    expect(paragraphs(item.bodyHtml)).toBe(4);
    expect(item.bodyText).toContain("a café in Reykjavík");
  });

  it("maps a canceled 2.0 item to a kill", () => {
    const item = parseOne("ninjs/ninjs20-canceled-never-seen-2026-11-21.json");
    expect(item).toMatchObject({
      guid: "https://wire.meridian.example/items/MWS-20261120-PL-0071",
      version: 2,
      signal: "kill",
      pubStatus: "canceled",
      urgency: 1,
      headline: "WITHDRAWN-Gdansk shipyard order story",
    });
    expect(paragraphs(item.bodyHtml)).toBe(1);
  });

  it("rejects the look-alike without uri and values, naming the fields", () => {
    const input = fixture("bad/ninjs-missing-required-fields.json");
    expect(ninjsAdapter.sniff(input)).toBe(true);
    const err = parseError(input);
    expect(err.code).toBe("SCHEMA");
    expect(err.message).toContain("uri: required");
    expect(err.message).toContain("headlines[0].value: required");
    expect(err.message).toContain("bodies[0].value: required");
  });

  it("does not claim GeoJSON, and rejects it if asked", () => {
    const input = fixture("bad/not-ninjs-geojson.json");
    expect(ninjsAdapter.sniff(input)).toBe(false);
    expect(parseError(input)).toMatchObject({ code: "SCHEMA", message: expect.stringContaining("uri: required") });
  });

  it("accepts 1.x without a standard marker, escapes markup in text fields and checks the version", () => {
    const input = inline({ uri: "urn:x:1", version: "3", headline: "A <b>bold</b> claim", body_text: "one\n\ntwo <i>" });
    expect(ninjsAdapter.sniff(input)).toBe(true);
    const [item] = ninjsAdapter.parse(input);
    // A version number alone is not a signal.
    expect(item).toMatchObject({ format: "ninjs-1", version: 3, signal: "new", headline: "A <b>bold</b> claim" });
    expect(item!.bodyHtml).toBe("<p>one</p><p>two &lt;i&gt;</p>");
    expect(parseError(inline({ uri: "urn:x:1", version: "two", headline: "x" })).message).toMatch(/version/);
    expect(ninjsAdapter.sniff(inline({ uri: "urn:x:1", type: "Feature" }))).toBe(false);
  });
});
