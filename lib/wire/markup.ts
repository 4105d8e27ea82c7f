import { z } from "zod";
import { escapeHtml, sanitizeHtmlFragment } from "@/lib/html/sanitize";
import { normalizedItemSchema, WireParseError, type NormalizedItem, type Subject } from "./normalized";
import { attr, decodeXmlText, type XmlElement, type XmlNode } from "./xml";

/**
 * Helpers shared by the structured-format adapters: text clean-up, dates, URLs, the
 * HTML body pipeline (always ending in sanitizeHtmlFragment), datelines, concept codes,
 * and the final check of each item against the normalized contract.
 */

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

/**
 * Collapses runs of XML/ASCII whitespace to one space and trims. No-break spaces
 * (U+00A0, U+202F) are content, not layout, and are kept.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, " ").replace(/^ | $/g, "");
}

/** Collapsed text, or null when nothing is left. */
export function cleanText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const out = collapseWhitespace(text);
  return out === "" ? null : out;
}

/** First non-empty cleaned value. */
export function firstText(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const t = cleanText(v);
    if (t !== null) return t;
  }
  return null;
}

/** Unique, non-empty, cleaned strings in first-seen order. */
export function uniqueTexts(values: Iterable<string | null | undefined>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const t = cleanText(v);
    if (t === null) continue;
    const key = t.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

/**
 * True when an editorial note marks the item itself as not for publication ("Advisory
 * for editors. Not for publication."), but not when it only states an embargo ("Not for
 * publication before 23:00 GMT").
 */
export function saysNotForPublication(note: string | null | undefined): boolean {
  const text = cleanText(note);
  if (text === null) return false;
  return text
    .split(/(?<=[.!?])\s+/)
    .some(
      (sentence) =>
        /\b(not for (publication|publishing|broadcast)|not to be published|do not publish)\b/i.test(sentence) &&
        !/\b(before|until|till|prior to|ahead of|embargo(ed)?)\b/i.test(sentence),
    );
}

/** Subjects without duplicates (same scheme and code). */
export function uniqueSubjects(subjects: Iterable<Subject>): Subject[] {
  const seen = new Set<string>();
  const out: Subject[] = [];
  for (const s of subjects) {
    const key = `${s.scheme}\u0000${s.code}`;
    if (s.code === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string | null {
  const clean = uniqueTexts(names);
  if (clean.length === 0) return null;
  if (clean.length === 1) return clean[0] ?? null;
  return `${clean.slice(0, -1).join(", ")} and ${clean[clean.length - 1]}`;
}

/** BCP 47 casing: "en-gb" → "en-GB", "EN" → "en". */
export function normalizeLanguage(tag: string | null | undefined): string | null {
  const t = cleanText(tag);
  if (t === null) return null;
  const parts = t.replace(/_/g, "-").split("-");
  return parts
    .map((p, i) => {
      if (i === 0) return p.toLowerCase();
      if (p.length === 2) return p.toUpperCase();
      if (p.length === 4) return p.charAt(0).toUpperCase() + p.slice(1).toLowerCase();
      return p.toLowerCase();
    })
    .join("-");
}

/** Integer from a number or numeric string; null otherwise. */
export function toInt(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

type DateParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
};

// prettier-ignore
const MONTHS_EN: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

// prettier-ignore
const RFC822_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360,
  PST: -480, PDT: -420, CET: 60, CEST: 120, BST: 60,
};

function parseOffset(zone: string | undefined): number | null {
  if (!zone || zone === "Z" || zone === "z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? "0");
  if (minutes > 18 * 60) return null;
  return m[1] === "-" ? -minutes : minutes;
}

function parseDateParts(value: string | null | undefined): DateParts | null {
  if (typeof value !== "string") return null;
  const s = value.trim();
  if (s === "") return null;

  // ISO 8601 extended: 2026-11-10T14:05:00Z, 2026-11-10T15:05:00+01:00, 2026-11-10
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(s);
  // ISO 8601 basic, as NITF's norm attributes use it: 20261105T091500+0100
  m ??= /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(s);
  if (m) {
    const offset = parseOffset(m[7]);
    if (offset === null) return null;
    return checkParts({
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? "0"),
      minute: Number(m[5] ?? "0"),
      second: Number(m[6] ?? "0"),
      offset,
    });
  }

  // RFC 822 / 2822, as RSS uses it: Wed, 25 Nov 2026 13:05:00 +0100
  m =
    /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2})?$/.exec(
      s,
    );
  if (m) {
    const month = MONTHS_EN[(m[2] ?? "").slice(0, 3).toLowerCase()];
    if (month === undefined) return null;
    let year = Number(m[3]);
    if (year < 100) year += year < 50 ? 2000 : 1900;
    const zone = m[7];
    let offset: number | null = 0;
    if (zone && /^[+-]/.test(zone)) offset = parseOffset(zone);
    else if (zone) offset = RFC822_ZONES[zone.toUpperCase()] ?? 0; // RFC 2822: unknown zones mean UTC
    if (offset === null) return null;
    return checkParts({
      year,
      month,
      day: Number(m[1]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? "0"),
      offset,
    });
  }
  return null;
}

function checkParts(p: DateParts): DateParts | null {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 60) return null;
  const probe = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (probe.getUTCMonth() !== p.month - 1 || probe.getUTCDate() !== p.day) return null;
  return p;
}

function formatIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Any date a wire format carries (ISO 8601 with or without offset, NITF's compact
 * 20261105T091500+0100, RFC 822 with +0100 or zone names) → "YYYY-MM-DDTHH:MM:SSZ".
 * Values without an offset are taken as UTC. Unparseable → null.
 */
export function toIsoUtc(value: string | null | undefined): string | null {
  const p = parseDateParts(value);
  if (!p) return null;
  const second = Math.min(p.second, 59);
  const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, second) - p.offset * 60_000;
  return Number.isFinite(ms) ? formatIso(ms) : null;
}

/**
 * The calendar date a value names in its own time zone, as midnight UTC. A dateline
 * "Nov 5" normed as 20261105T000000+0100 is Nov 5, not 23:00 on Nov 4.
 */
export function toIsoDate(value: string | null | undefined): string | null {
  const p = parseDateParts(value);
  if (!p) return null;
  return formatIso(Date.UTC(p.year, p.month - 1, p.day));
}

/** a > b for ISO strings from toIsoUtc (null-safe). */
export function isLater(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return Date.parse(a) > Date.parse(b);
}

/** The earliest of several ISO dates. */
export function earliest(values: (string | null)[]): string | null {
  let best: string | null = null;
  for (const v of values) {
    if (v && (best === null || Date.parse(v) < Date.parse(best))) best = v;
  }
  return best;
}

// ---------------------------------------------------------------------------
// Datelines
// ---------------------------------------------------------------------------

// prettier-ignore
const MONTH_WORDS: Record<string, number> = {
  ...MONTHS_EN,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
  // French (AFP) and German (dpa) as they appear in datelines.
  janv: 1, janvier: 1, févr: 2, fevr: 2, février: 2, fevrier: 2, mars: 3, avr: 4, avril: 4, mai: 5,
  juin: 6, juil: 7, juillet: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11,
  déc: 12, décembre: 12, decembre: 12,
  januar: 1, februar: 2, märz: 3, maerz: 3, juni: 6, juli: 7, okt: 10, oktober: 10, dez: 12, dezember: 12,
};

