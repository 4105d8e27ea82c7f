import { XMLParser, XMLValidator } from "fast-xml-parser";
import { WireParseError } from "./normalized";

/**
 * Safe XML for wire adapters, on top of fast-xml-parser.
 *
 * - A DOCTYPE that declares entities is refused before anything is parsed, so
 *   entity-expansion ("billion laughs") and external entities (XXE) never get a chance.
 *   fast-xml-parser never fetches or reads anything, and entity processing is switched
 *   off in it as well: the only references ever decoded are the five XML entities,
 *   numeric character references and, leniently, well-known HTML named entities.
 * - Well-formedness is checked first (XMLValidator) so a cut-off file is reported as
 *   truncated instead of being imported half-read.
 * - The result is a small ordered DOM (document order matters in bodies that mix p,
 *   block, bq, media …) with namespaces resolved, so adapters match on local names and
 *   NITF works with or without its namespace.
 */

export const XML_NS = "http://www.w3.org/XML/1998/namespace";

export type XmlText = { kind: "text"; value: string; cdata: boolean };

export type XmlElement = {
  kind: "element";
  /** Qualified name as written, e.g. "content:encoded". */
  name: string;
  /** Name without prefix, e.g. "encoded". */
  local: string;
  /** Resolved namespace URI, or null when the element is in no namespace. */
  ns: string | null;
  /** Attribute values (entity-decoded), keyed by qualified name as written. */
  attrs: Record<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
};

export type XmlNode = XmlElement | XmlText;

/** Deeper than this is not a news document; refusing it keeps recursion bounded. */
const MAX_DEPTH = 256;

// ---------------------------------------------------------------------------
// Prolog scan: DOCTYPE / entity refusal, root sniffing
// ---------------------------------------------------------------------------

type Prolog = {
  /** The full `<!DOCTYPE …>` text, if any. */
  doctype: string | null;
  /** Offset of the root element's `<`, or -1 when none was found. */
  rootStart: number;
};

/**
 * Walks the prolog (XML declaration, comments, PIs, DOCTYPE) without a parser. Quote-
 * and comment-aware inside the DOCTYPE, so a `]>` inside an entity value cannot end it
 * early and a comment cannot hide a DOCTYPE from the check.
 */
function scanProlog(text: string): Prolog {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doctype: string | null = null;
  const n = text.length;
  for (;;) {
    while (i < n && isXmlSpace(text.charCodeAt(i))) i++;
    if (i >= n) return { doctype, rootStart: -1 };
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end === -1) return { doctype, rootStart: -1 };
      i = end + 2;
    } else if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end === -1) return { doctype, rootStart: -1 };
      i = end + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === "<!DOCTYPE") {
      const end = findDoctypeEnd(text, i + 9);
      doctype = text.slice(i, end);
      if (end >= n) return { doctype, rootStart: -1 };
      i = end;
    } else if (text[i] === "<") {
      return { doctype, rootStart: i };
    } else {
      return { doctype, rootStart: -1 };
    }
  }
}

/** Returns the offset just past the DOCTYPE's closing `>` (or text.length). */
function findDoctypeEnd(text: string, from: number): number {
  const n = text.length;
  let i = from;
  let inSubset = false;
  while (i < n) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close === -1) return n;
      i = close + 1;
      continue;
    }
    if (inSubset && text.startsWith("<!--", i)) {
      const close = text.indexOf("-->", i + 4);
      if (close === -1) return n;
      i = close + 3;
      continue;
    }
    if (c === "[") inSubset = true;
    else if (c === "]") inSubset = false;
    else if (c === ">" && !inSubset) return i + 1;
    i++;
  }
  return n;
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Refuses a DOCTYPE that declares entities the document could expand. A DTD is not an
 * attack: an external DTD reference (`<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">`) and a
 * parameter entity that pulls in a DTD module (`<!ENTITY % nitf SYSTEM "nitf-3-0.dtd"> %nitf;`,
 * as NewsML 1.2 files from SDA-ATS and Kyodo carry) are ignored — nothing here ever loads
 * a DTD. Refused: any general entity (`<!ENTITY name …>`, which content could reference:
 * XXE, billion laughs) and a parameter entity with a literal value that refers to other
 * entities (an expansion chain).
 */
