import { describe, expect, it } from "vitest";
import {
  absolutizeUrl,
  collapseWhitespace,
  htmlToText,
  joinNames,
  normalizeLanguage,
  plainTextToHtml,
  sanitizeBodyHtml,
  saysNotForPublication,
  splitConceptUri,
  splitQcode,
  xmlBodyToHtml,
} from "./markup";
import { datelineFromLead, parseDatelineText } from "./dateline";
import { toIsoDate, toIsoUtc } from "./dates";
import { parseXml } from "./xml";
import { sanitizeHtmlFragment } from "@/lib/html/sanitize";
import { BAD_HTML } from "@/test/bad-html";

describe("toIsoUtc", () => {
  it.each([
    ["2026-11-10T14:05:00Z", "2026-11-10T14:05:00Z"],
    ["2026-11-10T15:05:00+01:00", "2026-11-10T14:05:00Z"],
    ["2026-11-10T15:05:00.250+0100", "2026-11-10T14:05:00Z"],
    ["2026-11-10", "2026-11-10T00:00:00Z"],
    ["2026-11-10T14:05:00", "2026-11-10T14:05:00Z"],
    ["20261105T091500+0100", "2026-11-05T08:15:00Z"],
    ["20261105T0915Z", "2026-11-05T09:15:00Z"],
    ["20240710T130037Z", "2024-07-10T13:00:37Z"],
    ["20261105", "2026-11-05T00:00:00Z"],
    ["Wed, 25 Nov 2026 13:05:00 +0100", "2026-11-25T12:05:00Z"],
    ["Wed, 25 Nov 2026 09:12:00 GMT", "2026-11-25T09:12:00Z"],
    ["25 Nov 26 09:12 EST", "2026-11-25T14:12:00Z"],
    ["Tue, 24 Nov 2026 12:05:00 CET", "2026-11-24T11:05:00Z"],
  ])("%s → %s", (input, expected) => {
    expect(toIsoUtc(input)).toBe(expected);
  });

  it.each(["", "yesterday", "2026-02-30", "2026-13-01T00:00:00Z", "32 Nov 2026 10:00 GMT", "20261105T251500Z"])(
    "rejects %j",
    (input) => {
      expect(toIsoUtc(input)).toBeNull();
    },
  );

  it("keeps the calendar date of a local date for datelines", () => {
    expect(toIsoUtc("20261105T000000+0100")).toBe("2026-11-04T23:00:00Z");
    expect(toIsoDate("20261105T000000+0100")).toBe("2026-11-05T00:00:00Z");
  });
});

describe("datelines", () => {
  it("reads place, agency and a year-less date", () => {
    expect(parseDatelineText("KIEL, Germany, Nov 10 (MWS)", "2026-11-10T14:05:00Z")).toEqual({
      place: "KIEL, Germany",
      agency: "MWS",
      date: "2026-11-10T00:00:00Z",
    });
    expect(parseDatelineText("Strasbourg, 10 juil 2024 (AFP) -", null)).toEqual({
      place: "Strasbourg",
      agency: "AFP",
      date: "2024-07-10T00:00:00Z",
    });
    expect(parseDatelineText("Waghäusel (dpa) - ", "2024-09-24T10:05:52Z")).toEqual({
      place: "Waghäusel",
      agency: "dpa",
      date: null,
    });
  });

  it("moves a year-less date across the new year", () => {
    expect(parseDatelineText("OSLO, Dec 31 (MWS)", "2027-01-01T08:00:00Z").date).toBe("2026-12-31T00:00:00Z");
  });

  it("only takes a lead dateline with a place in capitals", () => {
    expect(datelineFromLead("TALLINN, Nov 25 (MWS) - Twelve bus shelters", "2026-11-25T09:12:00Z")).toEqual({
      place: "TALLINN",
      agency: "MWS",
      date: "2026-11-25T00:00:00Z",
    });
    expect(datelineFromLead("The mayor (who spoke) - said no", null).place).toBeNull();
  });
});