const MONTH_RE = Object.keys(MONTH_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const MONTH_DAY = new RegExp(`(?<![\\p{L}])(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?(?![\\p{L}\\d])`, "iu");
const DAY_MONTH = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})\\.?\\s+(${MONTH_RE})\\.?(?:\\s+(\\d{4}))?(?![\\p{L}])`, "iu");

export type Dateline = { place: string | null; agency: string | null; date: string | null };

/**
 * Reads a printed dateline such as "KIEL, Germany, Nov 10 (MWS)", "Strasbourg, 10 juil
 * 2024 (AFP) -" or "Waghäusel (dpa) - ". A date without a year takes the year of
 * `reference` (the item's own date), moved by one when that puts it > 6 months away.
 */
export function parseDatelineText(text: string | null | undefined, reference: string | null): Dateline {
  const clean = cleanText(text);
  if (clean === null) return { place: null, agency: null, date: null };
  let rest = clean.replace(/\s*[-\u2013\u2014]+\s*$/, "");
  let agency: string | null = null;
  const agencyMatch = /\(([^()]+)\)\s*$/.exec(rest);
  if (agencyMatch?.[1]) {
    agency = cleanText(agencyMatch[1]);
    rest = rest.slice(0, agencyMatch.index).trim();
  }

  let date: string | null = null;
  let placeEnd = rest.length;
  const md = MONTH_DAY.exec(rest);
  const dm = md ? null : DAY_MONTH.exec(rest);
  const found = md
    ? { index: md.index, month: md[1], day: md[2], year: md[3] }
    : dm
      ? { index: dm.index, month: dm[2], day: dm[1], year: dm[3] }
      : null;
  if (found) {
    const month = MONTH_WORDS[(found.month ?? "").toLowerCase()];
    const day = Number(found.day);
    if (month !== undefined) {
      date = datelineDate(month, day, found.year ? Number(found.year) : null, reference);
      placeEnd = found.index;
    }
  }
  const place = cleanText(rest.slice(0, placeEnd).replace(/[\s,;:\-\u2013\u2014]+$/, ""));
  return { place, agency, date };
}

/**
 * A dateline printed at the start of a body ("TALLINN, Nov 25 (MWS) - Twelve …"), as
 * feeds carry it. Only a leading place in capitals followed by "(AGENCY) -" counts, so
 * ordinary first sentences are not mistaken for datelines.
 */
export function datelineFromLead(text: string, reference: string | null): Dateline {
  const m = /^([^\n()]{2,80}?)\s*\(([^()\n]{1,40})\)\s*[-\u2013\u2014]+\s/.exec(text.trimStart());
  if (!m?.[1] || !m[2] || !/^\p{Lu}{2,}(?![\p{Ll}])/u.test(m[1])) return { place: null, agency: null, date: null };
  return parseDatelineText(`${m[1]} (${m[2]})`, reference);
}

function datelineDate(month: number, day: number, year: number | null, reference: string | null): string | null {
  const refMs = reference ? Date.parse(reference) : Number.NaN;
  let y = year ?? (Number.isFinite(refMs) ? new Date(refMs).getUTCFullYear() : null);
  if (y === null) return null;
  if (year === null && Number.isFinite(refMs)) {
    const halfYear = 183 * 86_400_000;
    const candidate = Date.UTC(y, month - 1, day);
    if (candidate - refMs > halfYear) y -= 1;
    else if (refMs - candidate > halfYear) y += 1;
  }
  const parts = checkParts({ year: y, month, day, hour: 0, minute: 0, second: 0, offset: 0 });
  return parts ? formatIso(Date.UTC(y, month - 1, day)) : null;
}

// ---------------------------------------------------------------------------
// URLs and concept codes
// ---------------------------------------------------------------------------

/** Resolves a possibly relative URL against an absolute base; unchanged when it cannot. */
export function absolutizeUrl(url: string, base: string | null | undefined): string {
  const trimmed = url.trim();
  if (!base || trimmed === "") return trimmed;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/** Only absolute http(s) URLs make sense as a base for resolving links. */
export function httpBase(url: string | null | undefined, parent?: string | null): string | null {
  const t = url?.trim();
  if (!t) return parent ?? null;
  try {
    const u = parent ? new URL(t, parent) : new URL(t);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : (parent ?? null);
  } catch {
    return parent ?? null;
  }
}

/** IPTC vocabularies by their well-known alias (as used in qcodes). */
const SCHEME_ALIASES: [RegExp, string][] = [
  [/^https?:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/?$/i, "medtop"],
  [/^https?:\/\/cv\.iptc\.org\/newscodes\/subjectcode\/?$/i, "subj"],
  [/^https?:\/\/cv\.iptc\.org\/newscodes\/genre\/?$/i, "genre"],
];

/** A scheme URI as its IPTC alias when it has one ("…/mediatopic/" → "medtop"). */
export function schemeAlias(scheme: string): string {
  const t = scheme.trim();
  for (const [re, alias] of SCHEME_ALIASES) if (re.test(t)) return alias;
  return t;
}

/** "medtop:06000000" → { scheme: "medtop", code: "06000000" }. */
export function splitQcode(qcode: string): { scheme: string; code: string } | null {
  const t = qcode.trim();
  const colon = t.indexOf(":");
  if (colon <= 0 || colon === t.length - 1) return null;
  return { scheme: t.slice(0, colon), code: t.slice(colon + 1) };
}

/**
 * A concept URI split into scheme and code:
 * "http://cv.iptc.org/newscodes/mediatopic/04000000" → { scheme: "medtop", code: "04000000" }.
 */
export function splitConceptUri(uri: string): { scheme: string; code: string } | null {
  const t = uri.trim();
  const m = /^(.*[/#])([^/#]+)$/.exec(t);
  if (!m?.[1] || !m[2]) return null;
  return { scheme: schemeAlias(m[1]), code: m[2] };
}

// ---------------------------------------------------------------------------
// HTML bodies
// ---------------------------------------------------------------------------

type HtmlEl = { type: "el"; tag: string; attrs: [string, string][]; children: HtmlNode[] };
type HtmlTextNode = { type: "text"; text: string };
type HtmlNode = HtmlEl | HtmlTextNode;

const VOID_TAGS = new Set(["br", "hr"]);
/**
 * Phrasing content. Any other tag the sanitizer lets through is treated as a block; the
 * ones not named in renderBlock (div and the like) are unwrapped into the flow around them.
 */
// prettier-ignore
const INLINE_TAGS = new Set([
  "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "code", "q", "cite", "br", "span",
  "small", "mark", "abbr", "time",
]);
const TEXT_BLOCKS = new Set(["p", "h2", "h3", "h4", "figcaption"]);
const TABLE_PARTS = new Set(["table", "thead", "tbody", "tr"]);

/**
 * Tree of *sanitized* HTML. The sanitizer's output is regular (known tags, double-quoted
 * and escaped attribute values, escaped text), which is what makes a tokenizer this
 * small safe to use.
 */
function parseSanitized(html: string): HtmlEl {
  const root: HtmlEl = { type: "el", tag: "#root", attrs: [], children: [] };
  const stack: HtmlEl[] = [root];
  const token = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(html)) !== null) {
    const top = stack[stack.length - 1] ?? root;
    if (m[4] !== undefined) {
      top.children.push({ type: "text", text: m[4] });
      continue;
    }
    const tag = (m[2] ?? "").toLowerCase();
    if (m[1] === "/") {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: [string, string][] = [];
    const attrRe = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g;
    let a: RegExpExecArray | null;
    while ((a = attrRe.exec(m[3] ?? "")) !== null) {
      if (a[1]) attrs.push([a[1].toLowerCase(), a[2] ?? ""]);
    }
    const el: HtmlEl = { type: "el", tag, attrs, children: [] };
    top.children.push(el);
    if (!VOID_TAGS.has(tag) && !/\/\s*$/.test(m[3] ?? "")) stack.push(el);
  }
  return root;
}

function isBlock(node: HtmlNode): boolean {
  return node.type === "el" && !INLINE_TAGS.has(node.tag);
}

function openTag(el: HtmlEl): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${v}"`).join("");
  return `<${el.tag}${attrs}>`;
}

