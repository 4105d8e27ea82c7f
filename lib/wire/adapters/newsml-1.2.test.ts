import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, type NormalizedItem } from "../normalized";
import { newsml12Adapter } from "./newsml-1.2";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/newsml-1.2/", import.meta.url));
const GUID = "urn:newsml:afp.example:20261112:261112094500.lyb7q2xk";

function parseOne(name: string): NormalizedItem {
  const input: WireInput = {
    source: name,
    text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(FIXTURES + name)),
    receivedAt: new Date("2026-12-01T00:00:00Z"),
  };
  expect(newsml12Adapter.sniff(input)).toBe(true);
  const items = newsml12Adapter.parse(input);
  expect(items).toHaveLength(1);
  expect(normalizedItemSchema.parse(items[0])).toEqual(items[0]);
  return items[0]!;
}

const paragraphs = (html: string) => (html.match(/<p>/g) ?? []).length;

describe("NewsML 1.2 adapter", () => {
  it("maps AFP's layout: identifiers, news lines, metadata and <p> in DataContent", () => {
    const item = parseOne("newsml12-afp-lyon-bakery-v1-2026-11-12.xml");
    expect(item).toMatchObject({
      format: "newsml-1.2",
      guid: GUID,
      version: 1,
      signal: "new",
      pubStatus: "usable",
      headline: "Lyon bakeries turn to night-school apprentices as staff shortage bites",
      subheadline: "Guild says one in five bakeries cut opening hours last winter",
      slugline: "France-food-bakery-apprentices",
      byline: "by Élodie Marchand",
      dateline: { place: "Lyon", agency: "AFP", date: "2026-11-12T00:00:00Z" },
      firstCreated: "2026-11-12T09:45:00Z",
      versionCreated: "2026-11-12T09:45:00Z",
      urgency: 4,
      language: "en",
      genre: "Current",
      credit: "AFP",
      subjects: [
        { scheme: "subj", code: "04000000", name: null },
        { scheme: "subj", code: "09003000", name: null },
      ],
      keywords: ["bakery", "apprenticeship", "labour shortage"],
      places: ["Lyon", "France"],
    });
    expect(paragraphs(item.bodyHtml)).toBe(4);
    expect(item.bodyText).toContain("guild president Hervé Coulon said");
    expect(item.bodyHtml).not.toContain("media.afp.example");
  });

  it("keeps one guid across revisions and flags the update", () => {
    const item = parseOne("newsml12-afp-lyon-bakery-v2-2026-11-12.xml");
    expect(item).toMatchObject({ guid: GUID, version: 2, signal: "update", versionCreated: "2026-11-12T14:10:00Z" });
    expect(paragraphs(item.bodyHtml)).toBe(5);
  });

  it("maps Status Canceled to a kill with a plain-text body", () => {
    const item = parseOne("newsml12-afp-canceled-lyon-bakery-2026-11-13.xml");
    expect(item).toMatchObject({ guid: GUID, version: 3, signal: "kill", pubStatus: "canceled", urgency: 1 });
    expect(paragraphs(item.bodyHtml)).toBe(2);
  });

  it("reads a NITF body inside DataContent and an embargo from StatusWillChange", () => {
    const item = parseOne("newsml12-afp-fr-embargo-nitf-2026-11-20.xml");
    expect(item).toMatchObject({
      guid: "urn:newsml:afp.example:20261120:261120155800.nant3vel",
      pubStatus: "usable",
      embargoUntil: "2026-11-21T05:00:00Z",
      language: "fr",
      headline: "Nantes\u00a0: la ville prête des vélos cargo aux commerçants du centre",
      dateline: { place: "Nantes", agency: "AFP", date: "2026-11-20T00:00:00Z" },
      credit: "© 2026 AFP",
    });
    expect(paragraphs(item.bodyHtml)).toBe(3);
    expect(item.bodyText).toContain(
      "«\u202fUn vélo cargo, c'est une place de livraison en moins et un peu d\u2019air en plus\u202f»",
    );
    expect(item.bodyText).toContain("120\u00a0000 euros & sera financé");
  });
});
