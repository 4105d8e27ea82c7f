import { z } from "zod";
import { escapeHtml, sanitizeHtmlFragment } from "@/lib/html/sanitize";
import { plausiblePlace, printedDate } from "./dateline";
import { formatIso } from "./dates";
import { readLead } from "./lead";
import { normalizedItemSchema, WireParseError, type NormalizedItem, type Subject } from "./normalized";
import { signalFromHeadline, strongerSignal } from "./signal";
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
 * HTML that arrived escaped inside a text body ("&lt;p&gt;…" decoded once is "<p>…"): whole
 * paragraph or section elements, open and closed. A stray "<i>" in copy is text, not markup.
 */
const ESCAPED_MARKUP = /<(p|div|section)\b[^<>]*>[\s\S]*?<\/\1\s*>/i;

export type ItemDraft = Omit<NormalizedItem, "bodyText" | "itemClass" | "references" | "media"> &
  Partial<Pick<NormalizedItem, "bodyText" | "itemClass" | "references" | "media">>;

/**
 * Fills what every adapter fills the same way and checks the contract:
 * - HTML that arrived escaped inside the text is read as HTML (it never reaches bodyText);
 * - the top of the body goes through the one dateline-and-byline reader (lib/wire/lead.ts):
 *   a printed dateline wins over dateline metadata, a byline paragraph becomes the byline,
 *   both leave the body; an agency header block before the dateline is dropped;
 * - a dateline field that is a timestamp or a country code is no place;
 * - the signal is the strongest of the adapter's, a headline marker and a version note;
 * - bodyText from bodyHtml; versionCreated from receivedAt when the content has no date at all.
 * An adapter that has read the lead itself (plain text, where the dateline anchors the whole
 * layout) says so with `leadAlreadyRead`.
 */
export function finalizeItem(item: ItemDraft, receivedAt: Date, options: { leadAlreadyRead?: boolean } = {}): NormalizedItem {
  const versionCreated =
    item.versionCreated ?? (item.firstCreated === null ? formatIso(receivedAt.getTime()) : item.firstCreated);
  let bodyHtml = item.bodyHtml;
  let bodyText = item.bodyText;
  const text = bodyText ?? htmlToText(bodyHtml);
  if (ESCAPED_MARKUP.test(text)) {
    bodyHtml = sanitizeBodyHtml(text);
    bodyText = undefined;
  }
  const lead = options.leadAlreadyRead
    ? { bodyHtml, byline: null, dateline: null, signal: null, changed: false }
    : readLead(bodyHtml);
  if (lead.changed) {
    bodyHtml = lead.bodyHtml;
    bodyText = undefined;
  }
  const printed = lead.dateline;
  const dateline = {
    place: printed?.place ?? plausiblePlace(item.dateline.place),
    agency: printed?.agency ?? item.dateline.agency,
    date: printedDate(printed?.dateText ?? null, versionCreated) ?? item.dateline.date,
  };
  let signal = strongerSignal(item.signal, lead.signal);
  signal = strongerSignal(signal, signalFromHeadline(item.headline));
  const candidate: NormalizedItem = {
    itemClass: "text",
    references: [],
    media: [],
    ...item,
    byline: item.byline ?? lead.byline,
    dateline,
    signal,
    versionCreated,
    bodyHtml,
    bodyText: bodyText ?? htmlToText(bodyHtml),
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
