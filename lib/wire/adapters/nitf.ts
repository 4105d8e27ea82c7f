import { createHash } from "node:crypto";
import { escapeHtml } from "@/lib/html/sanitize";
import type { WireAdapter, WireInput } from "../adapter";
import { WireParseError, type MediaReference, type NormalizedItem, type Subject } from "../normalized";
import {
  cleanText,
  collapseWhitespace,
  finalizeItem,
  firstText,
  normalizeLanguage,
  toInt,
  uniqueSubjects,
  uniqueTexts,
  xmlBodyToHtml,
  type XmlBodyRule,
} from "../markup";
import { parseDatelineText, type Dateline } from "../dateline";
import { earliest, isLater, toIsoDate, toIsoUtc } from "../dates";
import {
  attr,
  childElements,
  childPath,
  descendants,
  firstChild,
  firstDescendant,
  parseXml,
  sniffXmlRoot,
  textContent,
  xmlLang,
  type XmlElement,
} from "../xml";

/**
 * NITF 3.x (namespaced or not) → one normalized item.
 *
 * Mapping decisions:
 * - guid: docdata/doc-id@id-string; a kill (management-status="canceled" or
 *   ed-msg msg-type="kill") takes management-doc-idref instead, so it targets the story
 *   it kills. Fallback: du-key@key.
 * - version: du-key@version (default 1). slugline: du-key@key, else a meta named *slug*.
 * - signal: kill › ed-msg correction › ed-msg update › new (a version number alone is not a signal).
 *   pubStatus: kill → canceled, management-status withheld → withheld, else usable.
 * - versionCreated: date.issue; firstCreated: earliest revision-history@norm, else
 *   date.issue; embargoUntil: date.release when later than date.issue (or when
 *   management-status is "embargoed").
 * - subjects: tobject.subject (scheme "subj", IPTC subject codes), identified-content
 *   person (scheme "person") and org (scheme "organisation"), code = @value or the name.
 *   places: identified-content location → city and country (or its text).
 *   keywords: key-list. genre: tobject.property type.
 * - credit: tagline, else "Copyright <year> <holder>" from doc.copyright.
 * - body: body.content in document order; hl1/hl2 → h2/h3, block unwrapped, bq →
 *   blockquote with its credit as <cite>, media → figure with caption text only (no
 *   src is ever written or fetched), note → dropped (editorial, not publishable).
 */
export const nitfAdapter: WireAdapter = {
  format: "nitf",
  sniff(input: WireInput): boolean {
    return sniffXmlRoot(input.text)?.local === "nitf";
  },
  parse(input: WireInput): NormalizedItem[] {
    const root = parseXml(input.text);
    if (root.local !== "nitf") {
      throw new WireParseError("UNKNOWN_FORMAT", `not NITF: the root element is <${root.name}>`);
    }
    return [parseNitf(root, input)];
  },
};

/**
 * AP's NITF renditions carry `<doc-id regsrc="AP"/>` without an id-string: the id is then the
 * source plus a hash of the issue date, headline and text, so a resend of the same copy is the
 * same item. Null when there is no text to hash.
 */
function contentGuid(root: XmlElement, docdata: XmlElement | null): string | null {
  const text = collapseWhitespace(textContent(firstDescendant(root, "body")));
  if (!text) return null;
  const source = cleanText(attr(firstChild(docdata, "doc-id"), "regsrc")) ?? "nitf";
  const issued = attr(firstChild(docdata, "date.issue"), "norm") ?? "";
  const hash = createHash("sha256").update(`${issued}\n${text}`).digest("hex").slice(0, 16);
  return `${source.toLowerCase()}:${hash}`;
}

/**
 * A byline's text with its parts kept apart: "By <person>…</person><byttl>AP Business
 * Writer</byttl>" must not run the name into the title.
 */
function bylineText(byline: XmlElement): string {
  return byline.children
    .map((c) => (c.kind === "text" ? c.value : ` ${textContent(c)} `))
    .join("")
    .replace(/\s+([,;])/g, "$1");
}

const MEDIA_CLASSES: Record<string, MediaReference["itemClass"]> = {
  image: "picture",
  photo: "picture",
  graphic: "graphic",
  video: "video",
  audio: "audio",
};

/**
 * NITF <media> elements as references (the body keeps only their captions): the largest
 * media-reference's source, type and size, the caption and the producer. Nothing is fetched.
 */