function trimInline(html: string): string {
  return html
    .replace(/ {2,}/g, " ")
    .replace(/^(?:[ \t\n\r\f]|<br>)+/, "")
    .replace(/(?:[ \t\n\r\f]|<br>)+$/, "");
}

function hasVisibleText(html: string): boolean {
  return html.replace(/<[^>]*>/g, "").trim() !== "";
}

function renderInline(nodes: HtmlNode[]): string {
  let out = "";
  for (const n of nodes) {
    if (n.type === "text") out += n.text.replace(/[ \t\n\r\f]+/g, " ");
    else if (n.tag === "br") out += "<br>";
    else if (isBlock(n)) out += renderBlock(n);
    else out += `${openTag(n)}${renderInline(n.children)}</${n.tag}>`;
  }
  return out;
}

/** Blocks stay; runs of loose inline content become paragraphs (split at double <br>). */
function renderFlow(nodes: HtmlNode[], wrapTag: string, wrapAttrs = ""): string {
  let out = "";
  let run: HtmlNode[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const segments = renderInline(run).split(/(?:<br>[ \t\n\r\f]*){2,}/);
    for (const seg of segments) {
      const inner = trimInline(seg);
      if (hasVisibleText(inner)) out += `<${wrapTag}${wrapAttrs}>${inner}</${wrapTag}>`;
    }
    run = [];
  };
  for (const n of nodes) {
    if (isBlock(n)) {
      flush();
      out += renderBlock(n as HtmlEl);
    } else {
      run.push(n);
    }
  }
  flush();
  return out;
}

