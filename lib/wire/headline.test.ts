import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { plaintextAdapter } from "./adapters/plaintext";
import { decodeWireBytes } from "./decode";
import { MAX_HEADLINE_LENGTH, proposeHeadline } from "./headline";
import type { NormalizedItem } from "./normalized";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/wire/", import.meta.url));

function fixtureItem(path: string): NormalizedItem {
  const { text } = decodeWireBytes(readFileSync(FIXTURES + path));
  return plaintextAdapter.parse({ source: path, text, receivedAt: new Date("2026-11-27T12:00:00Z") })[0]!;
}

function itemWithBody(bodyText: string, extra: Partial<NormalizedItem> = {}): NormalizedItem {
  return {
    ...fixtureItem("plaintext/dpa-afx-honduras-2019-08-28.txt"),
    bodyText,
    bodyHtml: "",
    ...extra,
  };
}

function expectHeadlineShape(h: string) {
  expect(h.length).toBeGreaterThan(10);
  expect(h.length).toBeLessThanOrEqual(MAX_HEADLINE_LENGTH);
  expect(h).not.toMatch(/[.,;:\s]$/);
  expect(h).toMatch(/^\p{Lu}|^\p{N}|^["“]/u);
}

describe("proposeHeadline", () => {
  it("proposes a headline for the seed from its lede", () => {
    const h = proposeHeadline(fixtureItem("plaintext/dpa-afx-honduras-2019-08-28.txt"));
    expectHeadlineShape(h);
    expect(h).toMatch(/^Government of Honduras agrees to take tough action/);
  });

  it("proposes sensible headlines for all headline-less agency copy", () => {
    const cases: [string, RegExp][] = [
      ["plaintext/dpa-afx-brenner-profit-warning-2026-11-03.txt", /^Shares of Brenner Logistik SE fall sharply/],
      [
        "plaintext/cp1252-crlf-gruenwald-2026-11-24.txt",
        /^Grünwald Präzision AG agrees to buy Belgian sensor specialist Optelis SA/,
      ],
      [
        "plaintext-extra/dpa-afx-bom-crlf-sao-paulo-2026-12-04.txt",
        /^Brazilian airline Voa Sul S\.A\. says it would lease eight more narrow-body jets/,
      ],
    ];
    for (const [path, re] of cases) {
      const h = proposeHeadline(fixtureItem(path));
      expectHeadlineShape(h);
      expect(h).toMatch(re);
    }
  });

  it("keeps an existing headline", () => {
    expect(proposeHeadline(fixtureItem("plaintext/reuters-kestrel-outlook-2026-11-03.txt"))).toBe(
      "Kestrel Maschinenbau raises 2026 outlook as rail orders pick up",
    );
  });

  it("works from any item's lede: strips a dateline, skips bullets, drops asides and weekdays", () => {
    const item = itemWithBody(
      "* A bullet\n* Another\n\nROME (ANSA) - Italy's parliament (the lower house) on Thursday approved a law on rents. More text.",
      { headline: null },
    );
    expect(proposeHeadline(item)).toBe("Italy's parliament approves a law on rents");
  });

  it("cuts a long lede at a clause boundary, not mid-phrase", () => {
    const h = proposeHeadline(
      itemWithBody(
        "German engineering group Kestrel Maschinenbau raised its full-year profit forecast on Tuesday, citing stronger-than-expected demand for rail signalling systems.",
      ),
    );
    expect(h).toBe("German engineering group Kestrel Maschinenbau raises its full-year profit forecast");
  });

  it("drops an appositive and a trailing attribution", () => {
    expect(
      proposeHeadline(
        itemWithBody("Acme Corp, the Ohio-based toolmaker, will close two plants next year, the company said on Monday."),
      ),
    ).toBe("Acme Corp will close two plants next year");
  });

  it("keeps names that start with an article and present-tense ledes", () => {
    expect(proposeHeadline(itemWithBody("The Hague court orders a new trial for the port workers."))).toBe(
      "The Hague court orders a new trial for the port workers",
    );
  });

  it("falls back to the slugline, then to an empty proposal", () => {
    expect(proposeHeadline(itemWithBody("", { slugline: "GERMANY-KESTREL/RESULTS" }))).toBe("GERMANY-KESTREL/RESULTS");
    expect(proposeHeadline(itemWithBody("", { slugline: null }))).toBe("");
  });
});
