import { createHash } from "node:crypto";
import type { WireAdapter, WireInput } from "../adapter";
import { WireParseError, type NormalizedItem, type Subject } from "../normalized";
import {
  cleanText,
  collapseWhitespace,
  finalizeItem,
  firstText,
  normalizeLanguage,
  plainTextToHtml,
  sanitizeBodyHtml,
  toInt,
  uniqueSubjects,
  uniqueTexts,
  xmlBodyToHtml,
} from "../markup";
import { parseDatelineText } from "../dateline";
import { toIsoUtc } from "../dates";
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
import { nitfBodyRule } from "./nitf";

/**
 * NewsML 1.2 (as AFP sends it) → one normalized item per NewsItem.
 *
 * Mapping decisions:
 * - guid: PublicIdentifier without its trailing revision (":1", ":2U"), else
 *   urn:newsml:ProviderId:DateId:NewsItemId, so every revision shares one guid.
 *   version: RevisionId.
 * - Status: Usable → usable; Embargoed → usable with embargoUntil from StatusWillChange
 *   (withheld when no date is given); Withheld → withheld; Canceled → canceled + signal
 *   "kill". Instruction: Correction/Rectification → "correction", Kill/Delete → "kill";
 *   RevisionId Update="U"/"A" → "update" (a revision number alone is not a signal).
 * - Dates: ThisRevisionCreated → versionCreated, FirstCreated → firstCreated.
 * - NewsLines: HeadLine, SubHeadLine, ByLine, DateLine (place, agency and date, the year
 *   from ThisRevisionCreated when missing), SlugLine (else NameLabel), CreditLine (else
 *   CopyrightLine) → credit, KeywordLine → keywords.
 * - DescriptiveMetadata: Language; Genre; SubjectCode Subject/SubjectMatter/SubjectDetail
 *   → subjects with scheme "subj" (IPTC subject codes); Location City/Country → places;
 *   Property Keyword → keywords. Urgency falls back to the envelope Priority.
 * - Body: the first text ContentItem. DataContent holding a <nitf> uses its body.content;
 *   NITF-like markup directly in DataContent (AFP's <p>s) is rendered the same way; plain
 *   text becomes escaped paragraphs. ContentItems with an Href (photos) are never fetched.
 */
export const newsml12Adapter: WireAdapter = {
  format: "newsml-1.2",
  sniff(input: WireInput): boolean {
    return sniffXmlRoot(input.text)?.local === "NewsML";
  },
  parse(input: WireInput): NormalizedItem[] {
    const root = parseXml(input.text);
    if (root.local !== "NewsML") {
      throw new WireParseError("UNKNOWN_FORMAT", `not NewsML 1.2: the root element is <${root.name}>`);
    }
    const envelopePriority = toInt(attr(childPath(root, "NewsEnvelope", "Priority"), "FormalName"));
    const newsItems = childElements(root, "NewsItem");
    if (newsItems.length === 0) throw new WireParseError("NO_CONTENT", "the NewsML document carries no NewsItem");
    return newsItems.map((item) => parseNewsItem(item, envelopePriority, input));
  },
};

function formal(el: XmlElement | null): string | null {
  return cleanText(attr(el, "FormalName"));
}

/**
 * The NewsItem's identity: PublicIdentifier without its revision, else the URN built from
 * NewsIdentifier. Some feeds (TASS via feedpartner) send only a ProviderId: the id is then
 * the provider plus a hash of the item's date, headline and text, so a resend is the same item.
 */
function parseGuid(identifier: XmlElement | null, revision: string | null, item: XmlElement): string {
  const publicId = cleanText(textContent(firstChild(identifier, "PublicIdentifier")));
  if (publicId) {
    const m = /^(.*):(\d+)([A-Z]?)$/.exec(publicId);
    if (m?.[1] && (revision === null || m[2] === revision)) return m[1];
    return publicId;
  }
  const provider = cleanText(textContent(firstChild(identifier, "ProviderId")));
  const dateId = cleanText(textContent(firstChild(identifier, "DateId")));
  const itemId = cleanText(textContent(firstChild(identifier, "NewsItemId")));
  if (provider && dateId && itemId) return `urn:newsml:${provider}:${dateId}:${itemId}`;
  const text = collapseWhitespace(textContent(item));
  if (provider && text) {
    const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
    return `urn:newsml:${provider}:${hash}`;
  }
  throw new WireParseError("SCHEMA", "NewsML 1.2 NewsItem has no PublicIdentifier or NewsItemId");
}