function renderRaw(nodes: HtmlNode[]): string {
  return nodes
    .map((n) =>
      n.type === "text" ? n.text : VOID_TAGS.has(n.tag) ? `<${n.tag}>` : `${openTag(n)}${renderRaw(n.children)}</${n.tag}>`,
    )
    .join("");
}

function renderBlock(el: HtmlEl): string {
  const tag = el.tag;
  if (tag === "hr") return "<hr>";
  if (tag === "pre") return hasVisibleText(renderRaw(el.children)) ? `${openTag(el)}${renderRaw(el.children)}</pre>` : "";
  if (TEXT_BLOCKS.has(tag)) {
    if (el.children.some(isBlock)) {
      const attrs = el.attrs.map(([k, v]) => ` ${k}="${v}"`).join("");
      return renderFlow(el.children, tag, attrs);
    }
    const inner = trimInline(renderInline(el.children));
    return hasVisibleText(inner) ? `${openTag(el)}${inner}</${tag}>` : "";
  }
  if (tag === "blockquote") {
    const inner = renderFlow(el.children, "p");
    return inner ? `${openTag(el)}${inner}</${tag}>` : "";
  }
  if (tag === "ul" || tag === "ol") {
    let inner = "";
    let loose: HtmlNode[] = [];
    const flushLoose = () => {
      const text = trimInline(renderInline(loose));
      if (hasVisibleText(text)) inner += `<li>${text}</li>`;
      loose = [];
    };
    for (const c of el.children) {
      if (c.type === "el" && c.tag === "li") {
        flushLoose();
        inner += renderBlock(c);
      } else if (isBlock(c)) {
        flushLoose();
        inner += `<li>${renderBlock(c as HtmlEl)}</li>`;
      } else {
        loose.push(c);
      }
    }
    flushLoose();
    return inner ? `${openTag(el)}${inner}</${tag}>` : "";
  }
  if (TABLE_PARTS.has(tag)) {
    const inner = el.children
      .filter((c): c is HtmlEl => c.type === "el")
      .map((c) => (isBlock(c) ? renderBlock(c) : ""))
      .join("");
    return inner ? `${openTag(el)}${inner}</${tag}>` : "";
  }
  if (tag !== "li" && tag !== "td" && tag !== "th" && tag !== "figure") {
    // div, section and anything else block-like: unwrapped, its content laid out in place.
    return renderFlow(el.children, "p");
  }
  // li, td, th, figure: inline content as-is, or flow when blocks are mixed in.
  const inner = el.children.some(isBlock)
    ? el.children.map((c) => (isBlock(c) ? renderBlock(c as HtmlEl) : trimInline(renderInline([c])))).join("")
    : trimInline(renderInline(el.children));
  if (!hasVisibleText(inner) && tag !== "td" && tag !== "th") return "";
  return `${openTag(el)}${inner}</${tag}>`;
}

function absolutizeLinks(node: HtmlEl, base: string | null): void {
  for (const c of node.children) {
    if (c.type !== "el") continue;
    if (c.tag === "a" && base) {
      c.attrs = c.attrs.map(([k, v]) => (k === "href" ? [k, escapeHtml(absolutizeUrl(decodeXmlText(v), base))] : [k, v]));
    }
    absolutizeLinks(c, base);
  }
}

