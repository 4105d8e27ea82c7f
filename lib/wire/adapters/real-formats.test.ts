import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isParseFailure, type NormalizedItem } from "../normalized";
import { parseWireBytes } from "../parse";

/**
 * One test per class of issue 13, each on a real agency file from the labelled corpus
 * (test/fixtures/wire/real/, sources and licences in its README) or an excerpt of one.
 */

const REAL = fileURLToPath(new URL("../../../test/fixtures/wire/real/", import.meta.url));
const RECEIVED = new Date("2026-01-01T00:00:00Z");

function parseReal(path: string): NormalizedItem[] {
  const results = parseWireBytes(new Uint8Array(readFileSync(REAL + path)), path, { receivedAt: RECEIVED });
  for (const r of results) if (isParseFailure(r)) throw new Error(`${path}: ${r.error.code} ${r.error.message}`);
  return results as NormalizedItem[];
}

function parseText(text: string): NormalizedItem {
  const [r] = parseWireBytes(new TextEncoder().encode(text), "inline", { receivedAt: RECEIVED });
  if (!r || isParseFailure(r)) throw new Error(`inline: ${JSON.stringify(r)}`);
  return r;
}

describe("class 1 — datelines and bylines inside structured bodies", () => {
  it("NewsML-G2 (Reuters): byline paragraph and dateline leave the body", () => {
    const [item] = parseReal("reuters/tag_reuters.com_2014_newsml_KBN0FL0NN_version_5");
    expect(item).toMatchObject({ byline: "By Marwan Makdisi", dateline: { place: "DAMASCUS", agency: "Reuters" } });
    expect(item!.bodyText.startsWith("Bashar al-Assad was sworn in")).toBe(true);
    expect(item!.bodyHtml).not.toContain("(Reuters)");
  });

  it("NITF (ANSA in Belga's feed): '(ANSA) - ROME, JUL 11 -'", () => {
    const [item] = parseReal("ansa/ansa_belga.xml");
    expect(item!.dateline).toMatchObject({ place: "ROME", agency: "ANSA" });
    expect(item!.bodyText.startsWith("Russian energy giant Gazprom")).toBe(true);
  });

  it("NewsML 1.2 (EFE in Belga's feed): 'Nueva Delhi, 21 ene (EFE).-'", () => {
    const [item] = parseReal("efe/efe_belga.xml");
    expect(item!.dateline).toMatchObject({ place: "Nueva Delhi", agency: "EFE" });
    expect(item!.bodyText.startsWith("Una pareja de leones")).toBe(true);
  });

  it("ninjs (AP sample): the printed 'GROSSETO, Italy (AP) --' wins over located", () => {
    const [item] = parseReal("ap/ninjsExMediumText1.json");
    expect(item!.dateline).toMatchObject({ place: "GROSSETO, Italy", agency: "AP" });
  });
});

describe("class 2 — metadata that looks like a dateline", () => {
  it("a G2 <dateline> timestamp is not a place", () => {
    const [item] = parseReal("reuters/tag_reuters.com_2014_newsml_KBN0FL0ZP_version_2");
    expect(item!.dateline).toMatchObject({ place: "BEIRUT", agency: "Reuters" });
    const [picture] = parseReal("reuters/tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1");
    expect(picture!.dateline.place).not.toMatch(/\d/);
  });

  it("an ISO 3166 alpha-3 code is not a place; the printed dateline is", () => {
    const [item] = parseReal("efe/efe_belga.xml"); // <DateLine>IND</DateLine>-like metadata
    expect(item!.dateline.place).toBe("Nueva Delhi");
  });
});

describe("class 3 — agency header blocks and HTML in text", () => {
  it("dpa G2: keyword list, date/time line and EXTRA are not body text", () => {
    const [item] = parseReal("dpa/dpa_newsml_2_0_1_belga.xml");
    expect(item!.bodyText.startsWith("Germany's conservative opposition leader")).toBe(true);
    expect(item!.bodyText).not.toContain("26.06.2024 14:02");
  });

  it("escaped HTML inside a text body never reaches bodyText (ANA NewsML 1.2)", () => {
    const [item] = parseReal("ana/ana1.xml");
    expect(item!.bodyText).not.toMatch(/<\/?p>/i);
    expect(item!.bodyText.startsWith("Wage employment in the private sector")).toBe(true);
  });
});