function parseNewsItem(item: XmlElement, envelopePriority: number | null, input: WireInput): NormalizedItem {
  const identifier = childPath(item, "Identification", "NewsIdentifier");
  const revisionEl = firstChild(identifier, "RevisionId");
  const revisionText = cleanText(textContent(revisionEl));
  const revision = toInt(revisionText);
  const version = revision !== null && revision > 0 ? revision : 1;
  const guid = parseGuid(identifier, revisionText, item);

  const management = firstChild(item, "NewsManagement");
  const status = formal(firstChild(management, "Status"))?.toLowerCase() ?? "usable";
  const instruction = formal(firstChild(management, "Instruction"))?.toLowerCase() ?? "";
  const willChange = firstChild(management, "StatusWillChange");
  const statusChangeAt = toIsoUtc(textContent(firstChild(willChange, "DateAndTime")));

  const killed = status === "canceled" || status === "cancelled" || /kill|delete|cancel|withdraw/.test(instruction);
  let pubStatus: NormalizedItem["pubStatus"] = "usable";
  let embargoUntil: string | null = null;
  if (killed) pubStatus = "canceled";
  else if (status === "withheld") pubStatus = "withheld";
  else if (status === "embargoed") {
    embargoUntil = statusChangeAt;
    if (embargoUntil === null) pubStatus = "withheld";
  }
  const updateFlag = (attr(revisionEl, "Update") ?? "N").trim().toUpperCase();
  let signal: NormalizedItem["signal"] = "new";
  if (killed) signal = "kill";
  else if (/correct|rectif/.test(instruction)) signal = "correction";
  else if (/update|replace/.test(instruction) || updateFlag === "U" || updateFlag === "A") signal = "update";

  const versionCreated = toIsoUtc(textContent(firstChild(management, "ThisRevisionCreated")));
  const firstCreated = toIsoUtc(textContent(firstChild(management, "FirstCreated")));

  const component = firstChild(item, "NewsComponent");
  // NewsLines can be split over nested components (TASS: CopyrightLine outside, HeadLine
  // inside); each line is read from the first NewsLines that has it.
  const allLines = [firstChild(component, "NewsLines"), ...descendants(item, "NewsLines")].filter(
    (l): l is XmlElement => l !== null,
  );
  const line = (name: string) => cleanText(textContent(allLines.map((l) => firstChild(l, name)).find((l) => l !== null) ?? null));
  const meta = firstChild(component, "DescriptiveMetadata") ?? firstDescendant(item, "DescriptiveMetadata");

  const subjects: Subject[] = [];
  for (const code of childElements(meta ?? item, "SubjectCode")) {
    for (const s of code.children) {
      if (s.kind !== "element" || !/^Subject(Matter|Detail)?$/.test(s.local)) continue;
      const value = formal(s);
      if (value) subjects.push({ scheme: "subj", code: value, name: null });
    }
  }
  const places: (string | null)[] = [];
  for (const location of childElements(meta ?? item, "Location")) {
    for (const p of childElements(location, "Property")) {
      if (/^(City|Country|CountryName)$/i.test(attr(p, "FormalName") ?? "")) places.push(attr(p, "Value"));
    }
  }
  const keywords = [
    ...allLines.flatMap((l) => childElements(l, "KeywordLine")).map((k) => textContent(k)),
    ...childElements(meta ?? item, "Property")
      .filter((p) => /^keyword$/i.test(attr(p, "FormalName") ?? ""))
      .map((p) => attr(p, "Value")),
  ];

  const printed = parseDatelineText(line("DateLine"), versionCreated ?? firstCreated);
  const headline = line("HeadLine");
  const bodyHtml = readBody(item);
  // A NewsItem without text (a picture, audio or video item) is still an item.

  return finalizeItem(
    {
      source: input.source,
      format: "newsml-1.2",
      guid,
      version,
      headline,
      subheadline: line("SubHeadLine"),
      slugline: line("SlugLine") ?? cleanText(textContent(childPath(item, "Identification", "NameLabel"))),
      byline: line("ByLine"),
      dateline: { place: printed.place ?? cleanText(places[0]), agency: printed.agency, date: printed.date },
      firstCreated,
      versionCreated,
      language: normalizeLanguage(formal(firstChild(meta, "Language")) ?? xmlLang(item)),
      urgency: toInt(formal(firstChild(management, "Urgency"))) ?? envelopePriority,
      pubStatus,
      embargoUntil,
      signal,
      subjects: uniqueSubjects(subjects),
      keywords: uniqueTexts(keywords),
      places: uniqueTexts(places),
      genre: formal(firstChild(meta, "Genre")),
      credit: firstText(line("CreditLine"), line("CopyrightLine")),
      bodyHtml,
    },
    input.receivedAt,
  );
}

function readBody(item: XmlElement): string {
  const contentItems = descendants(item, "ContentItem").filter((c) => {
    const media = formal(firstChild(c, "MediaType"))?.toLowerCase() ?? "text";
    const data = firstChild(c, "DataContent");
    // NITF is text whatever the MediaType says (TASS sends it as ComplexData).
    return data !== null && (media === "text" || firstDescendant(data, "nitf") !== null);
  });
  for (const contentItem of contentItems) {
    const data = firstChild(contentItem, "DataContent");
    if (!data) continue;
    const nitf = firstDescendant(data, "nitf");
    if (nitf) {
      const html = childElements(firstChild(nitf, "body") ?? nitf, "body.content")
        .map((c) => xmlBodyToHtml(c.children, { rule: nitfBodyRule }))
        .join("");
      if (html) return html;
      continue;
    }
    if (data.children.some((c) => c.kind === "element")) {
      const html = xmlBodyToHtml(data.children, { rule: nitfBodyRule });
      if (html) return html;
      continue;
    }
    const mime = formal(firstChild(contentItem, "MimeType"))?.toLowerCase() ?? "text/plain";
    const text = textContent(data);
    const html = mime.includes("html") ? sanitizeBodyHtml(text) : plainTextToHtml(text);
    if (html) return html;
  }
  return "";
}