export function assertNoEntityDeclarations(text: string): void {
  const { doctype } = scanProlog(text);
  if (doctype === null) return;
  if (!/<!ENTITY/i.test(doctype)) return;
  const declarations = doctype.match(/<!ENTITY\s+(%\s+)?[^\s>]+\s+("[^"]*"|'[^']*'|[^>])*>/gi) ?? [];
  // An <!ENTITY the pattern could not read is treated as the worst case.
  if (declarations.length < (doctype.match(/<!ENTITY/gi) ?? []).length) {
    throw new WireParseError("XML_ENTITIES", "XML entity declarations are not allowed (possible entity-expansion attack)");
  }
  for (const decl of declarations) {
    const parameter = /^<!ENTITY\s+%/i.test(decl);
    const external = /^<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b/i.test(decl);
    if (!parameter && external) throw new WireParseError("XML_ENTITIES", "XML external entities are not allowed");
    if (!parameter) {
      throw new WireParseError("XML_ENTITIES", "XML entity declarations are not allowed (possible entity-expansion attack)");
    }
    if (!external && /[&%]/.test(decl.replace(/^<!ENTITY\s+%/i, ""))) {
      throw new WireParseError("XML_ENTITIES", "XML entity declarations are not allowed (possible entity-expansion attack)");
    }
  }
}

/** The text with its DOCTYPE blanked out (same length, same line numbers): the DTD is never read. */
function withoutDoctype(text: string): string {
  const start = text.search(/<!DOCTYPE/i);
  if (start === -1) return text;
  const { doctype } = scanProlog(text);
  if (doctype === null) return text;
  return text.slice(0, start) + doctype.replace(/[^\n]/g, " ") + text.slice(start + doctype.length);
}

/**
 * The root element's local name and namespace, read from its start tag without parsing
 * the document. Never throws; null when the text does not look like XML.
 */
export function sniffXmlRoot(text: string): { local: string; ns: string | null } | null {
  const { rootStart } = scanProlog(text);
  if (rootStart === -1) return null;
  const tagEnd = text.indexOf(">", rootStart);
  const startTag = text.slice(rootStart, tagEnd === -1 ? Math.min(text.length, rootStart + 4096) : tagEnd);
  const m = /^<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)/.exec(startTag);
  if (!m?.[1]) return null;
  const qname = m[1];
  const colon = qname.indexOf(":");
  const prefix = colon === -1 ? "" : qname.slice(0, colon);
  const local = colon === -1 ? qname : qname.slice(colon + 1);
  const nsAttr = prefix ? `xmlns:${prefix}` : "xmlns";
  const nsMatch = new RegExp(`\\s${nsAttr.replace(":", "\\:")}\\s*=\\s*(["'])(.*?)\\1`).exec(startTag);
  return { local, ns: nsMatch?.[2] ?? null };
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Off on purpose: references are decoded below, so DOCTYPE entities never expand.
  processEntities: false,
  htmlEntities: false,
  cdataPropName: "#cdata",
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses XML text into an ordered element tree. Throws WireParseError: EMPTY, ENCODING
 * (U+FFFD in the text: it was decoded with the wrong encoding), XML_ENTITIES (entity
 * declarations), MALFORMED ("truncated XML at line N" / "malformed XML at line N: …").
 */
export function parseXml(text: string): XmlElement {
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === "") throw new WireParseError("EMPTY", "the XML document is empty");
  const replacement = source.indexOf("\uFFFD");
  if (replacement !== -1) {
    // Bytes that were invalid in the encoding used to decode them: never import mojibake.
    const line = source.slice(0, replacement).split("\n").length;
    throw new WireParseError(
      "ENCODING",
      `the XML text contains U+FFFD replacement characters (first at line ${line}): it was decoded with the wrong encoding`,
    );
  }
  assertNoEntityDeclarations(source);
  source = withoutDoctype(source);
  assertWellFormed(source);

  let raw: unknown;
  try {
    raw = parser.parse(source);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new WireParseError("MALFORMED", `malformed XML: ${reason}`);
  }
  const top = Array.isArray(raw) ? raw : [];
  const roots = top.map((node) => buildNode(node, null, 0)).filter(isElement);
  const root = roots[0];
  if (!root) throw new WireParseError("MALFORMED", "malformed XML: no root element");
  if (roots.length > 1) {
    throw new WireParseError(
      "MALFORMED",
      `malformed XML: more than one root element (<${root.name}> and <${roots[1]?.name ?? "?"}>)`,
    );
  }
  return root;
}

