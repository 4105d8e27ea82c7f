import { parseLooseDateTime } from "../dates";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeWireBytes } from "../decode";
import { normalizedItemSchema, WireParseError, type NormalizedItem } from "../normalized";
import { matchDateline } from "../dateline";
import { firstSentence, plaintextAdapter } from "./plaintext";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/wire/", import.meta.url));
const RECEIVED = new Date("2026-11-27T12:00:00Z");

function parseText(text: string, receivedAt = RECEIVED): NormalizedItem {
  const items = plaintextAdapter.parse({ source: "inline.txt", text, receivedAt });
  expect(items).toHaveLength(1);
  return normalizedItemSchema.parse(items[0]);
}

function parseFixture(path: string, receivedAt = RECEIVED): NormalizedItem {
  const { text } = decodeWireBytes(readFileSync(FIXTURES + path));
  const input = { source: path, text, receivedAt };
  expect(plaintextAdapter.sniff(input)).toBe(true);
  const items = plaintextAdapter.parse(input);
  expect(items).toHaveLength(1);
  return normalizedItemSchema.parse(items[0]);
}

const paragraphs = (item: NormalizedItem) => item.bodyText.split("\n\n");
const htmlParagraphs = (item: NormalizedItem) => item.bodyHtml.match(/<p>/g)?.length ?? 0;

