import type { WireAdapter, WireInput } from "../adapter";
import { signalFromNote, strongerSignal } from "../signal";
import {
  WireParseError,
  type ItemClass,
  type ItemReference,
  type MediaReference,
  type NormalizedItem,
  type Subject,
} from "../normalized";
import {
  cleanText,
  collapseWhitespace,
  finalizeItem,
  firstText,
  joinNames,
  normalizeLanguage,
  plainTextToHtml,
  sanitizeBodyHtml,
  saysNotForPublication,
  splitConceptUri,
  splitQcode,
  toInt,
  uniqueSubjects,
  uniqueTexts,
  xmlBodyToHtml,
  type XmlBodyRule,
} from "../markup";
import { parseDatelineText } from "../dateline";
import { toIsoUtc } from "../dates";
import {
  attr,
  childElements,
  descendants,
  firstChild,
  firstDescendant,
  parseXml,
  sniffXmlRoot,
  textContent,
  xmlLang,
  type XmlElement,
} from "../xml";
import { nitfBodyRule } from "./nitf";

/**
 * NewsML-G2 (2.x) newsItem, or a newsMessage carrying several → one item per newsItem.
 *
 * Mapping decisions:
 * - guid / version: the newsItem attributes (version defaults to 1).
 * - pubStatus: stat:usable / stat:withheld / stat:canceled; also "withheld" when a signal
 *   says not-for-publication (e.g. sig:notForPublication) or an edNote sentence says "Not
 *   for publication" without an embargo qualifier ("… before 23:00 GMT" is an embargo,
 *   not a hold). canceled → signal "kill".
 * - signal: sig:correction › sig:update › an edNote that says so › new (a version number
 *   alone is not a signal).
 * - dates: versionCreated, firstCreated, embargoed → embargoUntil.
 * - subjects: qcode split at the colon (medtop:06000000 → scheme "medtop", code
 *   "06000000"), name from the subject's name; cpnat:person / cpnat:organisation →
 *   schemes "person" / "organisation"; cpnat:geoArea and cpnat:poi → places, as is
 *   contentMeta/located. keywords: keyword. genre: genre name.
 * - byline: `by`, else the creators' names. credit: creditline, else copyrightNotice.
 * - dateline: the printed dateline (place, agency, date with the year taken from
 *   versionCreated); place falls back to located.
 * - body: inlineXML XHTML (an h1 repeating the headline is dropped), inlineXML NITF, or
 *   inlineData (text/plain → escaped paragraphs, text/html → sanitized). remoteContent
 *   is never fetched.
 */
export const newsmlG2Adapter: WireAdapter = {
  format: "newsml-g2",
  sniff(input: WireInput): boolean {
    const root = sniffXmlRoot(input.text);
    return root !== null && ["newsItem", "packageItem", "newsMessage"].includes(root.local);
  },
  parse(input: WireInput): NormalizedItem[] {
    const root = parseXml(input.text);
    let items: XmlElement[];
    if (root.local === "newsItem" || root.local === "packageItem") items = [root];
    else if (root.local === "newsMessage") {
      items = childElements(firstChild(root, "itemSet") ?? root).filter(
        (el) => el.local === "newsItem" || el.local === "packageItem",
      );
    } else throw new WireParseError("UNKNOWN_FORMAT", `not NewsML-G2: the root element is <${root.name}>`);
    if (items.length === 0) {
      throw new WireParseError("NO_CONTENT", "the NewsML-G2 newsMessage carries no newsItem or packageItem");
    }
    // A package in a message that cannot be identified is skipped; its items still import.
    const identified =
      root.local === "newsMessage" ? items.filter((el) => el.local !== "packageItem" || cleanText(attr(el, "guid"))) : items;
    return identified.map((item) => (item.local === "packageItem" ? parsePackageItem(item, input) : parseNewsItem(item, input)));
  },
};

/** itemClass qcodes (ninat: / icls:) → our item classes; composite is a package. */
function itemClassOf(el: XmlElement | null): ItemClass | null {
  const code = conceptCode(el)?.toLowerCase();
  if (!code) return null;
  if (code === "text" || code === "picture" || code === "graphic" || code === "video" || code === "audio") return code;
  if (code === "composite" || code === "package") return "package";
  return null;
}