describe("text helpers", () => {
  it("collapses layout whitespace but keeps no-break spaces", () => {
    expect(collapseWhitespace("  a\n\t b\u00a0c\u202fd  ")).toBe("a b\u00a0c\u202fd");
  });

  it("normalizes language tags, names and codes", () => {
    expect(normalizeLanguage("en-gb")).toBe("en-GB");
    expect(normalizeLanguage("DE")).toBe("de");
    expect(joinNames(["A", "B", "C"])).toBe("A, B and C");
    expect(splitQcode("medtop:06000000")).toEqual({ scheme: "medtop", code: "06000000" });
    expect(splitConceptUri("http://cv.iptc.org/newscodes/mediatopic/04000000")).toEqual({
      scheme: "medtop",
      code: "04000000",
    });
  });

  it("tells a hold from an embargo in editorial notes", () => {
    expect(saysNotForPublication("Advisory for editors. Not for publication.")).toBe(true);
    expect(saysNotForPublication("EMBARGOED until 23:00 GMT. Not for publication or broadcast before then.")).toBe(false);
    expect(saysNotForPublication(null)).toBe(false);
  });

  it("resolves relative URLs only against an absolute base", () => {
    expect(absolutizeUrl("/a/b", "https://x.example/c/")).toBe("https://x.example/a/b");
    expect(absolutizeUrl("d", "https://x.example/c/")).toBe("https://x.example/c/d");
    expect(absolutizeUrl("mailto:a@x.example", "https://x.example/")).toBe("mailto:a@x.example");
    expect(absolutizeUrl("/a", null)).toBe("/a");
  });
});

describe("HTML bodies", () => {
  it("sanitizes, lays out loose text as paragraphs and resolves links", () => {
    const html = sanitizeBodyHtml(
      `<div>Loose <b>text</b><br><br>second</div><h1>Head</h1><p onclick="x()">p <a href="/rel">l</a></p><script>bad()</script><p> </p>`,
      { baseUrl: "https://x.example/news/" },
    );
    expect(html).toBe(
      `<p>Loose <strong>text</strong></p><p>second</p><h2>Head</h2><p>p <a href="https://x.example/rel" rel="noopener noreferrer nofollow">l</a></p>`,
    );
  });

  it("never lets script URLs or handlers through", () => {
    const html = sanitizeBodyHtml(
      `<a href="java\tscript:alert(1)">a</a><a href="data:text/html,x">b</a><img src=x onerror="x()"><svg onload="x()"></svg>`,
    );
    expect(html).not.toMatch(/javascript|data:|onerror|onload|<img|<svg/i);
  });

  it("turns HTML into paragraph-separated, entity-decoded text", () => {
    expect(htmlToText(`<p>a &amp; b&nbsp;c</p><ul><li>one</li><li>two</li></ul><p>x<br>y</p><script>z</script>`)).toBe(
      "a & b\u00a0c\n\none\ntwo\n\nx\ny",
    );
  });

  it("makes bodies the sanitizer gives back unchanged, so their text needs no second sanitizing", () => {
    // htmlToText skips the sanitizer for bodies made here (sanitizedBody in markup.ts); that
    // is only the same as sanitizing them again while this holds.
    const inputs = [
      ...BAD_HTML,
      `<div>Loose <b>text</b><br><br>second</div><h1>Head</h1><p>p <a href="/rel" title='t "q"'>l</a> &amp; &lt;x&gt; &#39;s</p>`,
      `<table><tr><td colspan="2">a</td></tr></table><pre>  keep\n  spaces</pre><ol start="3"><li>x</li></ol>`,
      "<p>" + "<div>".repeat(80) + "deep" + "</div>".repeat(80) + "</p>",
    ];
    for (const input of inputs) {
      for (const body of [sanitizeBodyHtml(input, { baseUrl: "https://x.example/a/" }), plainTextToHtml(input)]) {
        expect(sanitizeHtmlFragment(body)).toBe(body);
        const text = htmlToText(body);
        expect(htmlToText(body)).toBe(text);
        // The same text as for HTML that did not come from here (which is sanitized first).
        expect(htmlToText(`${body}<!-- -->`)).toBe(text);
      }
    }
  });

  it("escapes plain text into paragraphs", () => {
    expect(plainTextToHtml("a <b>\nline 2\n\n\nnext & last\n")).toBe("<p>a &lt;b&gt;<br />line 2</p><p>next &amp; last</p>");
  });

  it("renders XML bodies in document order with text escaped", () => {
    const root = parseXml(
      `<body><p>a &lt;i&gt; <em>b</em></p><h1>Head</h1><script>x</script><unknown>kept <b>bold</b></unknown><img src="x"/></body>`,
    );
    expect(xmlBodyToHtml(root.children)).toBe(`<p>a &lt;i&gt; <em>b</em></p><h2>Head</h2><p>kept <strong>bold</strong></p>`);
  });
});