function expectNoResidue(item: NormalizedItem) {
  // Trailers and header material never leak into the body.
  expect(item.bodyText).not.toMatch(/Copyright|Reporting by|\(Adds|\(Corrects|EMBARGO|^___|\(\w+\) [-—]/im);
  expect(item.bodyText).not.toContain("\r");
  expect(item.bodyHtml).not.toMatch(/<(?!\/?(p|ul|li)>)/);
}

describe("plaintext fixtures (test/fixtures/wire/plaintext)", () => {
  it("reads the seed: date line, dateline, 10 paragraphs, credit, no headline", () => {
    const item = parseFixture("plaintext/dpa-afx-honduras-2019-08-28.txt");
    expect(item).toMatchObject({
      format: "plaintext",
      headline: null,
      slugline: null,
      byline: null,
      version: 1,
      signal: "new",
      pubStatus: "usable",
      embargoUntil: null,
      language: "en",
      dateline: { place: "WASHINGTON", agency: "dpa-AFX", date: "2019-08-28T00:00:00.000Z" },
      firstCreated: "2019-08-28T00:00:00.000Z",
      versionCreated: "2019-08-28T00:00:00.000Z",
      places: ["WASHINGTON"],
      subjects: [],
      keywords: [],
      credit: "Copyright RTT News/dpa-AFX",
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(10);
    expect(htmlParagraphs(item)).toBe(10);
    expect(p[0]).toBe(
      "The government of Honduras agreed to take tough action to fight illegal and irregular immigration to the United States.",
    );
    expect(p[9]).toMatch(/^DHS reported a 140 percent increase .* in 2018\.$/);
    // Apostrophes are escaped in HTML, not lost.
    expect(item.bodyHtml).toContain("&#39;are past the breaking point");
    expect(item.guid).toMatch(/^dpa-afx:[0-9a-f]{16}$/);
    expectNoResidue(item);
  });

  it("gives the same guid every time the same copy is parsed", () => {
    const a = parseFixture("plaintext/dpa-afx-honduras-2019-08-28.txt");
    const b = parseFixture("plaintext/dpa-afx-honduras-2019-08-28.txt", new Date("2027-03-01T00:00:00Z"));
    expect(a.guid).toBe(b.guid);
    expect(parseFixture("plaintext/dpa-afx-brenner-profit-warning-2026-11-03.txt").guid).not.toBe(a.guid);
  });

  it("reads the Brenner dpa-AFX copy", () => {
    const item = parseFixture("plaintext/dpa-afx-brenner-profit-warning-2026-11-03.txt");
    expect(item.dateline).toEqual({ place: "FRANKFURT", agency: "dpa-AFX", date: "2026-11-03T00:00:00.000Z" });
    expect(item.headline).toBeNull();
    expect(item.credit).toBe("Copyright RTT News/dpa-AFX");
    expect(paragraphs(item)).toHaveLength(8);
    expect(paragraphs(item)[0]).toMatch(/^Shares of Brenner Logistik SE fell sharply/);
    expect(paragraphs(item)[7]).toBe("Brenner will publish its full third-quarter report on November 12.");
    expectNoResidue(item);
  });

  it("decodes the Windows-1252 CRLF copy", () => {
    const item = parseFixture("plaintext/cp1252-crlf-gruenwald-2026-11-24.txt");
    expect(item.dateline).toEqual({ place: "ZURICH", agency: "dpa-AFX", date: "2026-11-24T00:00:00.000Z" });
    expect(item.firstCreated).toBe("2026-11-24T00:00:00.000Z");
    expect(item.credit).toBe("Copyright RTT News/dpa-AFX");
    expect(paragraphs(item)).toHaveLength(6);
    for (const ch of ["ü", "ä", "è", "é", "ê", "–", "€", "“", "”", "’"]) expect(item.bodyText).toContain(ch);
    expect(item.bodyText).toContain("Swiss francs – roughly €438 million – in its largest");
    expect(item.bodyText).toContain("“significantly strengthen”");
    expect(item.bodyText).toContain("Optelis’s laser sensors");
    expect(item.bodyText).not.toMatch(/[\u0080-\u009f\ufffd]/);
    expectNoResidue(item);
  });

  it("reads the Reuters original: slug, headline, year from the received date, currency note kept", () => {
    const item = parseFixture("plaintext/reuters-kestrel-outlook-2026-11-03.txt");
    expect(item).toMatchObject({
      guid: "reuters:germany-kestrel/results",
      slugline: "GERMANY-KESTREL/RESULTS",
      headline: "Kestrel Maschinenbau raises 2026 outlook as rail orders pick up",
      version: 1,
      signal: "new",
      dateline: { place: "FRANKFURT", agency: "Reuters", date: "2026-11-03T00:00:00.000Z" },
      firstCreated: null,
      credit: "(Reporting by Lena Hofstetter; Editing by Mark Ellery)",
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(6);
    expect(p[0]).toMatch(/^German engineering group Kestrel Maschinenbau raised/);
    expect(p[5]).toBe("($1 = 0.9174 euros)");
    expectNoResidue(item);
  });

  it("reads the Reuters UPDATE 1: same guid, version 2, bullets as a list, no editor note", () => {
    const original = parseFixture("plaintext/reuters-kestrel-outlook-2026-11-03.txt");
    const item = parseFixture("plaintext/reuters-kestrel-outlook-update1-2026-11-03.txt");
    expect(item).toMatchObject({
      guid: original.guid,
      version: 2,
      signal: "update",
      headline: "Kestrel Maschinenbau raises 2026 outlook, shares jump 7%",
      dateline: { place: "FRANKFURT", agency: "Reuters", date: "2026-11-03T00:00:00.000Z" },
      credit:
        "(Reporting by Lena Hofstetter; Additional reporting by Tom Ravel in Berlin; Editing by Mark Ellery and Sonia Baptiste)",
    });
    expect(item.bodyHtml.startsWith("<ul><li>Q3 order intake up 18% at 1.06 bln euros</li>")).toBe(true);
    expect(item.bodyHtml.match(/<li>/g)).toHaveLength(4);
    expect(htmlParagraphs(item)).toBe(htmlParagraphs(original) + 5);
    const p = paragraphs(item);
    expect(p[1]).toMatch(/^German engineering group Kestrel/);
    expect(p.at(-1)).toBe("($1 = 0.9174 euros)");
    expect(item.bodyText).not.toContain("(Adds");
    expectNoResidue(item);
  });

  it("reads the AP layout: byline, em-dash dateline, ___ contributor note as credit", () => {
    const item = parseFixture("plaintext/ap-berlin-umbrellas-2026-11-12.txt");
    expect(item).toMatchObject({
      headline: "Berlin's lost-and-found office auctions off 1,400 forgotten umbrellas",
      byline: "By KATRIN VOSS",
      dateline: { place: "BERLIN", agency: "AP", date: null },
      credit: "Associated Press writer Elif Sarrazin contributed to this report.",
      places: ["BERLIN"],
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(6);
    expect(p[0]).toMatch(/^Berlin's central lost-and-found office has a problem/);
    expect(p[5]).toMatch(/sold for 240 euros \(\$262\)\.$/);
    expect(item.bodyText).not.toContain("Associated Press");
    expectNoResidue(item);
  });

  it("reads the AFP layout: mixed-case city, initials sign-off as credit", () => {
    const item = parseFixture("plaintext/afp-paris-sketchbook-2026-11-18.txt");
    expect(item).toMatchObject({
      headline: "Paris museum returns long-lost sketchbook to painter's family",
      dateline: { place: "Paris", agency: "AFP", date: null },
      credit: "fc/lh/jm",
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(7);
    expect(p[0]).toMatch(/^A small Paris museum on Wednesday handed back/);
    expect(p[6]).toMatch(/^The family said/);
    expectNoResidue(item);
  });

  it("keeps an all-capitals headline as the agency wrote it", () => {
    const item = parseFixture("plaintext/caps-headline-lisbon-trees-2026-11-20.txt");
    expect(item).toMatchObject({
      headline: "LISBON TO PLANT 20,000 TREES ALONG ITS TRAM ROUTES BY 2030",
      dateline: { place: "LISBON", agency: "MWS", date: "2026-11-20T00:00:00.000Z" },
      credit: "(Reporting by Rui Sobral; Editing by Claire Dunmore)",
    });
    expect(paragraphs(item)).toHaveLength(6);
    expectNoResidue(item);
  });

  it("reads an embargo (usable, held by embargoUntil); repeated notice is not body", () => {
    const item = parseFixture("plaintext/embargoed-commuter-survey-2026-11-30.txt");
    expect(item).toMatchObject({
      headline: "Survey: one in four EU commuters now works from home two days a week",
      embargoUntil: "2026-12-01T06:00:00.000Z",
      pubStatus: "usable",
      dateline: { place: "BRUSSELS", agency: "MWS", date: "2026-11-30T00:00:00.000Z" },
      credit: "Copyright 2026 Meridian Wire Service",
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(5);
    expect(p[4]).toMatch(/^The report recommends/);
    expect(item.bodyText).not.toMatch(/not for publication/i);
    expectNoResidue(item);
  });
});

describe("plaintext fixtures written for this adapter (test/fixtures/wire/plaintext-extra)", () => {
  const received = new Date("2026-12-07T09:00:00Z");
  const extra = (name: string) => parseFixture(`plaintext-extra/${name}`, received);

  it("reads Latin-1 Reuters copy with a two-word city", () => {
    const item = extra("reuters-latin1-new-york-harbour-2026-12-01.txt");
    expect(item).toMatchObject({
      guid: "reuters:usa-harbour/ferries",
      version: 1,
      headline: "New York orders 12 electric ferries from Norwegian yard",
      dateline: { place: "NEW YORK", agency: "Reuters", date: "2026-12-01T00:00:00.000Z" },
      credit:
        "(Reporting by Dana Whitfield in New York and Ingrid Sæther in Oslo; Writing by Paul Renner; Editing by Chizu Okafor)",
    });
    for (const s of ["Fjærvik Verft", "José Ibáñez", "Ålesund", "Søren Müller"]) expect(item.bodyText).toContain(s);
    const p = paragraphs(item);
    expect(p).toHaveLength(6);
    expect(p[5]).toBe("($1 = 10.9850 Norwegian crowns)");
    expectNoResidue(item);
  });

  it("reads REFILE-UPDATE 2 as version 3 of the same story", () => {
    const item = extra("reuters-refile-update2-new-york-harbour-2026-12-01.txt");
    expect(item).toMatchObject({
      guid: "reuters:usa-harbour/ferries",
      version: 3,
      signal: "update",
      headline: "New York orders 12 electric ferries, first in service by 2029",
    });
    expect(item.bodyHtml).toMatch(/^<ul><li>Deal worth about \$410 mln<\/li><li>Vessels to replace/);
    expect(htmlParagraphs(item)).toBe(8);
    expect(item.bodyText).not.toContain("Refiles");
    expectNoResidue(item);
  });

  it("reads CORRECTED-UPDATE 1 as a correction, version 2", () => {
    const item = extra("reuters-corrected-update1-ljubljana-2026-12-03.txt");
    expect(item).toMatchObject({
      guid: "reuters:slovenia-rail/tunnel",
      version: 2,
      signal: "correction",
      headline: "Slovenia opens 6.7-km rail tunnel under the Karst",
      dateline: { place: "LJUBLJANA", agency: "Reuters", date: "2026-12-03T00:00:00.000Z" },
    });
    expect(item.bodyText).toContain("Alenka Kovačič");
    expect(paragraphs(item)).toHaveLength(3);
    expectNoResidue(item);
  });

  it("reads UTF-8 with BOM and CRLF, SAO PAULO dateline", () => {
    const item = extra("dpa-afx-bom-crlf-sao-paulo-2026-12-04.txt");
    expect(item).toMatchObject({
      headline: null,
      dateline: { place: "SAO PAULO", agency: "dpa-AFX", date: "2026-12-04T00:00:00.000Z" },
      firstCreated: "2026-12-04T00:00:00.000Z",
      credit: "Copyright RTT News/dpa-AFX",
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/^Brazilian airline Voa Sul S\.A\. said .* São Paulo, Brasília and Belo Horizonte\.$/);
    expectNoResidue(item);
  });

  it("reads an embargo written as 0600 GMT December 2, 2026 above a slug", () => {
    const item = extra("mws-embargo-gmt-london-libraries-2026-12-01.txt");
    expect(item).toMatchObject({
      embargoUntil: "2026-12-02T06:00:00.000Z",
      pubStatus: "usable",
      slugline: "UK-LIBRARIES/LOANS",
      guid: "mws:uk-libraries/loans",
      headline: "British library loans rise for third year as e-book lending jumps",
      dateline: { place: "LONDON", agency: "MWS", date: "2026-12-01T00:00:00.000Z" },
      credit: "Copyright 2026 Meridian Wire Service",
    });
    expect(paragraphs(item)).toHaveLength(3);
    expectNoResidue(item);
  });

  it("splits hard-wrapped copy at first-line indents", () => {
    const item = extra("ap-indented-hardwrapped-st-louis-2026-12-05.txt");
    expect(item).toMatchObject({
      headline: "St. Louis brewery turns spent grain into dog biscuits",
      byline: "By MARCUS OYELARAN",
      dateline: { place: "ST. LOUIS", agency: "AP", date: null },
      credit: "Associated Press writer Lee Okafor in Chicago contributed.",
    });
    expect(paragraphs(item)).toEqual([
      "A St. Louis brewery has found a new use for the barley left over from making beer: it bakes it into dog biscuits and sells them in its taproom.",
      "The Mill Creek Brewing Co. said Saturday it sold 9,000 bags of the biscuits in their first three months, and that a grocery chain had asked to stock them.",
      '"The grain was going to a farm for cattle feed anyway," co-owner Dana Pruitt said. "Now some of it goes home with the customers."',
      "Veterinarians say the treats are fine in small amounts.",
    ]);
    expect(item.bodyText).not.toContain("Business Writer");
    expectNoResidue(item);
  });

  it("reads Windows-1252 with CR line ends and a mixed-case multi-word city", () => {
    const item = extra("afp-cp1252-cr-rio-de-janeiro-2026-12-06.txt");
    expect(item).toMatchObject({
      headline: "Rio carnival schools rehearse in heat – and rain",
      dateline: { place: "Rio de Janeiro", agency: "AFP", date: null },
      places: ["Rio de Janeiro"],
      credit: "pr/mdm/dl",
    });
    expect(paragraphs(item)).toHaveLength(3);
    expect(paragraphs(item)[1]).toBe("“We rehearse in any weather – that’s carnival,” said drummer Anderson Luís, 34.");
    expectNoResidue(item);
  });

  it("reads one line per paragraph with a dated, em-dash dateline", () => {
    const item = extra("mws-line-per-paragraph-washington-2026-11-30.txt");
    expect(item).toMatchObject({
      headline: "Senate panel backs limits on airline change fees",
      dateline: { place: "WASHINGTON", agency: "MWS", date: "2026-11-30T00:00:00.000Z" },
      credit: "Copyright 2026 Meridian Wire Service",
    });
    const p = paragraphs(item);
    expect(p).toHaveLength(4);
    expect(p[0]).toMatch(/^A Senate committee on Monday approved/);
    expectNoResidue(item);
  });

  it("accepts a headline without any dateline", () => {
    const item = extra("no-dateline-headline-only-2026-12-07.txt");
    expect(item).toMatchObject({
      headline: "City council delays vote on night-bus budget",
      dateline: { place: null, agency: null, date: null },
      places: [],
    });
    expect(item.guid).toMatch(/^plaintext:[0-9a-f]{16}$/);
    expect(paragraphs(item)).toHaveLength(2);
  });
});

describe("plaintext rejects", () => {
  it("rejects copy with no dateline, date line or headline (bad/no-dateline-no-date.txt)", () => {
    const { text } = decodeWireBytes(readFileSync(FIXTURES + "bad/no-dateline-no-date.txt"));
    const run = () => plaintextAdapter.parse({ source: "x", text, receivedAt: RECEIVED });
    expect(run).toThrow(WireParseError);
    expect(run).toThrow(/^no dateline or headline found: /);
    try {
      run();
    } catch (e) {
      expect((e as WireParseError).code).toBe("NO_CONTENT");
    }
  });

  it("rejects a header with no body", () => {
    expect(() => parseText(" date 2026-11-03 \n")).toThrow(/no body text/);
  });

  it("does not claim XML or JSON", () => {
    const sniff = (text: string) => plaintextAdapter.sniff({ source: "x", text, receivedAt: RECEIVED });
    expect(sniff("<?xml version='1.0'?><nitf/>")).toBe(false);
    expect(sniff('  {"uri": "x"}')).toBe(false);
    expect(sniff("[1, 2]")).toBe(false);
    expect(sniff("[EMBARGOED] Headline\n\nText.")).toBe(true);
    expect(sniff("BERLIN (dpa) - Text.")).toBe(true);
  });
});

describe("plaintext layout rules", () => {
  it("maps headline prefixes to version, signal and genre", () => {
    const body = "\n\nBERLIN (dpa) - Text of the story.\n";
    expect(parseText("UPDATE 3-Thing happens" + body)).toMatchObject({ headline: "Thing happens", version: 4, signal: "update" });
    expect(parseText("CORRECTED-Thing happens" + body)).toMatchObject({ version: 1, signal: "correction" });
    expect(parseText("REFILE-Thing happens" + body)).toMatchObject({ version: 1, signal: "update" });
    expect(parseText("ANALYSIS-Why things happen" + body)).toMatchObject({ headline: "Why things happen", genre: "analysis" });
    expect(parseText("KILL-Thing happens" + body)).toMatchObject({ signal: "kill", pubStatus: "canceled" });
    // Capitals that are the headline itself are not prefixes.
    expect(parseText("FLASH FLOODS HIT TOWN" + body)).toMatchObject({ headline: "FLASH FLOODS HIT TOWN", signal: "new" });
  });

  it("treats a (Corrects …) note as a correction", () => {
    expect(parseText("Thing happens\n(Corrects day in paragraph 1)\n\nBERLIN (dpa) - Text.\n").signal).toBe("correction");
  });

  it("infers the year of a dateline date nearest the received date", () => {
    const text = "Year-end story\n\nBERLIN, Dec 31 (dpa) - Text.\n";
    expect(parseText(text, new Date("2027-01-01T08:00:00Z")).dateline.date).toBe("2026-12-31T00:00:00.000Z");
    expect(parseText(text, new Date("2026-12-31T08:00:00Z")).dateline.date).toBe("2026-12-31T00:00:00.000Z");
    // The date line wins over the received date for the year.
    expect(parseText(" date 2024-11-04 \n\nBERLIN, Nov 3 (dpa) - Text.\n").dateline.date).toBe("2024-11-03T00:00:00.000Z");
  });

  it("anchors on the first dateline only, and not below prose", () => {
    const wrap = "Markets wrap\n\nBERLIN (dpa) - First.\n\nPARIS (AFP) - Second.\n";
    const item = parseText(wrap);
    expect(item.dateline.place).toBe("BERLIN");
    expect(paragraphs(item)).toEqual(["First.", "PARIS (AFP) - Second."]);

    const late =
      "The committee met on Monday and discussed, at considerable length and with a great deal of disagreement " +
      "among its members, the future of the fund and how it is shared between districts, without reaching a view " +
      "that all of them could support, and without setting a date for another meeting.\n\nBERLIN (dpa) - Text.\n";
    expect(() => parseText(late)).toThrow(/no dateline or headline/);
  });

  it("joins a wrapped headline and keeps a second header run as subheadline", () => {
    const item = parseText(
      "A headline that the sender wrapped\nonto a second line\n\nA standfirst that adds detail\n\nROME (ANSA) - Text.\n",
    );
    expect(item.headline).toBe("A headline that the sender wrapped onto a second line");
    expect(item.subheadline).toBe("A standfirst that adds detail");
  });

  it("takes the embargo from a trailing notice when there is no embargo line", () => {
    const item = parseText("Headline\n\nOSLO (NTB) - Text.\n\nNot for publication before 12:01 a.m. CET on Dec. 3, 2026.\n");
    expect(item.embargoUntil).toBe("2026-12-02T23:01:00.000Z");
    expect(item.pubStatus).toBe("usable");
    expect(paragraphs(item)).toEqual(["Text."]);
  });

  it("does not read a headline about an embargo as an embargo line", () => {
    const item = parseText("Embargo on oil imports extended to Dec 5\n\nBRUSSELS (MWS) - Text.\n");
    expect(item.headline).toBe("Embargo on oil imports extended to Dec 5");
    expect(item.embargoUntil).toBeNull();
  });

  it("escapes HTML in text and never emits markup from the copy", () => {
    const item = parseText('Tags <b>here</b> & there\n\nBERLIN (dpa) - A <script>alert(1)</script> & "quotes".\n');
    expect(item.headline).toBe("Tags <b>here</b> & there");
    expect(item.bodyHtml).toBe("<p>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;.</p>");
  });

  it("drops contact lines and end markers", () => {
    const item = parseText("Headline\n\nBERLIN (dpa) - Text.\n\n((berlin.newsroom@example.com; +49 30 1234))\n\n-30-\n");
    expect(paragraphs(item)).toEqual(["Text."]);
    expect(item.credit).toBeNull();
  });

  it("does not take body sentences for credits or bylines", () => {
    const item = parseText(
      "By the numbers: rents in Rome\n\nROME (ANSA) - Text.\n\nWriting by hand is back in fashion, the survey found.\n",
    );
    expect(item.byline).toBeNull();
    expect(item.headline).toBe("By the numbers: rents in Rome");
    expect(item.credit).toBeNull();
    expect(paragraphs(item)).toEqual(["Text.", "Writing by hand is back in fashion, the survey found."]);
  });

  it("splits trailers off the last paragraph when no blank line separates them", () => {
    const item = parseText(" date 2026-11-03 \n\nBERLIN (dpa-AFX) - Text.\nCopyright RTT News/dpa-AFX");
    expect(paragraphs(item)).toEqual(["Text."]);
    expect(item.credit).toBe("Copyright RTT News/dpa-AFX");
  });
});

describe("matchDateline", () => {
  it.each([
    ["WASHINGTON (dpa-AFX) - The", "WASHINGTON", "dpa-AFX", null],
    ["FRANKFURT, Nov 3 (Reuters) - German", "FRANKFURT", "Reuters", "Nov 3"],
    ["BERLIN (AP) — Berlin's", "BERLIN", "AP", null],
    ["Paris (AFP) - A", "Paris", "AFP", null],
    ["LISBON, Nov 20 (MWS) - Lisbon's", "LISBON", "MWS", "Nov 20"],
    ["NEW YORK, Dec 1 (Reuters) - New", "NEW YORK", "Reuters", "Dec 1"],
    ["SAO PAULO (dpa-AFX) - Brazilian", "SAO PAULO", "dpa-AFX", null],
    ["ST. LOUIS (AP) -- A", "ST. LOUIS", "AP", null],
    ["Frankfurt am Main (dpa) – Die", "Frankfurt am Main", "dpa", null],
    ["WASHINGTON, Nov. 30, 2026 (MWS) — A", "WASHINGTON", "MWS", "Nov. 30, 2026"],
    ["BRUSSELS, 30 November (MWS) - A", "BRUSSELS", "MWS", "30 November"],
    ["ZURICH, Switzerland (AP) — A", "ZURICH, Switzerland", "AP", null],
  ])("%s", (text, place, agency, dateText) => {
    const m = matchDateline(text);
    expect(m).toMatchObject({ place, agency, dateText });
    expect(text.slice(m!.length)).toMatch(/^\S/);
  });

  it.each([
    "Kestrel Maschinenbau (KSTG.DE) said on Tuesday",
    "Shares of Brenner (BNRG) - fell",
    "The government of Honduras agreed (on Tuesday) - to",
    "Members of the committee said",
  ])("is not fooled by %s", (text) => {
    expect(matchDateline(text)).toBeNull();
  });
});

describe("parseLooseDateTime", () => {
  const ref = new Date("2026-11-27T00:00:00Z");
  it.each([
    ["2026-12-01 06:00 UTC", "2026-12-01T06:00:00.000Z"],
    ["2026-12-01T06:00Z", "2026-12-01T06:00:00.000Z"],
    ["0600 GMT December 2, 2026", "2026-12-02T06:00:00.000Z"],
    ["06:00 UTC on Tuesday, Dec 1, 2026", "2026-12-01T06:00:00.000Z"],
    ["12:01 a.m. EST Dec. 2", "2026-12-02T05:01:00.000Z"],
    ["3 December 2026 10:30 CET", "2026-12-03T09:30:00.000Z"],
    ["Dec 2, 2026, 6 p.m. GMT", "2026-12-02T18:00:00.000Z"],
    ["02.12.2026 08:00 +01:00", "2026-12-02T07:00:00.000Z"],
    ["Dec 2", "2026-12-02T00:00:00.000Z"],
  ])("%s", (text, iso) => {
    expect(parseLooseDateTime(text, ref)?.toISOString()).toBe(iso);
  });

  it("returns null without a date", () => {
    expect(parseLooseDateTime("further notice", ref)).toBeNull();
    expect(parseLooseDateTime("2026-02-30", ref)).toBeNull();
  });
});

describe("firstSentence", () => {
  it("does not stop at abbreviations or initials", () => {
    expect(firstSentence("Kevin K. McAleenan met U.S. officials on Nov. 3 in St. Louis. Then he left.")).toBe(
      "Kevin K. McAleenan met U.S. officials on Nov. 3 in St. Louis.",
    );
    expect(firstSentence('"It works," she said. Next.')).toBe('"It works," she said.');
    expect(firstSentence("No end")).toBe("No end");
  });
});