function assertWellFormed(text: string): void {
  const result = XMLValidator.validate(text);
  if (result === true) return;
  const { msg, line } = result.err;
  const trimmed = text.replace(/\s+$/, "");
  const unclosed = /^Invalid '\[/.test(msg) || /^Unclosed tag/.test(msg);
  // A well-formed document always ends with ">"; anything else was cut off.
  if (unclosed || !trimmed.endsWith(">")) {
    const lastLine = trimmed.split("\n").length;
    throw new WireParseError("MALFORMED", `truncated XML at line ${lastLine}`);
  }
  throw new WireParseError("MALFORMED", `malformed XML at line ${line}: ${msg}`);
}

function isElement(node: XmlNode | null): node is XmlElement {
  return node !== null && node.kind === "element";
}

type RawNode = Record<string, unknown>;

function buildNode(raw: unknown, parent: XmlElement | null, depth: number): XmlNode | null {
  if (depth > MAX_DEPTH) {
    throw new WireParseError("MALFORMED", `malformed XML: elements nested deeper than ${MAX_DEPTH} levels`);
  }
  if (typeof raw !== "object" || raw === null) return null;
  const node = raw as RawNode;
  const keys = Object.keys(node).filter((k) => k !== ":@");
  const key = keys[0];
  if (key === undefined) return null;
  const value = node[key];

  if (key === "#text") {
    return { kind: "text", value: decodeXmlText(String(value ?? "")), cdata: false };
  }
  if (key === "#cdata") {
    // CDATA content is literal: no reference decoding.
    const parts = Array.isArray(value) ? value : [];
    const text = parts.map((p) => (typeof p === "object" && p !== null ? String((p as RawNode)["#text"] ?? "") : "")).join("");
    return { kind: "text", value: text, cdata: true };
  }

  const rawAttrs = node[":@"];
  const attrs: Record<string, string> = {};
  if (typeof rawAttrs === "object" && rawAttrs !== null) {
    for (const [name, v] of Object.entries(rawAttrs as Record<string, unknown>)) {
      attrs[name] = decodeXmlAttribute(String(v ?? ""));
    }
  }
  const colon = key.indexOf(":");
  const prefix = colon === -1 ? "" : key.slice(0, colon);
  const element: XmlElement = {
    kind: "element",
    name: key,
    local: colon === -1 ? key : key.slice(colon + 1),
    ns: null,
    attrs,
    children: [],
    parent,
  };
  element.ns = resolvePrefix(element, prefix);
  const children = Array.isArray(value) ? value : [];
  for (const child of children) {
    const built = buildNode(child, element, depth + 1);
    if (built) element.children.push(built);
  }
  return element;
}

function resolvePrefix(el: XmlElement, prefix: string): string | null {
  if (prefix === "xml") return XML_NS;
  const attrName = prefix ? `xmlns:${prefix}` : "xmlns";
  for (let cur: XmlElement | null = el; cur; cur = cur.parent) {
    const v = cur.attrs[attrName];
    if (v !== undefined) return v === "" ? null : v;
  }
  return null;
}

// ---------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------

