import { z } from "zod";
import type { WireAdapter, WireInput } from "../adapter";
import { WireParseError, type NormalizedItem, type Subject } from "../normalized";
import {
  cleanText,
  describeZodIssues,
  finalizeItem,
  firstText,
  isRecord,
  normalizeLanguage,
  parseJson,
  sanitizeBodyHtml,
  splitQcode,
  toInt,
  tryParseJson,
  uniqueSubjects,
  uniqueTexts,
} from "../markup";
import { parseDatelineText } from "../dateline";
import { toIsoUtc } from "../dates";

/**
 * dpa digitalwires JSON → normalized items: one entry per file (s3push) or the wireq
 * envelope `{ "entries": [...] }`.
 *
 * Mapping decisions:
 * - guid: urn (stable across versions; entry_id changes with every delivery), else
 *   entry_id. version: version (default 1).
 * - pubStatus: pubstatus (or the dnltype:pubstatus category); canceled → signal "kill".
 *   signal: `signal` or the dnltype:signal category (sig:correction / sig:update), else
 *   version > 1 → "update", else "new".
 * - dates: version_created → versionCreated, content_created → firstCreated, embargoed.
 * - kicker → slugline (dpa's topic line), subhead → subheadline, byline, dateline
 *   ("Hamburg (dpa) - " → place and agency). credit: creditline, else copyrightnotice.
 * - categories: dnltype:dpasubject → subjects (qcode split: dpasubject:912, medtop:…),
 *   dnltype:keyword → keywords, dnltype:geosubject → places, dnltype:genre → genre;
 *   person / organisation types → schemes "person" / "organisation".
 * - body: article_html, sanitized, with the leading <span class="dateline"> removed (the
 *   dateline has its own field). infobox, linkbox, notepad and ednotes are not body text.
 */
export const dpaDigitalwiresAdapter: WireAdapter = {
  format: "dpa-digitalwires",
  sniff(input: WireInput): boolean {
    const data = tryParseJson(input.text);
    if (!isRecord(data)) return false;
    if (Array.isArray(data["entries"])) return data["entries"].length > 0 && data["entries"].every(isEntryLike);
    return isEntryLike(data);
  },
  parse(input: WireInput): NormalizedItem[] {
    const data = parseJson(input.text);
    const entries = isRecord(data) && Array.isArray(data["entries"]) ? data["entries"] : [data];
    if (entries.length === 0) throw new WireParseError("NO_CONTENT", "the digitalwires envelope has no entries");
    return entries.map((entry, i) => parseEntry(entry, entries.length > 1 ? `entries[${i}]` : null, input));
  },
};

function isEntryLike(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const format = value["format"];
  if (typeof format === "string" && format.startsWith("digitalwires")) return true;
  return typeof value["entry_id"] === "string" && ("urn" in value || "article_html" in value);
}

const optionalString = z.string().nullish();
const category = z.looseObject({
  type: optionalString,
  name: z.union([z.string(), z.number()]).nullish(),
  qcode: optionalString,
});
const entrySchema = z
  .looseObject({
    entry_id: optionalString,
    urn: optionalString,
    version: z.union([z.number(), z.string()]).nullish(),
    pubstatus: optionalString,
    signal: optionalString,
    embargoed: optionalString,
    version_created: optionalString,
    content_created: optionalString,
    language: optionalString,
    urgency: z.union([z.number(), z.string()]).nullish(),
    kicker: optionalString,
    headline: optionalString,
    subhead: optionalString,
    byline: optionalString,
    dateline: optionalString,
    article_html: optionalString,
    creditline: optionalString,
    copyrightnotice: optionalString,
    categories: z.array(category).nullish(),
  })
  .refine((e) => cleanText(e.urn) !== null || cleanText(e.entry_id) !== null, {
    message: "urn or entry_id is required",
    path: ["urn"],
  });

type Category = z.infer<typeof category>;

function categoryName(c: Category): string | null {
  return c.name === null || c.name === undefined ? null : cleanText(String(c.name));
}

