import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WireInput } from "../adapter";
import { normalizedItemSchema, WireParseError, type NormalizedItem } from "../normalized";
import { nitfAdapter } from "./nitf";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));

function fixture(path: string, decoder = new TextDecoder("utf-8", { fatal: true })): WireInput {
  return { source: path, text: decoder.decode(readFileSync(FIXTURES + path)), receivedAt: new Date("2026-12-01T00:00:00Z") };
}

function parseOne(path: string): NormalizedItem {
  const input = fixture(path);
  expect(nitfAdapter.sniff(input)).toBe(true);
  const items = nitfAdapter.parse(input);
  expect(items).toHaveLength(1);
  const item = items[0]!;
  expect(normalizedItemSchema.parse(item)).toEqual(item);
  return item;
}

function parseError(path: string, decoder?: TextDecoder): WireParseError {
  try {
    nitfAdapter.parse(fixture(path, decoder));
  } catch (err) {
    if (err instanceof WireParseError) return err;
    throw err;
  }
  throw new Error(`${path} was not rejected`);
}

const paragraphs = (html: string) => (html.match(/<p>/g) ?? []).length;

describe("NITF adapter", () => {
  it("maps the full namespaced v1 story", () => {
    const item = parseOne("nitf/nitf-full-rotterdam-solar-v1-2026-11-05.xml");
    expect(item).toMatchObject({
      format: "nitf",
      guid: "MWS-20261105-NL-0117",
      version: 1,
      signal: "new",
      pubStatus: "usable",
      headline: "Rotterdam council backs floating solar park in former oil harbour",
      subheadline: "Project would supply about 9,000 homes; fishermen warn over lost moorings",
      slugline: "NL-ROTTERDAM-SOLAR",
      byline: "By Sanne de Kuiper, Meridian Wire correspondent",
      dateline: { place: "ROTTERDAM", agency: "MWS", date: "2026-11-05T00:00:00Z" },
      versionCreated: "2026-11-05T08:30:00Z",
      firstCreated: "2026-11-05T08:12:00Z",
      embargoUntil: null,
      urgency: 4,
      language: "en-GB",
      genre: "Current",
      credit: "(Reporting by Sanne de Kuiper; Editing by Ruth Abernethy)",
      keywords: ["solar energy", "ports", "local government", "fishing"],
      places: ["Rotterdam", "Netherlands"],
    });
    expect(item.subjects).toEqual([
      { scheme: "subj", code: "06000000", name: "environmental issue" },
      { scheme: "subj", code: "04000000", name: "economy, business and finance" },
      { scheme: "person", code: "P-004512", name: "Maartje Verhagen-Dros" },
      { scheme: "person", code: "P-009930", name: "Pieter Ouwehand" },
      { scheme: "organisation", code: "O-11873", name: "Havenkracht BV" },
      { scheme: "organisation", code: "O-11874", name: "Stichting Vissers Maasmond" },
      { scheme: "organisation", code: "O-00310", name: "Rotterdam City Council" },
    ]);
  });

  it("keeps body order: paragraphs, the quote block, the media caption, the last paragraph", () => {
    const { bodyHtml, bodyText } = parseOne("nitf/nitf-full-rotterdam-solar-v1-2026-11-05.xml");
    expect(bodyHtml.startsWith("<p>Rotterdam's city council on Thursday backed plans")).toBe(true);
    expect(paragraphs(bodyHtml)).toBe(9); // 7 text paragraphs + quote + its credit
    const order = ["Council members voted", "<blockquote>", "Not everyone is convinced", "<figure>", "Floating solar panels"];
    const positions = order.map((s) => bodyHtml.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(bodyHtml).toContain(
      "<blockquote><p>This harbour was built for the energy of the last century. We want it to earn its keep in this one.</p><p><cite>Maartje Verhagen-Dros, alderman for climate and ports</cite></p></blockquote>",
    );
    expect(bodyHtml).toContain(
      "<figure><figcaption>The disused harbour basin in Rotterdam where the floating solar park would be built. (Photo: Meridian Wire / Jeroen Vos)</figcaption></figure>",
    );
    // The image is never referenced, and the tagline is credit, not body.
    expect(bodyHtml).not.toMatch(/media\.meridian\.example|<img|Reporting by/);
    expect(bodyText.split("\n\n")).toHaveLength(10); // 7 paragraphs, quote + credit, caption
  });

  it("maps the v2 update to the same guid", () => {
    const item = parseOne("nitf/nitf-update-rotterdam-solar-v2-2026-11-05.xml");
    expect(item).toMatchObject({
      guid: "MWS-20261105-NL-0117",
      version: 2,
      signal: "update",
      pubStatus: "usable",
      headline: "UPDATE 1-Rotterdam council approves floating solar park in former oil harbour, 31-14",
      versionCreated: "2026-11-05T13:15:00Z",
      firstCreated: "2026-11-05T08:12:00Z",
    });
    expect(paragraphs(item.bodyHtml)).toBe(10);
    expect(item.bodyText).toContain("Managing director Daan Rietveld put the cost");
    expect(item.subjects).toContainEqual({ scheme: "person", code: "P-010277", name: "Daan Rietveld" });
  });

  it("points the kill (no namespace) at the story it kills", () => {
    const item = parseOne("nitf/nitf-kill-rotterdam-solar-2026-11-06.xml");
    expect(item).toMatchObject({
      guid: "MWS-20261105-NL-0117",
      version: 3,
      signal: "kill",
      pubStatus: "canceled",
      urgency: 1,
      headline: "KILL - Rotterdam floating solar park story",
      versionCreated: "2026-11-06T07:10:00Z",
      credit: "Copyright 2026 Meridian Wire Service",
    });
    expect(paragraphs(item.bodyHtml)).toBe(4);
    // The non-publishable note in body.head is not body text.
    expect(item.bodyText).not.toContain("Mandatory kill");
  });

  it("decodes literal UTF-8, numeric references, XML entities and CDATA exactly", () => {
    const item = parseOne("nitf/nitf-utf8-entities-strasbourg-kehl-2026-11-19.xml");
    expect(item.headline).toBe("Strasbourg\u2013Kehl tram to run through the night at weekends");
    expect(item.subheadline).toBe(
      "«\u202fLe tram ne dort plus\u202f» \u2014 Kehl\u2019s mayor welcomes cross-border night service",
    );
    expect(item.byline).toBe("By Aurélie Baumgärtner & Matthias Kœnig");
    expect(item.keywords).toEqual(["tram", "Straßburg", "Kehl", 'cross-border "night line"']);
    expect(item.credit).toContain("Matthias Kœnig in Kehl");
    expect(item.subjects.map((s) => s.name)).toEqual([
      "Léa Fournier-Schäfer",
      "Jürgen Weißhaupt",
      "Compagnie des Transports du Rhin (CTR)",
    ]);
    expect(item.places).toEqual(["Strasbourg", "France", "Kehl", "Germany"]);
    const text = item.bodyText;
    expect(text).toContain("about \u20ac1.4\u00a0million");
    expect(text).toContain("Eurom\u00e9tropole de Strasbourg");
    expect(text).toContain("\u201cFor young people");
    expect(text).toContain("said L\u00e9a Fournier-Sch\u00e4fer");
    expect(text).toContain("\u201eein Geschenk f\u00fcr beide Ufer\u201c \u2014 a gift");
    expect(text).toContain("expected to be < 30 a night, against > 400");
    expect(text).toContain("fit the trams' wheels");
    expect(text).toContain('sent as CDATA: "Fahrplan & tarifs < 2 € per trip > see ctr.example/nuit".');
    expect(text).toContain("signed by 4\u202f812 people");
    expect(text).not.toMatch(/&#|&amp;|&lt;|Ã|\uFFFD/);
    expect(item.bodyHtml).toContain('<q lang="fr">«\u202fUn seul billet, deux pays, zéro correspondance\u202f»</q>');
    expect(item.bodyHtml).toContain("&lt; 30 a night, against &gt; 400");
    expect(paragraphs(item.bodyHtml)).toBe(8);
  });
});

describe("NITF adapter: hostile and broken files", () => {
  it("imports the script/onerror file sanitized, showing escaped markup literally", () => {
    const item = parseOne("bad/nitf-script-img-onerror.xml");
    expect(item.guid).toBe("MWS-20261124-UK-0088");
    expect(item.headline).toBe('Town library extends opening hours <img src=x onerror="window.__xss=1">');
    expect(item.byline).toBe('By Harriet Quayle <svg onload="window.__xss=1">');
    const html = item.bodyHtml;
    expect(html).not.toMatch(/<script|<iframe|<img|<svg|srcdoc/i);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/javascript:|java\s+script|data:|style=/i);
    expect(html).toContain("Escaped markup must stay visible text: &lt;script&gt;window.__xss=1&lt;/script&gt;");
    expect(item.bodyText).toContain("Escaped markup must stay visible text: <script>window.__xss=1</script>");
    expect(html).toContain("<p>The library will also lend laptops.</p>");
    expect(html).toContain("<figure><figcaption>Reading room. Photo</figcaption></figure>");
    expect(html).toContain("the library website</a>");
    expect(paragraphs(html)).toBe(5);
  });

  it("rejects the truncated file with the line it ends on, importing nothing", () => {
    const err = parseError("bad/truncated-nitf.xml");
    expect(err.code).toBe("MALFORMED");
    expect(err.message).toBe("truncated XML at line 20");
  });

  it("refuses the external-entity file and never shows /etc/passwd", () => {
    const input = fixture("bad/xxe-external-entity-nitf.xml");
    expect(nitfAdapter.sniff(input)).toBe(true);
    let caught: unknown;
    try {
      nitfAdapter.parse(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WireParseError);
    expect((caught as WireParseError).code).toBe("XML_ENTITIES");
    expect((caught as WireParseError).message).toBe("XML external entities are not allowed");
    expect(String((caught as Error).message)).not.toMatch(/root:|\/bin\/(ba)?sh/);
  });

  it("refuses billion laughs fast and without a memory spike", () => {
    const input = fixture("bad/billion-laughs.xml");
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    expect(() => nitfAdapter.parse(input)).toThrow(
      new WireParseError("XML_ENTITIES", "XML entity declarations are not allowed (possible entity-expansion attack)"),
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });

  it("never turns the Latin-1 file into mojibake", () => {
    // The decode step rejects these bytes (ENCODING); if they were decoded leniently anyway,
    // the XML layer refuses the replacement characters instead of importing them.
    const err = parseError("bad/latin1-declared-utf8-nitf.xml", new TextDecoder("utf-8"));
    expect(err.code).toBe("ENCODING");
    // Decoded as what the bytes really are, the text is right.
    const item = nitfAdapter.parse(fixture("bad/latin1-declared-utf8-nitf.xml", new TextDecoder("iso-8859-1")))[0]!;
    expect(item.headline).toBe("Kölner Brücke wird für Radfahrer verbreitert");
    expect(item.dateline.place).toBe("KÖLN");
  });

  it("does not claim other formats", () => {
    for (const path of [
      "newsml-g2/newsml-text-baltic-herring-v1-2026-11-10.xml",
      "feeds/atom-meridian-science-2026-11-26.xml",
      "ninjs/ninjs20-iceland-coffee-2026-11-16.json",
    ]) {
      expect(nitfAdapter.sniff(fixture(path))).toBe(false);
    }
  });
});