describe("class 4 — IPTC 7901 and ANPA 1312 transmissions", () => {
  it("7901: header, keyword line, version lines, headline ending ' =', byline, dateline", () => {
    // Excerpt of dpa/dpa_four_line.txt (SOH … STX … ETX).
    const text =
      "\u0001eca0003 3 i 380  dpa 0045\r\n\r\nSwitzerland/migration/UN/\r\n\u0002REFILE\n1ST LEAD\n" +
      "Switzerland joins list of countries resisting UN migration pact\nBy dpa correspondents =\r\n\r\n" +
      "Geneva (dpa) - Switzerland is joining a growing number of countries\r\nthat will refrain from signing.\r\n\r\n" +
      "The government announced it on Wednesday.\r\n\u0003281211 GMT Nov 18\r\n";
    const item = parseText(text);
    expect(item).toMatchObject({
      format: "iptc-7901",
      headline: "Switzerland joins list of countries resisting UN migration pact",
      byline: "By dpa correspondents",
      signal: "update",
      urgency: 3,
      slugline: "Switzerland/migration/UN",
      dateline: { place: "Geneva", agency: "dpa" },
      versionCreated: "2018-11-28T12:11:00Z",
    });
    expect(item.bodyText).toBe(
      "Switzerland is joining a growing number of countries that will refrain from signing.\n\nThe government announced it on Wednesday.",
    );
  });

  it("ANPA: ^BC- keyword with version, ^Headline<, Eds:, byline, tab-indented body, ETX trailer", () => {
    const [item] = parseReal("ap/ap_anpa-1.tst");
    expect(item).toMatchObject({
      format: "anpa-1312",
      headline: "Deng has 30 points, short-handed Heat beat Hawks 115-111",
      byline: "By CHARLES ODUM",
      signal: "update",
      dateline: { place: "ATLANTA", agency: "AP" },
    });
    expect(item!.bodyText.startsWith("Luol Deng scored 30 points")).toBe(true);
    expect(item!.bodyText).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
  });

  it("ANPA agate with table control codes is a transmission, not binary", () => {
    const [item] = parseReal("ap/ap_anpa-6.tst");
    expect(item!.headline).toBe("Wild Card Glance");
  });
});

describe("class 5 — declared encodings", () => {
  it("a file declared ISO-8859-1 whose bytes are UTF-8 is not double-decoded (AFP NewsML 1.2)", () => {
    const [item] = parseReal("afp/afp20.xml");
    expect(item!.headline).toBe("Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée");
    expect(item!.bodyText).not.toContain("Ã");
  });

  it("a genuinely ISO-8859-15 file is read as declared (SDA-ATS)", () => {
    const [item] = parseReal("ats/ats_newsml_1_2_belga.xml");
    expect(item!.headline).toBe("Un taureau entre dans un magasin à Landquart (GR)");
  });
});

describe("class 6 — a DOCTYPE is not an attack", () => {
  it("NITF with an external DTD and NewsML 1.2 with a DTD module import", () => {
    expect(parseReal("iptc/nitf-fishing.xml")).toHaveLength(1);
    expect(parseReal("kyodo/kyodo_newsml_1_2_belga.xml")[0]!.headline).toBe("Ex-Chinese Premier Li Peng dies aged 90: Xinhua");
  });
});