function mediaOf(body: XmlElement): MediaReference[] {
  return descendants(body, "media").flatMap((m): MediaReference[] => {
    const itemClass = MEDIA_CLASSES[(attr(m, "media-type") ?? "image").toLowerCase()];
    if (!itemClass) return [];
    const refs = childElements(m, "media-reference");
    const best = [...refs].sort((a, b) => (toInt(attr(b, "width")) ?? 0) - (toInt(attr(a, "width")) ?? 0))[0] ?? null;
    return [
      {
        itemClass,
        role: cleanText(attr(m, "id")),
        guid: null,
        href: cleanText(attr(best, "source") ?? attr(best, "data-location")),
        contentType: cleanText(attr(best, "mime-type")),
        caption: cleanText(
          childElements(m, "media-caption")
            .map((c) => textContent(c))
            .join(" "),
        ),
        credit: cleanText(
          childElements(m, "media-producer")
            .map((c) => textContent(c))
            .join(" "),
        ),
        width: toInt(attr(best, "width")),
        height: toInt(attr(best, "height")),
      },
    ];
  });
}

const KILL_TYPES = /^(kill|cancel(l?ed)?|withdraw(n|al)?|delete|elimination)$/i;

function parseNitf(root: XmlElement, input: WireInput): NormalizedItem {
  const head = firstChild(root, "head");
  const docdata = firstChild(head, "docdata");
  const body = firstChild(root, "body");
  const bodyHead = firstChild(body, "body.head");

  const managementStatus = cleanText(attr(docdata, "management-status"))?.toLowerCase() ?? null;
  const edMsgType = cleanText(attr(firstChild(docdata, "ed-msg"), "msg-type"))?.toLowerCase() ?? null;
  const isKill =
    managementStatus === "canceled" || managementStatus === "cancelled" || (edMsgType !== null && KILL_TYPES.test(edMsgType));

  const duKey = firstChild(docdata, "du-key");
  const docId = cleanText(attr(firstChild(docdata, "doc-id"), "id-string"));
  const killTarget = isKill ? cleanText(attr(docdata, "management-doc-idref")) : null;
  const documentId = killTarget ?? docId ?? cleanText(attr(duKey, "key"));
  const guid = documentId ?? contentGuid(root, docdata);
  if (!guid) throw new WireParseError("SCHEMA", "NITF document has no doc-id (docdata/doc-id@id-string)");

  const versionAttr = toInt(attr(duKey, "version"));
  const version = versionAttr !== null && versionAttr > 0 ? versionAttr : 1;

  let signal: NormalizedItem["signal"] = "new";
  if (isKill) signal = "kill";
  else if (edMsgType !== null && /correct/.test(edMsgType)) signal = "correction";
  else if (edMsgType !== null && /update|replace|refile/.test(edMsgType)) signal = "update";

  let pubStatus: NormalizedItem["pubStatus"] = "usable";
  if (isKill) pubStatus = "canceled";
  else if (managementStatus === "withheld") pubStatus = "withheld";

  const issued = toIsoUtc(attr(firstChild(docdata, "date.issue"), "norm"));
  const released = toIsoUtc(attr(firstChild(docdata, "date.release"), "norm"));
  const revisions = childElements(head ?? root, "revision-history").map((r) => toIsoUtc(attr(r, "norm")));
  const published = toIsoUtc(attr(firstChild(head, "pubdata"), "date.publication"));
  const versionCreated = issued ?? published ?? latestOf(revisions);
  const firstCreated = earliest(revisions) ?? issued;
  const embargoUntil = released && (isLater(released, issued) || managementStatus === "embargoed") ? released : null;

  const hedline = firstChild(bodyHead, "hedline");
  const headline = firstText(textContent(firstChild(hedline, "hl1")), textContent(firstChild(head, "title")));
  const subheadline = cleanText(textContent(firstChild(hedline, "hl2")));

  const slugMeta = childElements(head ?? root, "meta").find((m) => /slug/i.test(attr(m, "name") ?? ""));
  const slugline = firstText(attr(duKey, "key"), attr(slugMeta, "content"));

  const byline = firstText(...childElements(bodyHead ?? root, "byline").map(bylineText));
  const dateline = readDateline(firstChild(bodyHead, "dateline"), versionCreated);

  const identified = firstChild(docdata, "identified-content");
  const subjects = uniqueSubjects([...topicSubjects(head), ...entitySubjects(identified)]);
  const places = identified ? uniqueTexts(descendants(identified, "location").flatMap(locationNames)) : [];
  const keyList = firstChild(docdata, "key-list");
  const keywords = keyList ? uniqueTexts(childElements(keyList, "keyword").map((k) => attr(k, "key") ?? textContent(k))) : [];
  const genre = cleanText(attr(childPath(head, "tobject", "tobject.property"), "tobject.property.type"));

  const copyright = firstChild(docdata, "doc.copyright");
  const holder = cleanText(attr(copyright, "holder"));
  const year = cleanText(attr(copyright, "year"));
  const tagline = cleanText(textContent(childPath(body, "body.end", "tagline")));
  const credit = tagline ?? (holder ? `Copyright ${year ? `${year} ` : ""}${holder}` : null);

  const contentNodes = childElements(body ?? root, "body.content").flatMap((c) => c.children);
  const bodyHtml = xmlBodyToHtml(contentNodes, { rule: nitfBodyRule });
  // An identified document with neither headline nor text is still an item (the agency sent it).
  if (bodyHtml === "" && headline === null && !documentId) {
    throw new WireParseError("NO_CONTENT", "NITF document has neither a headline nor body text");
  }

  return finalizeItem(
    {
      source: input.source,
      format: "nitf",
      guid,
      version,
      headline,
      subheadline,
      slugline,
      byline,
      dateline,
      firstCreated,
      versionCreated,
      language: normalizeLanguage(attr(root, "baselang") ?? xmlLang(root)),
      urgency: toInt(attr(firstChild(docdata, "urgency"), "ed-urg")),
      pubStatus,
      embargoUntil,
      signal,
      subjects,
      keywords,
      places,
      genre,
      credit,
      bodyHtml,
      media: mediaOf(body ?? root),
    },
    input.receivedAt,
  );
}

