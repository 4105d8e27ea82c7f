import { createHash } from "node:crypto";
import type { WireAdapter, WireInput } from "../adapter";
import { WireParseError, type NormalizedItem, type Subject } from "../normalized";
import {
  absolutizeUrl,
  cleanText,
  finalizeItem,
  firstText,
  htmlToText,
  httpBase,
  joinNames,
  normalizeLanguage,
  plainTextToHtml,
  sanitizeBodyHtml,
  schemeAlias,
  uniqueSubjects,
  uniqueTexts,
  xmlBodyToHtml,
} from "../markup";
import { datelineFromLead } from "../dateline";
import { isLater, toIsoUtc } from "../dates";
import { attr, childElements, firstChild, parseXml, sniffXmlRoot, textContent, xmlBase, xmlLang, type XmlElement } from "../xml";

export const ATOM_NS = "http://www.w3.org/2005/Atom";
const XHTML_NS = "http://www.w3.org/1999/xhtml";

/**
 * Atom 1.0 feeds (and single-entry documents) → one normalized item per entry.
 *
 * Mapping decisions:
 * - guid: atom:id, else the alternate link, else a hash of title and dates. version 1,
 *   pubStatus "usable": Atom has no versioning or status.
 * - published → firstCreated, updated → versionCreated (published when updated is absent).
 * - signal: "correction" when the title or summary announces one (CORRECTED-…,
 *   "Corrects …"); otherwise "update" when updated is later than published; else "new".
 * - Text constructs: type="text" as is, type="html" decoded to text (markup stripped,
 *   never interpreted), type="xhtml" as its text.
 * - body: content type="html" (sanitized), "xhtml" (the div's children), "text" or
 *   text/* (escaped paragraphs); out-of-line content (src) or no content → summary.
 * - byline: the entry's authors, else the entry source's, else the feed's (inherited).
 * - category with a scheme → subject (scheme, term, label); without → keyword.
 * - Relative links resolve against xml:base (entry over feed), then the feed's own link.
 * - language: xml:lang in scope. credit: rights (entry, else feed).
 * - dateline: only when the body opens with one ("TALLINN, Nov 25 (MWS) - …").
 */
export const atomAdapter: WireAdapter = {
  format: "atom-1.0",
  sniff(input: WireInput): boolean {
    const root = sniffXmlRoot(input.text);
    return root !== null && (root.local === "feed" || root.local === "entry") && root.ns === ATOM_NS;
  },
  parse(input: WireInput): NormalizedItem[] {
    const root = parseXml(input.text);
    if (root.ns !== ATOM_NS || (root.local !== "feed" && root.local !== "entry")) {
      throw new WireParseError("UNKNOWN_FORMAT", `not Atom: the root element is <${root.name}>`);
    }
    const feed = root.local === "feed" ? root : null;
    const entries = feed ? childElements(feed, "entry", ATOM_NS) : [root];
    const feedBase = feed ? (linkHref(feed, "alternate", null) ?? linkHref(feed, "self", null)) : null;
    const out = entries.flatMap((entry) => {
      const item = readEntry(entry, feed, feedBase, input);
      return item ? [item] : [];
    });
    if (out.length === 0) throw new WireParseError("NO_CONTENT", "the Atom feed has no entries with content");
    return out;
  },
};

function atom(el: XmlElement | null, local: string): XmlElement | null {
  return el ? firstChild(el, local, ATOM_NS) : null;
}

/** href of the first link with this rel (alternate when rel is absent), resolved. */
function linkHref(el: XmlElement, rel: string, documentBase: string | null): string | null {
  for (const link of childElements(el, "link", ATOM_NS)) {
    const r = cleanText(attr(link, "rel")) ?? "alternate";
    const href = cleanText(attr(link, "href"));
    if (r !== rel || !href) continue;
    const base = xmlBase(link, documentBase);
    return httpBase(href, base) ?? absolutizeUrl(href, base);
  }
  return null;
}

/** An Atom text construct as plain text. */
function textConstruct(el: XmlElement | null): string | null {
  if (!el) return null;
  const type = (attr(el, "type") ?? "text").toLowerCase();
  if (type === "html") return cleanText(htmlToText(textContent(el)));
  return cleanText(textContent(el));
}