/**
 * The HTML body pipeline for every adapter: sanitize (the one sanitizer), resolve
 * relative links against `baseUrl`, lay out (loose text becomes paragraphs, empty
 * blocks and layout whitespace go), then sanitize the result once more.
 */
export function sanitizeBodyHtml(html: string, options: { baseUrl?: string | null } = {}): string {
  const tree = parseSanitized(sanitizeHtmlFragment(html));
  absolutizeLinks(tree, options.baseUrl ?? null);
  return sanitizedBody(renderFlow(tree.children, "p"));
}

/**
 * The last few bodies this module made, each with its text once htmlToText has worked it
 * out. Every body's text is asked for (by finalizeItem, and by the feed adapters before
 * that, for the dateline), and a body is already the sanitizer's output, which sanitizing
 * again gives back unchanged (markup.test.ts checks that on the bad-HTML corpus), so that
 * HTML skips the sanitizer in htmlToText and its text is made once. Sanitizing was a
 * third of parsing time.
 */
const recentBodies = new Map<string, string | undefined>();
const RECENT_BODIES = 8;

function sanitizedBody(html: string): string {
  const out = sanitizeHtmlFragment(html);
  if (!recentBodies.has(out)) {
    recentBodies.set(out, undefined);
    if (recentBodies.size > RECENT_BODIES) recentBodies.delete(recentBodies.keys().next().value!);
  }
  return out;
}

/** Plain text → escaped HTML paragraphs (blank lines separate them, single newlines are <br>). */
export function plainTextToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) =>
      p
        .split("\n")
        .map((line) => collapseWhitespace(line))
        .filter((l) => l !== ""),
    )
    .filter((lines) => lines.length > 0);
  return sanitizedBody(paragraphs.map((lines) => `<p>${lines.map(escapeHtml).join("<br>")}</p>`).join(""));
}

/**
 * Readable text from HTML: blocks separated by a blank line, <br> and list items on
 * their own lines, entities decoded, scripts and the like gone (it sanitizes first).
 */
export function htmlToText(html: string): string {
  if (!recentBodies.has(html)) return textOfSanitized(sanitizeHtmlFragment(html));
  let text = recentBodies.get(html);
  if (text === undefined) recentBodies.set(html, (text = textOfSanitized(html)));
  return text;
}