function latestOf(values: (string | null)[]): string | null {
  let best: string | null = null;
  for (const v of values) if (v && (best === null || isLater(v, best))) best = v;
  return best;
}

function readDateline(el: XmlElement | null, reference: string | null): Dateline {
  if (!el) return { place: null, agency: null, date: null };
  const printed = parseDatelineText(textContent(el), reference);
  const location = firstChild(el, "location");
  const storyDate = firstChild(el, "story.date");
  return {
    place: location ? cleanText(textContent(location)) : printed.place,
    agency: printed.agency,
    date: toIsoDate(attr(storyDate, "norm")) ?? printed.date,
  };
}

function topicSubjects(head: XmlElement | null): Subject[] {
  if (!head) return [];
  return descendants(head, "tobject.subject").flatMap((s): Subject[] => {
    const code = cleanText(attr(s, "tobject.subject.refnum"));
    if (!code) return [];
    const name = firstText(attr(s, "tobject.subject.detail"), attr(s, "tobject.subject.matter"), attr(s, "tobject.subject.type"));
    return [{ scheme: "subj", code, name }];
  });
}

function personName(person: XmlElement): string | null {
  const given = cleanText(textContent(firstChild(person, "name.given")));
  const family = cleanText(textContent(firstChild(person, "name.family")));
  if (given || family) return [given, family].filter(Boolean).join(" ");
  const withoutFunction = person.children
    .filter((c) => !(c.kind === "element" && c.local === "function"))
    .map((c) => textContent(c))
    .join("");
  return cleanText(withoutFunction);
}

function entitySubjects(identified: XmlElement | null): Subject[] {
  if (!identified) return [];
  const out: Subject[] = [];
  for (const p of childElements(identified, "person")) {
    const name = personName(p);
    const code = cleanText(attr(p, "value")) ?? name;
    if (code) out.push({ scheme: "person", code, name });
  }
  for (const o of childElements(identified, "org")) {
    const name = cleanText(textContent(o));
    const code = cleanText(attr(o, "value")) ?? name;
    if (code) out.push({ scheme: "organisation", code, name });
  }
  return out;
}

function locationNames(location: XmlElement): string[] {
  const city = cleanText(textContent(firstChild(location, "city")));
  const country = cleanText(textContent(firstChild(location, "country")));
  if (city || country) return [city, country].filter((v): v is string => v !== null);
  const text = cleanText(textContent(location)) ?? cleanText(attr(location, "location-code"));
  return text ? [text] : [];
}

/** NITF body elements that are not plain XHTML look-alikes. */
export const nitfBodyRule: XmlBodyRule = (el, render) => {
  switch (el.local) {
    case "hl1":
      return `<h2>${render(el.children)}</h2>`;
    case "hl2":
      return `<h3>${render(el.children)}</h3>`;
    case "block":
      return render(el.children);
    case "bq": {
      const quote = el.children.filter((c) => !(c.kind === "element" && c.local === "credit"));
      const credits = childElements(el, "credit").map((c) => `<p><cite>${render(c.children)}</cite></p>`);
      return `<blockquote>${render(quote)}${credits.join("")}</blockquote>`;
    }
    case "credit":
      return `<p><cite>${render(el.children)}</cite></p>`;
    case "media": {
      // Caption text only: media-reference (src, alt text) is never carried over.
      const caption = cleanText(
        childElements(el, "media-caption")
          .map((c) => textContent(c))
          .join(" "),
      );
      const producer = cleanText(
        childElements(el, "media-producer")
          .map((c) => textContent(c))
          .join(" "),
      );
      const text = [caption, producer ? `(${producer})` : null].filter(Boolean).join(" ");
      return text ? `<figure><figcaption>${escapeHtml(collapseWhitespace(text))}</figcaption></figure>` : "";
    }
    case "note":
    case "nitf-table-metadata":
    case "media-reference":
    case "media-object":
    case "media-metadata":
      return "";
    case "nitf-table":
      return render(el.children.filter((c) => !(c.kind === "element" && c.local === "nitf-table-metadata")));
    case "tagline":
      return `<p>${render(el.children)}</p>`;
    default:
      return undefined;
  }
};
