import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, type NormalizedItem } from "../normalized";
import { apMediaAdapter } from "./ap-media";
import { ninjsAdapter } from "./ninjs";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/ap-media/", import.meta.url));
const RECEIVED = new Date("2026-12-01T00:00:00Z");

function fixture(name: string): WireInput {
  return {
    source: name,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + name)),
    receivedAt: RECEIVED,
  };
}

function parseAll(name: string): NormalizedItem[] {
  const input = fixture(name);
  expect(apMediaAdapter.sniff(input)).toBe(true);
  expect(ninjsAdapter.sniff(input)).toBe(false);
  const items = apMediaAdapter.parse(input);
  for (const item of items) expect(normalizedItemSchema.parse(item)).toEqual(item);
  return items;
}

const ITEM_ID = "3f9c2a7e5b1d4c08a6e2f41b9d7c5e20";

describe("AP Media API adapter", () => {
  it("maps a single item (AP version 0 stored as sent) without fetching the NITF rendition", () => {
    const [item] = parseAll("ap-media-item-berlin-bike-lanes-v0-2026-11-21.json");
    expect(item).toMatchObject({
      format: "ap-media-api",
      guid: ITEM_ID,
      version: 0,
      signal: "new",
      pubStatus: "usable",
      headline: "Berlin approves 40 kilometers of protected bike lanes",
      slugline: "Germany Bike Lanes",
      byline: "By KATRIN VOSS",
      dateline: { place: "BERLIN", agency: "AP", date: null },
      firstCreated: "2026-11-21T09:02:41Z",
      versionCreated: "2026-11-21T09:02:41Z",
      urgency: 4,
      language: "en",
      genre: "Spot Development",
      credit: "AP",
      keywords: ["Germany", "bicycling", "road safety"],
      places: ["Berlin", "Germany"],
      bodyHtml: "",
      bodyText: "",
    });
    expect(item!.subjects).toEqual([
      { scheme: "http://cv.ap.example/id/", code: "5c1e8d7f4b6a11e2a9c4d2e7f8b1a301", name: "Transportation" },
      { scheme: "http://cv.ap.example/id/", code: "86aad5207dac100488ecba7fa5283c3e", name: "Government and politics" },
      { scheme: "person", code: "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b", name: "Greta Lindholm" },
      { scheme: "organisation", code: "1b2c3d4e5f6a47b8c9d0e1f2a3b4c5d6", name: "Berlin Senate" },
    ]);
  });

  it("maps a feed page: correction, kill and an embargoed advisory", () => {
    const items = parseAll("ap-media-feed-three-items-2026-11-22.json");
    expect(items.map((i) => [i.guid, i.version, i.signal, i.pubStatus])).toEqual([
      [ITEM_ID, 2, "correction", "usable"],
      ["77e1d2c3b4a5469788a9b0c1d2e3f4a5", 3, "kill", "canceled"],
      ["5a6b7c8d9e0f41a2b3c4d5e6f7a8b9c0", 0, "new", "usable"],
    ]);
    expect(items[0]).toMatchObject({ versionCreated: "2026-11-21T15:40:00Z" });
    expect(items[1]).toMatchObject({ urgency: 1, dateline: { place: "INNSBRUCK, Austria", agency: "AP", date: null } });
    expect(items[2]).toMatchObject({
      embargoUntil: "2026-11-23T05:00:00Z",
      byline: "By MARTA OKONJO and LUKAS BRANDT",
      genre: "Advisory",
    });
  });

  it("does not claim bare ninjs or dpa JSON", () => {
    const ninjs = { source: "x", text: JSON.stringify({ uri: "urn:x", headline: "h" }), receivedAt: RECEIVED };
    expect(apMediaAdapter.sniff(ninjs)).toBe(false);
    const dpa = { source: "x", text: JSON.stringify({ entries: [{ entry_id: "a", urn: "b" }] }), receivedAt: RECEIVED };
    expect(apMediaAdapter.sniff(dpa)).toBe(false);
  });
});
