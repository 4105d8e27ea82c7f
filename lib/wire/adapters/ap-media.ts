import { z } from "zod";
import type { WireAdapter, WireInput } from "../adapter";
import { WireParseError, type NormalizedItem, type Subject } from "../normalized";
import {
  cleanText,
  describeZodIssues,
  finalizeItem,
  firstText,
  isRecord,
  joinNames,
  normalizeLanguage,
  parseJson,
  saysNotForPublication,
  schemeAlias,
  toInt,
  tryParseJson,
  uniqueSubjects,
  uniqueTexts,
} from "../markup";
import { toIsoUtc } from "../dates";

/**
 * AP Media API JSON → normalized items: item metadata `{ data: { item } }`, a feed or
 * search page `{ data: { items: [{ item }] } }`, or a bare `{ item }` as AP Media Agent
 * writes it.
 *
 * Mapping decisions:
 * - guid: altids.itemid (the same across revisions), else uri.
 * - version: AP's number as sent (AP counts from 0).
 * - signal: pubstatus canceled or an editorialtype Kill / Elimination / Takedown /
 *   Withdrawal → "kill" (pubStatus canceled); editorialtype Correction → "correction";
 *   else "new" (a version number alone is not a signal). pubStatus withheld for pubstatus withheld, an
 *   editorialtype Withhold, or an ednote that says "not for publication".
 * - title → slugline (AP's slug), headline, bylines[].by → byline, located → dateline
 *   place with description_creditline as agency, places[] (else datelinelocation city and
 *   country) → places, subject[] → subjects (scheme URI kept), persons / organisations →
 *   schemes "person" / "organisation", keywords, profile → genre.
 * - credit: description_creditline, else copyrightnotice.
 * - body: empty. AP's JSON is metadata; the story text is a separate NITF rendition
 *   (renditions.nitf.href) that is never fetched here. Import that file on its own.
 */
export const apMediaAdapter: WireAdapter = {
  format: "ap-media-api",
  sniff(input: WireInput): boolean {
    return extractItems(tryParseJson(input.text)) !== null;
  },
  parse(input: WireInput): NormalizedItem[] {
    const items = extractItems(parseJson(input.text));
    if (items === null) throw new WireParseError("SCHEMA", "AP Media API: no data.item or data.items[].item found");
    if (items.length === 0) throw new WireParseError("NO_CONTENT", "the AP Media API feed page has no items");
    return items.map((item, i) => parseItem(item, items.length > 1 ? `items[${i}]` : null, input));
  },
};

function isApItem(value: unknown): boolean {
  return isRecord(value) && (typeof value["uri"] === "string" || isRecord(value["altids"]));
}

function extractItems(data: unknown): unknown[] | null {
  if (!isRecord(data)) return null;
  const inner = data["data"];
  if (isRecord(inner)) {
    if (isApItem(inner["item"])) return [inner["item"]];
    const items = inner["items"];
    if (Array.isArray(items) && items.every((entry) => isRecord(entry) && isApItem(entry["item"]))) {
      return items.map((entry) => (entry as Record<string, unknown>)["item"]);
    }
    return null;
  }
  if (isApItem(data["item"]) && Object.keys(data).length <= 3) return [data["item"]];
  return null;
}

const optionalString = z.string().nullish();
const concept = z.looseObject({ name: optionalString, scheme: optionalString, code: optionalString });
const itemSchema = z
  .looseObject({
    uri: optionalString,
    altids: z.looseObject({ itemid: optionalString }).nullish(),
    version: z.union([z.number(), z.string()]).nullish(),
    urgency: z.union([z.number(), z.string()]).nullish(),
    profile: optionalString,
    language: optionalString,
    versioncreated: optionalString,
    firstcreated: optionalString,
    embargoed: optionalString,
    pubstatus: optionalString,
    editorialtypes: z.array(z.string()).nullish(),
    signals: z.array(z.string()).nullish(),
    ednote: optionalString,
    title: optionalString,
    headline: optionalString,
    bylines: z.array(z.looseObject({ by: optionalString, title: optionalString })).nullish(),
    located: optionalString,
    datelinelocation: z.looseObject({ city: optionalString, countryname: optionalString }).nullish(),
    keywords: z.array(z.string()).nullish(),
    subject: z.array(concept).nullish(),
    persons: z.array(concept).nullish(),
    organisations: z.array(concept).nullish(),
    places: z.array(concept).nullish(),
    description_creditline: optionalString,
    copyrightnotice: optionalString,
  })
  .refine((i) => cleanText(i.altids?.itemid) !== null || cleanText(i.uri) !== null, {
    message: "altids.itemid or uri is required",
    path: ["uri"],
  });