/** The agency's version as sent; a missing or unreadable one is 1. */
function versionOf(item: XmlElement): number {
  const v = toInt(attr(item, "version"));
  return v !== null && v >= 0 ? v : 1;
}

/** pubStatus and signal from itemMeta, the same for news and package items. */
function lifecycleOf(item: XmlElement) {
  const itemMeta = firstChild(item, "itemMeta");
  const status = conceptCode(firstChild(itemMeta, "pubStatus"))?.toLowerCase() ?? "usable";
  const signals = childElements(itemMeta ?? item, "signal").map((s) => conceptCode(s)?.toLowerCase() ?? "");
  const edNotes = childElements(itemMeta ?? item, "edNote").map((n) => textContent(n));
  const canceled = status === "canceled" || status === "cancelled";
  const withheld =
    status === "withheld" || signals.some((s) => /notforpub|not-for-pub|nfp|npa/.test(s)) || edNotes.some(saysNotForPublication);
  let signal: NormalizedItem["signal"] = "new";
  if (canceled) signal = "kill";
  else if (signals.includes("correction")) signal = "correction";
  else if (signals.includes("update")) signal = "update";
  for (const note of edNotes) signal = strongerSignal(signal, signalFromNote(note));
  const pubStatus: NormalizedItem["pubStatus"] = canceled ? "canceled" : withheld ? "withheld" : "usable";
  return { pubStatus, signal };
}

/**
 * A packageItem: its own identity and headline (contentMeta headline, else itemMeta title)
 * and the items its groups reference, in document order. No body: a package is never a
 * text item.
 */
function parsePackageItem(item: XmlElement, input: WireInput): NormalizedItem {
  const guid = cleanText(attr(item, "guid"));
  if (!guid) throw new WireParseError("SCHEMA", "NewsML-G2 packageItem has no guid attribute");
  const itemMeta = firstChild(item, "itemMeta");
  const contentMeta = firstChild(item, "contentMeta");
  const versionCreated = toIsoUtc(textContent(firstChild(itemMeta, "versionCreated")));
  const references: ItemReference[] = [];
  for (const ref of descendants(firstChild(item, "groupSet") ?? item, "itemRef")) {
    const residref = cleanText(attr(ref, "residref"));
    if (!residref) continue;
    const refVersion = toInt(attr(ref, "version"));
    references.push({
      guid: residref,
      version: refVersion !== null && refVersion >= 0 ? refVersion : null,
      itemClass: itemClassOf(firstChild(ref, "itemClass")),
      title: firstText(textContent(firstChild(ref, "title")), textContent(firstChild(ref, "headline"))),
    });
  }
  return finalizeItem(
    {
      source: input.source,
      format: "newsml-g2",
      itemClass: "package",
      guid,
      version: versionOf(item),
      headline: firstText(
        ...childElements(contentMeta ?? item, "headline").map((h) => textContent(h)),
        textContent(firstChild(itemMeta, "title")),
      ),
      subheadline: null,
      slugline: cleanText(textContent(firstChild(contentMeta, "slugline"))),
      byline: null,
      dateline: { place: null, agency: null, date: null },
      firstCreated: toIsoUtc(textContent(firstChild(itemMeta, "firstCreated"))),
      versionCreated,
      language: normalizeLanguage(attr(firstChild(contentMeta, "language"), "tag") ?? xmlLang(item)),
      urgency: toInt(textContent(firstChild(contentMeta, "urgency")).trim()),
      embargoUntil: toIsoUtc(textContent(firstChild(itemMeta, "embargoed"))),
      ...lifecycleOf(item),
      subjects: [],
      keywords: [],
      places: [],
      genre: null,
      credit: cleanText(textContent(firstChild(firstChild(item, "rightsInfo"), "copyrightNotice"))),
      bodyHtml: "",
      references,
    },
    input.receivedAt,
  );
}