/** An Atom content or summary element as sanitized HTML ("" when unusable). */
function constructHtml(el: XmlElement | null, baseUrl: string | null): string {
  if (!el || attr(el, "src") !== null) return "";
  const type = (attr(el, "type") ?? "text").toLowerCase();
  const base = xmlBase(el, baseUrl) ?? baseUrl;
  if (type === "html" || type.endsWith("/html")) return sanitizeBodyHtml(textContent(el), { baseUrl: base });
  if (type === "xhtml" || type.endsWith("xhtml+xml")) {
    const div = firstChild(el, "div", XHTML_NS) ?? firstChild(el, "div");
    return xmlBodyToHtml((div ?? el).children, { baseUrl: xmlBase(div ?? el, baseUrl) ?? base });
  }
  if (type === "text" || type.startsWith("text/")) return plainTextToHtml(textContent(el));
  return "";
}

function authorNames(el: XmlElement | null): string[] {
  if (!el) return [];
  return childElements(el, "author", ATOM_NS)
    .map((a) => cleanText(textContent(atom(a, "name"))))
    .filter((n): n is string => n !== null);
}

const CORRECTION = /^\s*(CORRECTED|CORRECTION|CORRECTS?|CORRECTING)\b/i;

function readEntry(entry: XmlElement, feed: XmlElement | null, feedBase: string | null, input: WireInput): NormalizedItem | null {
  const base = xmlBase(entry, feedBase) ?? feedBase;
  const link = linkHref(entry, "alternate", feedBase);
  const headline = textConstruct(atom(entry, "title"));
  const summary = atom(entry, "summary");
  const summaryText = textConstruct(summary);

  const bodyBase = httpBase(link, base) ?? base;
  const bodyHtml = constructHtml(atom(entry, "content"), bodyBase) || constructHtml(summary, bodyBase);
  if (headline === null && bodyHtml === "") return null;

  const published = toIsoUtc(textContent(atom(entry, "published")));
  const updated = toIsoUtc(textContent(atom(entry, "updated")));
  let signal: NormalizedItem["signal"] = "new";
  if (CORRECTION.test(headline ?? "") || CORRECTION.test(summaryText ?? "")) signal = "correction";
  else if (isLater(updated, published)) signal = "update";

  const id = cleanText(textContent(atom(entry, "id")));
  const guid =
    id ??
    link ??
    `urn:sha1:${createHash("sha1")
      .update(`${headline ?? ""}\n${published ?? ""}\n${updated ?? ""}`)
      .digest("hex")}`;

  const byline = joinNames(authorNames(entry)) ?? joinNames(authorNames(atom(entry, "source"))) ?? joinNames(authorNames(feed));

  const subjects: Subject[] = [];
  const keywords: string[] = [];
  for (const c of childElements(entry, "category", ATOM_NS)) {
    const term = cleanText(attr(c, "term"));
    const label = cleanText(attr(c, "label"));
    const scheme = cleanText(attr(c, "scheme"));
    if (scheme && term) subjects.push({ scheme: schemeAlias(scheme), code: term, name: label });
    else if (label ?? term) keywords.push(label ?? term ?? "");
  }

  const versionCreated = updated ?? published;
  return finalizeItem(
    {
      source: input.source,
      format: "atom-1.0",
      guid,
      version: 1,
      headline,
      subheadline: null,
      slugline: null,
      byline,
      dateline: datelineFromLead(htmlToText(bodyHtml), published ?? updated),
      firstCreated: published,
      versionCreated,
      language: normalizeLanguage(xmlLang(entry)),
      urgency: null,
      pubStatus: "usable",
      embargoUntil: null,
      signal,
      subjects: uniqueSubjects(subjects),
      keywords: uniqueTexts(keywords),
      places: [],
      genre: null,
      credit: firstText(textConstruct(atom(entry, "rights")), textConstruct(atom(feed, "rights"))),
      bodyHtml,
    },
    input.receivedAt,
  );
}
