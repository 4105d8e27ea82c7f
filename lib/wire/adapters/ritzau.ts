import type { WireAdapter, WireInput } from "../adapter";
import { toIsoUtc } from "../dates";
import { cleanText, finalizeItem, sanitizeBodyHtml, toInt, uniqueSubjects, uniqueTexts } from "../markup";
import { WireParseError, type NormalizedItem, type Subject } from "../normalized";
import { attr, childElements, descendants, firstChild, parseXml, sniffXmlRoot, textContent, type XmlElement } from "../xml";

/**
 * Ritzau's XML news service (Danish agency; Superdesk reads it too): one `<RBNews>` per
 * story, alone or inside an `<XMLNewsQueuedResponse>` from the queue API.
 *
 * - guid: NewsID. version: version. versionCreated: PublishDate (Danish local time, no
 *   offset in the feed; taken as written).
 * - headline / subheadline: headline / subtitle (either may be nil: a flash has no headline).
 *   slugline: strapline ("NU/FLASH-U", "---PRESSEMEDDELELSE---").
 * - dateline: town, agency from origin ("/ritzau/" → "ritzau", "Via Ritzau" → none: a
 *   release distributed by Ritzau is not Ritzau's copy).
 * - byline: byLine. urgency: Priority.
 * - signal: Annuleret (cancelled) → kill, Korrektion → correction, NyVersion → update.
 * - body: content, HTML escaped inside the element; TilRedaktionen (a note to the desk) is
 *   not body text.
 * - subjects: IPTCList and SubjectKeyword entries (scheme "iptc" / "ritzau-keyword").
 */
export const ritzauAdapter: WireAdapter = {
  format: "ritzau-rbnews",
  sniff(input: WireInput): boolean {
    const root = sniffXmlRoot(input.text);
    return root !== null && (root.local === "RBNews" || root.local === "XMLNewsQueuedResponse");
  },
  parse(input: WireInput): NormalizedItem[] {
    const root = parseXml(input.text);
    const stories = root.local === "RBNews" ? [root] : descendants(root, "RBNews");
    if (stories.length === 0) throw new WireParseError("NO_CONTENT", "the Ritzau response carries no RBNews");
    return stories.map((story) => parseStory(story, input));
  },
};

/** The entries of a serialized array element (`<IPTCList><a:string>…</a:string></IPTCList>`). */
function listEntries(story: XmlElement, name: string): XmlElement[] {
  const list = firstChild(story, name);
  return list ? childElements(list) : [];
}

function isTrue(el: XmlElement | null): boolean {
  return /^(?:true|1)$/i.test(textContent(el).trim());
}

function field(story: XmlElement, name: string): string | null {
  const el = firstChild(story, name);
  if (!el || /^true$/i.test(attr(el, "i:nil") ?? attr(el, "nil") ?? "")) return null;
  return cleanText(textContent(el));
}

function parseStory(story: XmlElement, input: WireInput): NormalizedItem {
  const guid = field(story, "NewsID");
  if (!guid) throw new WireParseError("SCHEMA", "Ritzau RBNews has no NewsID");
  const version = toInt(field(story, "version"));

  let signal: NormalizedItem["signal"] = "new";
  const killed = isTrue(firstChild(story, "Annuleret"));
  if (killed) signal = "kill";
  else if (isTrue(firstChild(story, "Korrektion"))) signal = "correction";
  else if (isTrue(firstChild(story, "NyVersion"))) signal = "update";

  const origin = field(story, "origin");
  const agency = origin && /^\/[^/]+\/$/.test(origin) ? origin.slice(1, -1) : null;

  const subjects: Subject[] = [
    ...listEntries(story, "IPTCList").map((c) => ({ scheme: "iptc", code: textContent(c).trim(), name: null })),
    ...listEntries(story, "SubjectKeyword").map((c) => ({
      scheme: "ritzau-keyword",
      code: textContent(c).trim(),
      name: null,
    })),
  ].filter((s) => s.code !== "");

  const publishDate = toIsoUtc(field(story, "PublishDate")?.replace(/\.\d+$/, ""));
  return finalizeItem(
    {
      source: input.source,
      format: "ritzau-rbnews",
      guid,
      version: version !== null && version >= 0 ? version : 1,
      headline: field(story, "headline"),
      subheadline: field(story, "subtitle"),
      slugline: field(story, "strapline"),
      byline: field(story, "byLine"),
      dateline: { place: field(story, "town"), agency, date: null },
      firstCreated: null,
      versionCreated: publishDate,
      language: "da",
      urgency: toInt(field(story, "Priority")),
      pubStatus: killed ? "canceled" : "usable",
      embargoUntil: null,
      signal,
      subjects: uniqueSubjects(subjects),
      keywords: [],
      places: uniqueTexts([field(story, "town")]),
      genre: field(story, "format"),
      credit: null,
      bodyHtml: sanitizeBodyHtml(field(story, "content") ?? ""),
    },
    input.receivedAt,
  );
}
