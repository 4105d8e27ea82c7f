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
  sanitizeBodyHtml,
  schemeAlias,
  uniqueSubjects,
  uniqueTexts,
} from "../markup";
import { datelineFromLead } from "../dateline";
import { toIsoUtc } from "../dates";
import { attr, childElements, firstChild, parseXml, sniffXmlRoot, textContent, xmlBase, type XmlElement } from "../xml";

const RSS1_NS = "http://purl.org/rss/1.0/";
const RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";
const DC_NS = "http://purl.org/dc/elements/1.1/";

/**
 * RSS 2.0 (and 0.9x) and RSS 1.0 (RDF) feeds → one normalized item per item.
 *
 * Mapping decisions:
 * - guid: <guid> (resolved when it is a relative permalink), else the item link, else
 *   rdf:about (1.0), else a hash of title, link and date. version 1, signal "new",
 *   pubStatus "usable": feeds carry no versioning or status.
 * - Relative links (item link, hrefs in the body) are resolved against xml:base, then the
 *   item link, then the channel link.
 * - headline: title as plain text. body: content:encoded, else description (both HTML,
 *   sanitized; an <img> or enclosure is never kept or fetched).
 * - byline: dc:creator(s), else author ("email (Name)" → Name).
 * - dates: pubDate / dc:date (RFC 822 or ISO) → firstCreated and versionCreated.
 * - category with a domain → subject (scheme = the domain, IPTC URIs as their alias,
 *   code = the text); without a domain, and dc:subject → keywords.
 * - language: channel language / dc:language. credit: dc:rights, else channel copyright.
 * - dateline: only when the body opens with one ("TALLINN, Nov 25 (MWS) - …").
 */
export const rssAdapter: WireAdapter = {
  format: ["rss-2.0", "rss-1.0"],
  sniff(input: WireInput): boolean {
    const root = sniffXmlRoot(input.text);
    if (!root) return false;
    if (root.local === "rss") return true;
    return root.local === "RDF" && input.text.includes(RSS1_NS);
  },
  parse(input: WireInput): NormalizedItem[] {
    const root = parseXml(input.text);
    let channel: XmlElement | null;
    let items: XmlElement[];
    let format: "rss-2.0" | "rss-1.0";
    if (root.local === "rss") {
      format = "rss-2.0";
      channel = firstChild(root, "channel", null);
      items = channel ? childElements(channel, "item", null) : [];
    } else if (root.local === "RDF" && root.ns === RDF_NS) {
      format = "rss-1.0";
      channel = firstChild(root, "channel", RSS1_NS);
      items = childElements(root, "item", RSS1_NS);
    } else {
      throw new WireParseError("UNKNOWN_FORMAT", `not RSS: the root element is <${root.name}>`);
    }
    if (!channel) throw new WireParseError("SCHEMA", "RSS feed has no channel");
    const coreNs = channel.ns;
    const feed = readChannel(channel, coreNs);
    const out = items.flatMap((item) => {
      const parsed = readItem(item, coreNs, feed, format, input);
      return parsed ? [parsed] : [];
    });
    if (out.length === 0) throw new WireParseError("NO_CONTENT", "the RSS feed has no items with content");
    return out;
  },
};

type Channel = { base: string | null; language: string | null; credit: string | null };

function child(el: XmlElement, local: string, ns: string | null): XmlElement | null {
  return firstChild(el, local, ns);
}

function readChannel(channel: XmlElement, coreNs: string | null): Channel {
  const link = cleanText(textContent(child(channel, "link", coreNs)));
  return {
    base: httpBase(link, xmlBase(channel)),
    language: normalizeLanguage(
      firstText(textContent(child(channel, "language", coreNs)), textContent(child(channel, "language", DC_NS))),
    ),
    credit: firstText(textContent(child(channel, "rights", DC_NS)), textContent(child(channel, "copyright", coreNs))),
  };
}

/** "sport-desk@example (Luca Bernasconi)" → "Luca Bernasconi". */
function authorName(value: string): string | null {
  const m = /\(([^()]+)\)\s*$/.exec(value);
  return cleanText(m?.[1] ?? value);
}

function readItem(
  item: XmlElement,
  coreNs: string | null,
  feed: Channel,
  format: "rss-2.0" | "rss-1.0",
  input: WireInput,
): NormalizedItem | null {
  const base = xmlBase(item, feed.base);
  const rawLink = cleanText(textContent(child(item, "link", coreNs)));
  const link = rawLink ? absolutizeUrl(rawLink, base) : null;

  const guidEl = child(item, "guid", coreNs);
  const rawGuid = cleanText(textContent(guidEl));
  const permalink = guidEl !== null && attr(guidEl, "isPermaLink")?.trim().toLowerCase() !== "false";
  const guidValue = rawGuid && permalink ? absolutizeUrl(rawGuid, base) : rawGuid;

  const headline = cleanText(textContent(child(item, "title", coreNs)));
  const html =
    firstText(textContent(child(item, "encoded", CONTENT_NS))) ?? firstText(textContent(child(item, "description", coreNs)));
  const bodyHtml = html ? sanitizeBodyHtml(html, { baseUrl: httpBase(link, base) ?? base }) : "";
  if (headline === null && bodyHtml === "") return null;

  const dateText = firstText(textContent(child(item, "pubDate", coreNs)), textContent(child(item, "date", DC_NS)));
  const date = toIsoUtc(dateText);
  const guid =
    guidValue ??
    link ??
    cleanText(attr(item, "rdf:about")) ??
    `urn:sha1:${createHash("sha1")
      .update(`${headline ?? ""}\n${dateText ?? ""}\n${bodyHtml}`)
      .digest("hex")}`;

  const subjects: Subject[] = [];
  const keywords: string[] = [];
  for (const c of childElements(item, "category", coreNs)) {
    const text = cleanText(textContent(c));
    if (!text) continue;
    const domain = cleanText(attr(c, "domain"));
    if (domain) subjects.push({ scheme: schemeAlias(domain), code: text, name: null });
    else keywords.push(text);
  }
  for (const s of childElements(item, "subject", DC_NS)) keywords.push(textContent(s));

  const creators = childElements(item, "creator", DC_NS).map((c) => textContent(c));
  const author = cleanText(textContent(child(item, "author", coreNs)));
  const byline = joinNames(creators) ?? (author ? authorName(author) : null);

  return finalizeItem(
    {
      source: input.source,
      format,
      guid,
      version: 1,
      headline,
      subheadline: null,
      slugline: null,
      byline,
      dateline: datelineFromLead(htmlToText(bodyHtml), date),
      firstCreated: date,
      versionCreated: date,
      language: normalizeLanguage(firstText(textContent(child(item, "language", DC_NS)))) ?? feed.language,
      urgency: null,
      pubStatus: "usable",
      embargoUntil: null,
      signal: "new",
      subjects: uniqueSubjects(subjects),
      keywords: uniqueTexts(keywords),
      places: [],
      genre: null,
      credit: firstText(textContent(child(item, "rights", DC_NS))) ?? feed.credit,
      bodyHtml,
    },
    input.receivedAt,
  );
}