const XML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * HTML named entities that turn up in XML wire files sent without their DTD. Undefined
 * in XML, but decoding them is kinder than showing "&eacute;"; anything not listed stays
 * as literal text.
 */
// prettier-ignore
const HTML_ENTITIES: Record<string, number> = {
  nbsp: 0xa0, iexcl: 0xa1, cent: 0xa2, pound: 0xa3, curren: 0xa4, yen: 0xa5, sect: 0xa7,
  uml: 0xa8, copy: 0xa9, ordf: 0xaa, laquo: 0xab, not: 0xac, shy: 0xad, reg: 0xae,
  deg: 0xb0, plusmn: 0xb1, sup2: 0xb2, sup3: 0xb3, acute: 0xb4, micro: 0xb5, para: 0xb6,
  middot: 0xb7, sup1: 0xb9, ordm: 0xba, raquo: 0xbb, frac14: 0xbc, frac12: 0xbd,
  frac34: 0xbe, iquest: 0xbf, Agrave: 0xc0, Aacute: 0xc1, Acirc: 0xc2, Atilde: 0xc3,
  Auml: 0xc4, Aring: 0xc5, AElig: 0xc6, Ccedil: 0xc7, Egrave: 0xc8, Eacute: 0xc9,
  Ecirc: 0xca, Euml: 0xcb, Igrave: 0xcc, Iacute: 0xcd, Icirc: 0xce, Iuml: 0xcf, ETH: 0xd0,
  Ntilde: 0xd1, Ograve: 0xd2, Oacute: 0xd3, Ocirc: 0xd4, Otilde: 0xd5, Ouml: 0xd6,
  times: 0xd7, Oslash: 0xd8, Ugrave: 0xd9, Uacute: 0xda, Ucirc: 0xdb, Uuml: 0xdc,
  Yacute: 0xdd, THORN: 0xde, szlig: 0xdf, agrave: 0xe0, aacute: 0xe1, acirc: 0xe2,
  atilde: 0xe3, auml: 0xe4, aring: 0xe5, aelig: 0xe6, ccedil: 0xe7, egrave: 0xe8,
  eacute: 0xe9, ecirc: 0xea, euml: 0xeb, igrave: 0xec, iacute: 0xed, icirc: 0xee,
  iuml: 0xef, eth: 0xf0, ntilde: 0xf1, ograve: 0xf2, oacute: 0xf3, ocirc: 0xf4,
  otilde: 0xf5, ouml: 0xf6, divide: 0xf7, oslash: 0xf8, ugrave: 0xf9, uacute: 0xfa,
  ucirc: 0xfb, uuml: 0xfc, yacute: 0xfd, thorn: 0xfe, yuml: 0xff, OElig: 0x152,
  oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6,
  tilde: 0x2dc, ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d,
  ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a,
  ldquo: 0x201c, rdquo: 0x201d, bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021,
  bull: 0x2022, hellip: 0x2026, permil: 0x2030, prime: 0x2032, Prime: 0x2033,
  lsaquo: 0x2039, rsaquo: 0x203a, euro: 0x20ac, trade: 0x2122, minus: 0x2212,
};

function codePointToString(cp: number): string {
  const invalid = cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff);
  return invalid ? "\uFFFD" : String.fromCodePoint(cp);
}

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Decodes the five XML entities, numeric references and known HTML named entities. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(REFERENCE, (match, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePointToString(Number.parseInt(dec, 10));
    if (hex !== undefined) return codePointToString(Number.parseInt(hex, 16));
    if (name !== undefined) {
      const xml = XML_ENTITIES[name];
      if (xml !== undefined) return xml;
      const html = HTML_ENTITIES[name];
      if (html !== undefined) return String.fromCodePoint(html);
    }
    return match;
  });
}

/** Attribute values: literal whitespace is normalized to spaces (XML 1.0 §3.3.3), then decoded. */
function decodeXmlAttribute(raw: string): string {
  return decodeXmlText(raw.replace(/[\t\n\r]/g, " "));
}