describe("class 7 — ninjs as really written", () => {
  it("Superdesk ninjs: guid without uri, body_html, associations → media", () => {
    const [item] = parseReal("superdesk-ninjs/ninjs2.json");
    expect(item).toMatchObject({ guid: "tag:localhost:2017:7ca07622-3b19-4d61-8daf-18500412d46b", version: 4 });
    expect(item!.media).toHaveLength(1);
    expect(item!.media[0]).toMatchObject({ itemClass: "picture", role: "featuremedia" });
  });

  it("a minimal schema-valid item imports, without text; canceled is a kill, withheld is held", () => {
    expect(parseText(JSON.stringify({ uri: "urn:x:1", embargoed: "2026-01-02T00:00:00Z" }))).toMatchObject({
      guid: "urn:x:1",
      headline: null,
      bodyText: "",
      embargoUntil: "2026-01-02T00:00:00Z",
    });
    expect(parseText(JSON.stringify({ uri: "urn:x:2", pubstatus: "canceled" }))).toMatchObject({
      pubStatus: "canceled",
      signal: "kill",
    });
    expect(parseText(JSON.stringify({ uri: "urn:x:3", pubstatus: "withheld" }))).toMatchObject({ pubStatus: "withheld" });
  });

  it("a content API list response yields its items (BBC)", () => {
    const [item] = parseReal("bbc/bbc-ninjs-text-test.json");
    expect(item).toMatchObject({ guid: "https://www.example.com//12345", headline: "advisory" });
  });
});

describe("class 8 — NewsML-G2 packages", () => {
  it("a packageItem alone is a package with its references, never a text item", () => {
    const [pkg] = parseReal("iptc/LISTING_6_Simple_NewsML-G2_Package.xml");
    expect(pkg).toMatchObject({ itemClass: "package", headline: "UK", bodyText: "" });
    expect(pkg!.references.map((r) => r.itemClass)).toEqual(["text", "picture"]);
  });

  it("a newsMessage with a package and the items it groups yields each", () => {
    const items = parseReal("reuters/video.xml");
    expect(items[0]).toMatchObject({ itemClass: "package", guid: "tag:reuters.com,2013:newsml_OVE933ZR4" });
    expect(items[0]!.references).toHaveLength(4);
    expect(items.length).toBeGreaterThan(1);
  });
});

describe("class 9 — signals", () => {
  it("G2 sig:update, a CORRECTED- headline, an edNote, and a version number that is not a signal", () => {
    expect(parseReal("stt/stt1.xml")[0]!.signal).toBe("update");
    expect(parseReal("reuters/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838")[0]!.signal).toBe("correction");
    expect(parseReal("ap/ap.xml")[0]!.signal).toBe("update"); // <edNote>Eds: Adds full-year results.</edNote>
    expect(parseReal("reuters/reuters_newsml.xml")[0]).toMatchObject({ version: 1927777166, signal: "new" });
  });
});

describe("class 10 — subjects and versions as sent", () => {
  it("keeps every scheme's subjects and AP's 0-based version", () => {
    const [item] = parseReal("reuters/reuters_newsml.xml");
    const codes = item!.subjects.map((s) => `${s.scheme}:${s.code}`);
    expect(codes).toEqual(expect.arrayContaining(["MCC:OVR", "N2:ARG"]));
    expect(parseReal("ap/ap-sports.json")[0]!.version).toBe(0);
  });
});

describe("class 11 — Ritzau RBNews", () => {
  it("reads a story and a queued response", () => {
    const [item] = parseReal("ritzau/ritzau_2.xml");
    expect(item).toMatchObject({
      format: "ritzau-rbnews",
      guid: "b5342fc2-b3e1-4331-ab2b-5e93e0d59427",
      headline: "Forsvaret sender satellit ud i rummet for første gang",
      dateline: { place: "København", agency: "ritzau" },
      byline: "Cecilie Krabbe",
      urgency: 4,
    });
    expect(item!.bodyText).not.toMatch(/<p>/);
    expect(parseReal("ritzau/ritzau_feed.xml")).toHaveLength(2);
  });
});

describe("pictures referenced by text items", () => {
  it("NITF media, ninjs associations and G2 links are kept as structured references", () => {
    const [nitf] = parseReal("iptc/nitf-fishing.xml");
    expect(nitf!.media[0]).toMatchObject({
      itemClass: "picture",
      href: "high-tide.jpg",
      contentType: "image/jpeg",
      width: 278,
      height: 185,
      caption: "The tides, captured on film late yesterday.",
    });
    expect(parseReal("superdesk-ninjs/ninjs4.json")[0]!.media).toHaveLength(2);
  });
});