function parseEntry(raw: unknown, label: string | null, input: WireInput): NormalizedItem {
  const result = entrySchema.safeParse(raw);
  if (!result.success) {
    throw new WireParseError(
      "SCHEMA",
      `digitalwires${label ? ` ${label}` : ""} validation failed: ${describeZodIssues(result.error)}`,
    );
  }
  const e = result.data;
  const guid = cleanText(e.urn) ?? cleanText(e.entry_id) ?? "";
  const versionNumber = toInt(e.version);
  const version = versionNumber !== null && versionNumber > 0 ? versionNumber : 1;
  const categories = e.categories ?? [];
  const ofType = (type: string) => categories.filter((c) => c.type === `dnltype:${type}`);

  const status = (cleanText(e.pubstatus) ?? splitQcode(ofType("pubstatus")[0]?.qcode ?? "")?.code ?? "usable").toLowerCase();
  const signalCode = (
    splitQcode(e.signal ?? "")?.code ??
    cleanText(e.signal) ??
    splitQcode(ofType("signal")[0]?.qcode ?? "")?.code ??
    ""
  ).toLowerCase();
  const canceled = status === "canceled" || status === "cancelled";
  let signal: NormalizedItem["signal"] = "new";
  if (canceled) signal = "kill";
  else if (signalCode === "correction") signal = "correction";
  else if (signalCode === "update") signal = "update";

  const subjects: Subject[] = [];
  for (const c of categories) {
    const type = c.type ?? "";
    const name = categoryName(c);
    const q = c.qcode ? splitQcode(c.qcode) : null;
    if (type === "dnltype:dpasubject" || type === "dnltype:subject") {
      if (q) subjects.push({ scheme: q.scheme, code: q.code, name });
      else if (name) subjects.push({ scheme: "literal", code: name, name });
    } else if (/person/.test(type)) {
      const code = q?.code ?? name;
      if (code) subjects.push({ scheme: "person", code, name });
    } else if (/organi[sz]ation/.test(type)) {
      const code = q?.code ?? name;
      if (code) subjects.push({ scheme: "organisation", code, name });
    }
  }

  const versionCreated = toIsoUtc(e.version_created);
  const dateline = parseDatelineText(e.dateline, versionCreated);
  const headline = cleanText(e.headline);
  const bodyHtml = e.article_html ? sanitizeBodyHtml(stripDatelineSpan(e.article_html)) : "";
  if (headline === null && bodyHtml === "") {
    throw new WireParseError("NO_CONTENT", `digitalwires entry ${guid} has neither a headline nor article_html`);
  }

  return finalizeItem(
    {
      source: input.source,
      format: "dpa-digitalwires",
      guid,
      version,
      headline,
      subheadline: cleanText(e.subhead),
      slugline: cleanText(e.kicker),
      byline: cleanText(e.byline),
      dateline: { ...dateline, date: null },
      firstCreated: toIsoUtc(e.content_created),
      versionCreated,
      language: normalizeLanguage(e.language),
      urgency: toInt(e.urgency),
      pubStatus: canceled ? "canceled" : status === "withheld" ? "withheld" : "usable",
      embargoUntil: toIsoUtc(e.embargoed),
      signal,
      subjects: uniqueSubjects(subjects),
      keywords: uniqueTexts(ofType("keyword").map(categoryName)),
      places: uniqueTexts(ofType("geosubject").map(categoryName)),
      genre: firstText(...ofType("genre").map(categoryName)),
      credit: firstText(e.creditline, e.copyrightnotice),
      bodyHtml,
    },
    input.receivedAt,
  );
}

/** `<span class="dateline">Hamburg <span class="credit">(dpa)</span> - </span>` (one nested span deep). */
function stripDatelineSpan(html: string): string {
  return html.replace(/<span\s+class="dateline"[^>]*>(?:[^<]|<span\b[^>]*>[^<]*<\/span>)*<\/span>/i, "");
}