// ---------------------------------------------------------------------------
// Reading helpers (namespace-agnostic by default)
// ---------------------------------------------------------------------------

/**
 * `ns` filter: undefined = any namespace, null = no namespace, string = that URI.
 */
function matches(el: XmlElement, local: string | undefined, ns?: string | null): boolean {
  if (local !== undefined && el.local !== local) return false;
  if (ns === undefined) return true;
  return el.ns === ns;
}

/** Child elements, optionally only those with this local name (and namespace). */
export function childElements(el: XmlElement, local?: string, ns?: string | null): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.kind === "element" && matches(c, local, ns)) out.push(c);
  }
  return out;
}

/** First child element with this local name (and namespace). */
export function firstChild(el: XmlElement | null | undefined, local: string, ns?: string | null): XmlElement | null {
  if (!el) return null;
  for (const c of el.children) {
    if (c.kind === "element" && matches(c, local, ns)) return c;
  }
  return null;
}

/** Follows a path of local names, first match at each step: path(el, "head", "docdata"). */
export function childPath(el: XmlElement | null | undefined, ...locals: string[]): XmlElement | null {
  let cur: XmlElement | null = el ?? null;
  for (const local of locals) {
    if (!cur) return null;
    cur = firstChild(cur, local);
  }
  return cur;
}

/** All descendant elements with this local name, in document order. */
export function descendants(el: XmlElement, local?: string, ns?: string | null): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const c of node.children) {
      if (c.kind !== "element") continue;
      if (matches(c, local, ns)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** First descendant element with this local name, in document order. */
export function firstDescendant(el: XmlElement | null | undefined, local: string, ns?: string | null): XmlElement | null {
  if (!el) return null;
  for (const c of el.children) {
    if (c.kind !== "element") continue;
    if (matches(c, local, ns)) return c;
    const deeper = firstDescendant(c, local, ns);
    if (deeper) return deeper;
  }
  return null;
}

/**
 * Attribute value by name. An exact (qualified) match wins; otherwise any prefixed
 * attribute with that local name (so "lang" finds "xml:lang"). xmlns declarations are
 * never returned.
 */
export function attr(el: XmlElement | null | undefined, name: string): string | null {
  if (!el) return null;
  const exact = el.attrs[name];
  if (exact !== undefined) return exact;
  if (name.includes(":")) return null;
  for (const [qname, value] of Object.entries(el.attrs)) {
    const colon = qname.indexOf(":");
    if (colon === -1) continue;
    if (qname.slice(0, colon) === "xmlns") continue;
    if (qname.slice(colon + 1) === name) return value;
  }
  return null;
}

/** Concatenated text of the element and its descendants (raw, not whitespace-collapsed). */
export function textContent(node: XmlNode | null | undefined): string {
  if (!node) return "";
  if (node.kind === "text") return node.value;
  let out = "";
  for (const c of node.children) out += textContent(c);
  return out;
}

/** Nearest xml:lang in scope, or null. */
export function xmlLang(el: XmlElement | null | undefined): string | null {
  for (let cur = el ?? null; cur; cur = cur.parent) {
    const v = cur.attrs["xml:lang"];
    if (v !== undefined) return v.trim() || null;
  }
  return null;
}

/**
 * The base URL in effect for an element: xml:base values resolved from the root down,
 * starting from `documentBase` (e.g. a feed's own link). Null when nothing absolute is known.
 */
export function xmlBase(el: XmlElement | null | undefined, documentBase: string | null = null): string | null {
  const chain: string[] = [];
  for (let cur = el ?? null; cur; cur = cur.parent) {
    const v = cur.attrs["xml:base"];
    if (v !== undefined) chain.unshift(v.trim());
  }
  let base = documentBase;
  for (const step of chain) {
    try {
      base = base ? new URL(step, base).href : new URL(step).href;
    } catch {
      // A relative xml:base with nothing to resolve it against tells us nothing.
    }
  }
  return base;
}
