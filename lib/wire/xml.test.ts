import { describe, expect, it } from "vitest";
import { WireParseError } from "./normalized";
import {
  assertNoEntityDeclarations,
  attr,
  childElements,
  firstChild,
  firstDescendant,
  parseXml,
  sniffXmlRoot,
  textContent,
  xmlBase,
  xmlLang,
} from "./xml";

function parseError(fn: () => unknown): WireParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WireParseError) return err;
    throw err;
  }
  throw new Error("expected a WireParseError");
}

describe("parseXml", () => {
  it("keeps document order, decodes references and keeps CDATA literal", () => {
    const root = parseXml(
      `<?xml version="1.0"?><r a="x &amp; &#233; &#xE9;">one <b>two</b> &lt;3 &#8212; &apos;q&apos; <![CDATA[ &lt;raw & ]]><c/></r>`,
    );
    expect(root.local).toBe("r");
    expect(attr(root, "a")).toBe("x & é é");
    expect(root.children.map((c) => (c.kind === "text" ? `t:${c.value}` : `e:${c.local}`))).toEqual([
      "t:one ",
      "e:b",
      "t: <3 — 'q' ",
      "t: &lt;raw & ",
      "e:c",
    ]);
    expect(textContent(root)).toBe("one two <3 — 'q'  &lt;raw & ");
  });

  it("resolves namespaces so NITF reads the same with or without one", () => {
    for (const xml of [`<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head/></nitf>`, `<nitf><head/></nitf>`]) {
      const root = parseXml(xml);
      expect(root.local).toBe("nitf");
      expect(firstChild(root, "head")).not.toBeNull();
    }
    const rss = parseXml(
      `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href="a"/><link>b</link></channel></rss>`,
    );
    const channel = firstChild(rss, "channel");
    expect(channel).not.toBeNull();
    expect(childElements(channel!, "link", null).map((l) => textContent(l))).toEqual(["b"]);
    expect(attr(firstChild(channel, "link", "http://www.w3.org/2005/Atom"), "href")).toBe("a");
  });

  it("finds xml:lang and resolves nested xml:base", () => {
    const root = parseXml(`<f xml:lang="en-GB" xml:base="https://a.example/x/"><e xml:base="y/"><l/></e></f>`);
    const l = firstDescendant(root, "l");
    expect(xmlLang(l)).toBe("en-GB");
    expect(attr(firstChild(root, "e"), "base")).toBe("y/");
    expect(xmlBase(l)).toBe("https://a.example/x/y/");
  });

  it("decodes common HTML named entities leniently and leaves unknown ones as text", () => {
    expect(textContent(parseXml(`<p>caf&eacute;&nbsp;&hellip; &bogus;</p>`))).toBe("café\u00a0… &bogus;");
  });

  it("reports a cut-off document as truncated with the line where it ends", () => {
    const err = parseError(() => parseXml(`<?xml version="1.0"?>\n<a>\n  <p>half a sen`));
    expect(err.code).toBe("MALFORMED");
    expect(err.message).toBe("truncated XML at line 3");
  });

  it("reports other well-formedness errors with a line and reason", () => {
    const err = parseError(() => parseXml(`<a>\n<b>x</a>`));
    expect(err.code).toBe("MALFORMED");
    expect(err.message).toMatch(/^malformed XML at line 2: /);
    expect(parseError(() => parseXml(`<a/><b/>`)).message).toMatch(/more than one root/);
    expect(parseError(() => parseXml(`   `)).code).toBe("EMPTY");
  });

  it("refuses text that was decoded with the wrong encoding", () => {
    expect(parseError(() => parseXml(`<a>K\uFFFDln</a>`)).code).toBe("ENCODING");
  });
});

describe("entity declarations", () => {
  it("refuses internal entity declarations before parsing", () => {
    const err = parseError(() => assertNoEntityDeclarations(`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`));
    expect(err.code).toBe("XML_ENTITIES");
    expect(err.message).toBe("XML entity declarations are not allowed (possible entity-expansion attack)");
  });

  it("refuses external general entities, even next to an allowed DTD module", () => {
    for (const doc of [
      `<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>`,
      `<!DOCTYPE a [<!ENTITY % p SYSTEM "nitf-3-0.dtd"> %p; <!ENTITY x SYSTEM "http://127.0.0.1/">]><a>&x;</a>`,
    ]) {
      const err = parseError(() => parseXml(doc));
      expect(err.code).toBe("XML_ENTITIES");
      expect(err.message).toBe("XML external entities are not allowed");
    }
  });

  it("refuses parameter entities that expand into other entities (an expansion chain)", () => {
    const doc = `<!DOCTYPE a [<!ENTITY % a "x"><!ENTITY % b "%a;%a;%a;%a;">]><a/>`;
    expect(parseError(() => parseXml(doc)).code).toBe("XML_ENTITIES");
  });

  it("ignores a DTD module pulled in by a parameter entity, never loading it (SDA-ATS, Kyodo NewsML 1.2)", () => {
    // As real files carry it: test/fixtures/wire/real/kyodo/kyodo_newsml_1_2_belga.xml.
    const doc =
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20001006:NewsMLv1.0.dtd:1" "../DTD/NewsMLv1.0.dtd" [\n` +
      `\t<!ENTITY % nitf SYSTEM "../nitf/dtd/nitf-3-0.dtd">\n\t%nitf;\n]>\n<NewsML><NewsItem/></NewsML>`;
    const root = parseXml(doc);
    expect(root.local).toBe("NewsML");
    expect(root.children.filter((c) => c.kind === "element")).toHaveLength(1);
  });

  it("is not fooled by comments, quoted ']>' or a lower-case doctype", () => {
    expect(parseError(() => parseXml(`<!-- <a> --><!DOCTYPE a [<!ENTITY x "]>">]><a/>`)).code).toBe("XML_ENTITIES");
    expect(parseError(() => parseXml(`<!doctype a [<!ENTITY x "y">]><a/>`)).code).toBe("XML_ENTITIES");
  });

  it("tolerates a bare external DTD reference without loading it", () => {
    const root = parseXml(`<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf-3-6.dtd"><nitf><head/></nitf>`);
    expect(root.local).toBe("nitf");
  });
});

describe("sniffXmlRoot", () => {
  it("reads the root element and its namespace without parsing", () => {
    expect(sniffXmlRoot(`\uFEFF<?xml version="1.0"?>\n<!-- c --><feed xmlns="http://www.w3.org/2005/Atom">`)).toEqual({
      local: "feed",
      ns: "http://www.w3.org/2005/Atom",
    });
    expect(sniffXmlRoot(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`)).toEqual({
      local: "RDF",
      ns: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    });
    expect(sniffXmlRoot(`<!DOCTYPE nitf [<!ENTITY a "b">]><nitf>`)?.local).toBe("nitf");
    expect(sniffXmlRoot(`{"uri": "x"}`)).toBeNull();
  });
});