/**
 * Pictures (and other media) a text item links to: remoteContent renditions with a media
 * content type, and links to picture items. Nothing is fetched.
 */
function mediaOf(item: XmlElement, contentSet: XmlElement | null): MediaReference[] {
  const media: MediaReference[] = [];
  for (const rc of contentSet ? childElements(contentSet, "remoteContent") : []) {
    const type = cleanText(attr(rc, "contenttype"));
    const cls = type?.startsWith("image/")
      ? "picture"
      : type?.startsWith("video/")
        ? "video"
        : type?.startsWith("audio/")
          ? "audio"
          : null;
    if (!cls) continue;
    media.push({
      itemClass: cls,
      role: cleanText(attr(rc, "rendition")),
      guid: cleanText(attr(rc, "residref")),
      href: cleanText(attr(rc, "href")),
      contentType: type,
      caption: null,
      credit: null,
      width: toInt(attr(rc, "width")),
      height: toInt(attr(rc, "height")),
    });
  }
  for (const link of childElements(firstChild(item, "itemMeta") ?? item, "link")) {
    const cls = itemClassOf(firstChild(link, "itemClass"));
    if (cls !== "picture" && cls !== "graphic" && cls !== "video" && cls !== "audio") continue;
    media.push({
      itemClass: cls,
      role: cleanText(attr(link, "rel")),
      guid: cleanText(attr(link, "residref")),
      href: cleanText(attr(link, "href")),
      contentType: cleanText(attr(link, "contenttype")),
      caption: cleanText(textContent(firstChild(link, "title"))),
      credit: null,
      width: null,
      height: null,
    });
  }
  return media;
}

/** The code part of a qcode or concept URI: "stat:usable" / ".../pubstatusg2/usable" → "usable". */
function conceptCode(el: XmlElement | null): string | null {
  const q = cleanText(attr(el, "qcode"));
  if (q) return splitQcode(q)?.code ?? q;
  const uri = cleanText(attr(el, "uri"));
  return uri ? (splitConceptUri(uri)?.code ?? uri) : null;
}

function nameOf(el: XmlElement): string | null {
  const names = childElements(el, "name");
  const english = names.find((n) => /^en\b/i.test(xmlLang(n) ?? ""));
  return cleanText(textContent(english ?? names[0] ?? null));
}