function textOfSanitized(html: string): string {
  const tree = parseSanitized(html);
  const walk = (nodes: HtmlNode[], pre: boolean): string => {
    let out = "";
    for (const n of nodes) {
      if (n.type === "text") {
        out += pre ? n.text : n.text.replace(/[ \t\n\r\f]+/g, " ");
      } else if (n.tag === "br") {
        out += "\n";
      } else if (n.tag === "li" || n.tag === "tr") {
        out += `${walk(n.children, pre)}\n`;
      } else if (n.tag === "td" || n.tag === "th") {
        out += ` ${walk(n.children, pre)} `;
      } else if (!INLINE_TAGS.has(n.tag)) {
        out += `\n\n${walk(n.children, pre || n.tag === "pre")}\n\n`;
      } else {
        out += walk(n.children, pre);
      }
    }
    return out;
  };
  const raw = decodeXmlText(walk(tree.children, false));
  return raw
    .split("\n")
    .map((line) => line.replace(/[ \t\f\r]+/g, " ").replace(/^ | $/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

// ---------------------------------------------------------------------------
// XML bodies → HTML
// ---------------------------------------------------------------------------

/** Elements whose content must never reach a body, text included. */
// prettier-ignore
const DROPPED_ELEMENTS = new Set([
  "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
  "template", "noscript", "img", "picture", "video", "audio", "source", "track", "canvas",
  "link", "meta", "base", "form", "input", "button", "textarea", "select", "option", "head",
  "title", "caption", "map", "area", "param",
]);

const RENAMED: Record<string, string> = {
  h1: "h2",
  h5: "h4",
  h6: "h4",
  b: "strong",
  i: "em",
  strike: "s",
  del: "s",
  tt: "code",
  kbd: "code",
  samp: "code",
  var: "em",
  dl: "ul",
  dt: "li",
  dd: "li",
  tfoot: "tbody",
};

// prettier-ignore
const KEPT = new Set([
  "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "strong", "em", "u", "s", "sub",
  "sup", "a", "code", "pre", "figure", "figcaption", "hr", "table", "thead", "tbody", "tr", "th",
  "td", "q", "cite",
]);

/**
 * Per-element override for an XML body: return HTML for the element (use `render` for
 * children), or undefined to get the default XHTML-like mapping.
 */
export type XmlBodyRule = (el: XmlElement, render: (nodes: XmlNode[]) => string) => string | undefined;

function attrHtml(name: string, value: string | null): string {
  return value === null || value.trim() === "" ? "" : ` ${name}="${escapeHtml(value.trim())}"`;
}

/** Default mapping of an XML (XHTML, NITF-ish) element to allowed HTML. */
function defaultElementHtml(el: XmlElement, render: (nodes: XmlNode[]) => string): string {
  const local = el.local.toLowerCase();
  if (DROPPED_ELEMENTS.has(local)) return "";
  const tag = RENAMED[local] ?? local;
  if (!KEPT.has(tag)) return render(el.children);
  if (tag === "br" || tag === "hr") return `<${tag}>`;
  let attrs = "";
  if (tag === "a") attrs = attrHtml("href", attr(el, "href")) + attrHtml("title", attr(el, "title"));
  if (tag === "q") attrs = attrHtml("lang", attr(el, "lang"));
  if (tag === "td" || tag === "th") attrs = attrHtml("colspan", attr(el, "colspan")) + attrHtml("rowspan", attr(el, "rowspan"));
  return `<${tag}${attrs}>${render(el.children)}</${tag}>`;
}

/**
 * Serializes an XML body subtree (document order kept) to HTML and runs it through the
 * body pipeline. Text is always escaped; only allow-listed tags and attributes are
 * written, and the sanitizer runs over the result anyway.
 */
export function xmlBodyToHtml(nodes: XmlNode[], options: { rule?: XmlBodyRule; baseUrl?: string | null } = {}): string {
  const render = (list: XmlNode[]): string =>
    list
      .map((n) => {
        if (n.kind === "text") return escapeHtml(n.value);
        const custom = options.rule?.(n, render);
        return custom ?? defaultElementHtml(n, render);
      })
      .join("");
  return sanitizeBodyHtml(render(nodes), { baseUrl: options.baseUrl ?? null });
}

// ---------------------------------------------------------------------------
// JSON and the final item
// ---------------------------------------------------------------------------

/** JSON.parse that reports MALFORMED instead of throwing SyntaxError. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new WireParseError("MALFORMED", `malformed JSON: ${reason}`);
  }
}

/** JSON.parse for sniffing: never throws. */
export function tryParseJson(text: string): unknown {
  const head = text.trimStart();
  if (!head.startsWith("{") && !head.startsWith("[")) return undefined;
  try {
    return JSON.parse(head) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "uri: Required; headlines[0].value: Required" from a zod error. */
export function describeZodIssues(error: z.ZodError, limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => {
      const path = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
      return `${path || "(root)"}: ${issue.message}`;
    })
    .join("; ");
}

/**
 * Fills what every adapter fills the same way (bodyText from bodyHtml, versionCreated
 * from receivedAt when the content has no date at all) and checks the contract.
 */
export function finalizeItem(item: Omit<NormalizedItem, "bodyText"> & { bodyText?: string }, receivedAt: Date): NormalizedItem {
  const versionCreated =
    item.versionCreated ?? (item.firstCreated === null ? formatIso(receivedAt.getTime()) : item.firstCreated);
  const candidate: NormalizedItem = {
    ...item,
    versionCreated,
    bodyText: item.bodyText ?? htmlToText(item.bodyHtml),
  };
  const parsed = normalizedItemSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new WireParseError(
      "SCHEMA",
      `item ${item.guid || "(no id)"} does not fit the normalized contract: ${describeZodIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}