type Concept = z.infer<typeof concept>;

function conceptSubject(c: Concept, scheme?: string): Subject | null {
  const name = cleanText(c.name);
  const code = cleanText(c.code) ?? name;
  if (!code) return null;
  const own = cleanText(c.scheme);
  return { scheme: scheme ?? (own ? schemeAlias(own) : "ap"), code, name };
}

const KILL_TYPES = /^(kill|elimination|takedown|withdraw(al)?)$/i;

function parseItem(raw: unknown, label: string | null, input: WireInput): NormalizedItem {
  const result = itemSchema.safeParse(raw);
  if (!result.success) {
    throw new WireParseError(
      "SCHEMA",
      `AP Media API${label ? ` ${label}` : ""} validation failed: ${describeZodIssues(result.error)}`,
    );
  }
  const item = result.data;
  const guid = cleanText(item.altids?.itemid) ?? cleanText(item.uri) ?? "";
  const apVersion = Math.max(toInt(item.version) ?? 0, 0);
  const version = apVersion;

  const status = cleanText(item.pubstatus)?.toLowerCase() ?? "usable";
  const types = item.editorialtypes ?? [];
  const killed = status === "canceled" || status === "cancelled" || types.some((t) => KILL_TYPES.test(t.trim()));
  const withheld =
    status === "withheld" ||
    types.some((t) => /^withhold$/i.test(t.trim())) ||
    (item.signals ?? []).some((s) => /unpublishable|notforpub/i.test(s)) ||
    saysNotForPublication(item.ednote);

  let signal: NormalizedItem["signal"] = "new";
  if (killed) signal = "kill";
  else if (types.some((t) => /^correction$/i.test(t.trim()))) signal = "correction";

  const located = cleanText(item.located);
  const subjects = [
    ...(item.subject ?? []).map((c) => conceptSubject(c)),
    ...(item.persons ?? []).map((c) => conceptSubject(c, "person")),
    ...(item.organisations ?? []).map((c) => conceptSubject(c, "organisation")),
  ].filter((s): s is Subject => s !== null);
  const placeNames = (item.places ?? []).map((p) => p.name);
  const places = placeNames.length > 0 ? placeNames : [item.datelinelocation?.city, item.datelinelocation?.countryname];

  const headline = cleanText(item.headline);
  if (headline === null) throw new WireParseError("NO_CONTENT", `AP item ${guid} has no headline`);

  return finalizeItem(
    {
      source: input.source,
      format: "ap-media-api",
      guid,
      version,
      headline,
      subheadline: null,
      slugline: cleanText(item.title),
      byline: joinNames((item.bylines ?? []).map((b) => b.by ?? "")),
      dateline: { place: located, agency: located ? cleanText(item.description_creditline) : null, date: null },
      firstCreated: toIsoUtc(item.firstcreated),
      versionCreated: toIsoUtc(item.versioncreated),
      language: normalizeLanguage(item.language),
      urgency: toInt(item.urgency),
      pubStatus: killed ? "canceled" : withheld ? "withheld" : "usable",
      embargoUntil: toIsoUtc(item.embargoed),
      signal,
      subjects: uniqueSubjects(subjects),
      keywords: uniqueTexts(item.keywords ?? []),
      places: uniqueTexts(places),
      genre: cleanText(item.profile),
      credit: firstText(item.description_creditline, item.copyrightnotice),
      bodyHtml: "",
    },
    input.receivedAt,
  );
}