function parseNewsItem(item: XmlElement, input: WireInput): NormalizedItem {
  const guid = cleanText(attr(item, "guid"));
  if (!guid) throw new WireParseError("SCHEMA", "NewsML-G2 newsItem has no guid attribute");
  const version = versionOf(item);

  const itemMeta = firstChild(item, "itemMeta");
  const contentMeta = firstChild(item, "contentMeta");
  const itemClass = itemClassOf(firstChild(itemMeta, "itemClass")) ?? "text";

  const versionCreated = toIsoUtc(textContent(firstChild(itemMeta, "versionCreated")));
  const firstCreated = toIsoUtc(textContent(firstChild(itemMeta, "firstCreated")));
  const embargoUntil = toIsoUtc(textContent(firstChild(itemMeta, "embargoed")));

  const headlines = childElements(contentMeta ?? item, "headline");
  const isSub = (h: XmlElement) => /sub/i.test(attr(h, "role") ?? "");
  const headline = firstText(...headlines.filter((h) => !isSub(h)).map((h) => textContent(h)));
  const subheadline = firstText(
    ...headlines.filter(isSub).map((h) => textContent(h)),
    ...childElements(contentMeta ?? item, "subheadline").map((h) => textContent(h)),
  );

  const located = childElements(contentMeta ?? item, "located").map(nameOf);
  const printed = parseDatelineText(textContent(firstChild(contentMeta, "dateline")), versionCreated ?? firstCreated);

  const creators = childElements(contentMeta ?? item, "creator")
    .map(nameOf)
    .filter((n): n is string => n !== null);
  const byline = firstText(textContent(firstChild(contentMeta, "by"))) ?? joinNames(creators);

  const subjects: Subject[] = [];
  const places: (string | null)[] = [...located];
  for (const s of childElements(contentMeta ?? item, "subject")) {
    const type = (splitQcode(attr(s, "type") ?? "")?.code ?? attr(s, "type") ?? "").toLowerCase();
    const name = nameOf(s);
    const qcode = cleanText(attr(s, "qcode"));
    const uri = cleanText(attr(s, "uri"));
    const literal = cleanText(attr(s, "literal"));
    if (type === "geoarea" || type === "poi") {
      places.push(name ?? literal);
      continue;
    }
    const concept = (qcode ? splitQcode(qcode) : null) ?? (uri ? splitConceptUri(uri) : null);
    const code = concept?.code ?? literal ?? name;
    if (!code) continue;
    if (type === "person") subjects.push({ scheme: "person", code, name });
    else if (type === "organisation" || type === "organization") subjects.push({ scheme: "organisation", code, name });
    else subjects.push({ scheme: concept?.scheme ?? "literal", code, name });
  }

  const genreEl = firstChild(contentMeta, "genre");
  const genre = genreEl ? (nameOf(genreEl) ?? conceptCode(genreEl)) : null;

  const credit = firstText(
    textContent(firstChild(contentMeta, "creditline")),
    textContent(firstChild(firstChild(item, "rightsInfo"), "copyrightNotice")),
  );

  // An item with neither headline nor inline text is still an item (a picture, a hop history).
  const contentSet = firstChild(item, "contentSet");
  const bodyHtml = readBody(contentSet, headline);

  return finalizeItem(
    {
      source: input.source,
      format: "newsml-g2",
      guid,
      version,
      headline,
      subheadline,
      slugline: cleanText(textContent(firstChild(contentMeta, "slugline"))),
      byline,
      dateline: {
        place: printed.place ?? located.find((l) => l !== null) ?? null,
        agency: printed.agency,
        date: printed.date,
      },
      firstCreated,
      versionCreated,
      language: normalizeLanguage(attr(firstChild(contentMeta, "language"), "tag") ?? xmlLang(item)),
      urgency: toInt(textContent(firstChild(contentMeta, "urgency")).trim()),
      embargoUntil,
      ...lifecycleOf(item),
      subjects: uniqueSubjects(subjects),
      keywords: uniqueTexts(childElements(contentMeta ?? item, "keyword").map((k) => textContent(k))),
      places: uniqueTexts(places),
      genre,
      credit,
      bodyHtml,
      itemClass,
      media: itemClass === "text" ? mediaOf(item, contentSet) : [],
    },
    input.receivedAt,
  );
}

function readBody(contentSet: XmlElement | null, headline: string | null): string {
  if (!contentSet) return "";
  const inlineXml = childElements(contentSet, "inlineXML");
  const xhtml =
    inlineXml.find((x) => /xhtml|html/i.test(attr(x, "contenttype") ?? "")) ??
    inlineXml.find((x) => firstDescendant(x, "html") !== null);
  if (xhtml) {
    const body = firstDescendant(xhtml, "body") ?? firstDescendant(xhtml, "html") ?? xhtml;
    const rule: XmlBodyRule = (el) => {
      if (el.local === "h1" && headline !== null && sameText(textContent(el), headline)) return "";
      return undefined;
    };
    return xmlBodyToHtml(body.children, { rule });
  }
  const nitf = inlineXml.find((x) => firstDescendant(x, "nitf") !== null || /nitf/i.test(attr(x, "contenttype") ?? ""));
  if (nitf) {
    const contents = firstDescendant(nitf, "body.content");
    return contents ? xmlBodyToHtml(contents.children, { rule: nitfBodyRule }) : "";
  }
  for (const data of childElements(contentSet, "inlineData")) {
    const type = (attr(data, "contenttype") ?? "text/plain").toLowerCase();
    if (/base64/i.test(attr(data, "encoding") ?? "")) continue;
    const text = textContent(data);
    if (type.includes("html")) return sanitizeBodyHtml(text);
    if (type.startsWith("text/")) return plainTextToHtml(text);
  }
  return "";
}

function sameText(a: string, b: string): boolean {
  return collapseWhitespace(a).toLowerCase() === collapseWhitespace(b).toLowerCase();
}
