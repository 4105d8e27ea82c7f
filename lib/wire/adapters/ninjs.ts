import { z } from "zod";
import type { WireAdapter, WireInput } from "../adapter";
import { WireParseError, type NormalizedItem, type Subject, type WireFormat } from "../normalized";
import {
  cleanText,
  describeZodIssues,
  finalizeItem,
  firstText,
  isRecord,
  normalizeLanguage,
  parseJson,
  plainTextToHtml,
  sanitizeBodyHtml,
  saysNotForPublication,
  schemeAlias,
  splitConceptUri,
  toInt,
  toIsoUtc,
  tryParseJson,
  uniqueSubjects,
  uniqueTexts,
} from "../markup";

/**
 * IPTC ninjs → one normalized item. 1.x (`$standard`, or no marker but a uri plus
 * body_html / headline) and 2.x (`standard`, headlines[] / bodies[]).
 *
 * Mapping decisions:
 * - Validated with zod first: a missing uri, or a headlines/bodies entry without a value,
 *   is a SCHEMA error naming the field. Unknown properties are allowed.
 * - guid: uri. version: the version string as a positive integer (default 1).
 * - pubStatus: pubstatus (usable / withheld / canceled); an ednote saying "not for
 *   publication" (without an embargo qualifier) → withheld. canceled → signal "kill";
 *   otherwise version > 1 → "update", else "new".
 * - headline: `headline` (1.x) or the main/first of headlines[] (2.x); subheadline: a
 *   headlines[] entry with a "sub" role. byline: byline (1.x) / by (2.x).
 *   dateline place: located. credit: copyrightnotice, else copyrightholder.
 * - subjects: subject[] / subjects[] with the scheme as its IPTC alias when known
 *   ("…/mediatopic/" → "medtop"; 2.x uris are split into scheme and code, literals get
 *   scheme "literal"); person / people → scheme "person", organisation / organisations →
 *   scheme "organisation". places: place / places names. genre: first genre name.
 * - body: body_html or the main text/html body (sanitized), else body_text / a
 *   text/plain body as escaped paragraphs. associations are ignored: nothing is fetched.
 */
export const ninjsAdapter: WireAdapter = {
  format: ["ninjs-1", "ninjs-2"],
  sniff(input: WireInput): boolean {
    return looksLikeNinjs(tryParseJson(input.text));
  },
  parse(input: WireInput): NormalizedItem[] {
    const data = parseJson(input.text);
    if (!isRecord(data)) throw new WireParseError("SCHEMA", "ninjs: the document is not a JSON object");
    return [isNinjs2(data) ? parseNinjs2(data, input) : parseNinjs1(data, input)];
  },
};

function isNinjsStandard(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return [value["name"], value["schema"]].some((v) => typeof v === "string" && /ninjs/i.test(v));
}

function looksLikeNinjs(data: unknown): boolean {
  if (!isRecord(data)) return false;
  if (isNinjsStandard(data["$standard"]) || isNinjsStandard(data["standard"])) return true;
  return typeof data["uri"] === "string" && ["body_html", "body_text", "headline", "headlines", "bodies"].some((k) => k in data);
}

function isNinjs2(data: Record<string, unknown>): boolean {
  const standard = data["standard"];
  if (isRecord(standard) && typeof standard["version"] === "string") return standard["version"].startsWith("2");
  return Array.isArray(data["headlines"]) || Array.isArray(data["bodies"]);
}

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

const requiredString = z
  .string({ error: (issue) => (issue.input === undefined ? "required" : "must be a string") })
  .refine((s) => s.trim() !== "", "must not be empty");
const optionalString = z.string().nullish();
const version = z.union([z.string(), z.number()]).nullish();

const concept1 = z.looseObject({ name: optionalString, scheme: optionalString, code: optionalString, rel: optionalString });
const concept2 = z.looseObject({ name: optionalString, uri: optionalString, literal: optionalString, rel: optionalString });
const textEntry = z.looseObject({ role: optionalString, contenttype: optionalString, value: requiredString });

const common = {
  uri: requiredString,
  version,
  versioncreated: optionalString,
  firstcreated: optionalString,
  embargoed: optionalString,
  pubstatus: optionalString,
  urgency: z.union([z.number(), z.string()]).nullish(),
  language: optionalString,
  slugline: optionalString,
  located: optionalString,
  ednote: optionalString,
  copyrightholder: optionalString,
  copyrightnotice: optionalString,
};

const ninjs1Schema = z.looseObject({
  ...common,
  headline: optionalString,
  byline: optionalString,
  body_html: optionalString,
  body_text: optionalString,
  subject: z.array(concept1).nullish(),
  place: z.array(concept1).nullish(),
  person: z.array(concept1).nullish(),
  organisation: z.array(concept1).nullish(),
  genre: z.array(concept1).nullish(),
});

const ninjs2Schema = z.looseObject({
  ...common,
  by: optionalString,
  headlines: z.array(textEntry).nullish(),
  bodies: z.array(textEntry).nullish(),
  subjects: z.array(concept2).nullish(),
  places: z.array(concept2).nullish(),
  people: z.array(concept2).nullish(),
  organisations: z.array(concept2).nullish(),
  genres: z.array(concept2).nullish(),
});

function validate<T extends z.ZodType>(schema: T, data: unknown, label: string): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new WireParseError("SCHEMA", `${label} validation failed: ${describeZodIssues(result.error)}`);
  }
  return result.data;
}

// ---------------------------------------------------------------------------
// Shared mapping
// ---------------------------------------------------------------------------

type Shared = z.infer<z.ZodObject<typeof common>>;

function parseVersion(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === "") return 1;
  const n = toInt(value);
  if (n === null || n < 0) {
    throw new WireParseError("SCHEMA", `ninjs validation failed: version: "${String(value)}" is not a whole number`);
  }
  return Math.max(n, 1);
}

function lifecycle(data: Shared, version: number) {
  const status = cleanText(data.pubstatus)?.toLowerCase() ?? "usable";
  const canceled = status === "canceled" || status === "cancelled";
  const withheld = status === "withheld" || saysNotForPublication(data.ednote);
  const pubStatus: NormalizedItem["pubStatus"] = canceled ? "canceled" : withheld ? "withheld" : "usable";
  const signal: NormalizedItem["signal"] = canceled ? "kill" : version > 1 ? "update" : "new";
  return { pubStatus, signal };
}

function sharedFields(data: Shared, input: WireInput, format: WireFormat) {
  const v = parseVersion(data.version);
  return {
    source: input.source,
    format,
    guid: data.uri.trim(),
    version: v,
    slugline: cleanText(data.slugline),
    firstCreated: toIsoUtc(data.firstcreated),
    versionCreated: toIsoUtc(data.versioncreated),
    embargoUntil: toIsoUtc(data.embargoed),
    language: normalizeLanguage(data.language),
    urgency: toInt(data.urgency),
    credit: firstText(data.copyrightnotice, data.copyrightholder),
    dateline: { place: cleanText(data.located), agency: null, date: null },
    ...lifecycle(data, v),
  };
}

function requireContent(headline: string | null, bodyHtml: string, uri: string): void {
  if (headline === null && bodyHtml === "") {
    throw new WireParseError("NO_CONTENT", `ninjs item ${uri} has neither a headline nor a body`);
  }
}

// ---------------------------------------------------------------------------
// 1.x
// ---------------------------------------------------------------------------

type Concept1 = z.infer<typeof concept1>;

function subjectFrom1(c: Concept1, entityScheme?: string): Subject | null {
  const name = cleanText(c.name);
  const code = cleanText(c.code) ?? name;
  if (!code) return null;
  if (entityScheme) return { scheme: entityScheme, code, name };
  const scheme = cleanText(c.scheme);
  return { scheme: scheme ? schemeAlias(scheme) : "literal", code, name };
}

function parseNinjs1(raw: Record<string, unknown>, input: WireInput): NormalizedItem {
  const data = validate(ninjs1Schema, raw, "ninjs 1.x");
  const headline = cleanText(data.headline);
  const bodyHtml = data.body_html ? sanitizeBodyHtml(data.body_html) : data.body_text ? plainTextToHtml(data.body_text) : "";
  requireContent(headline, bodyHtml, data.uri);
  const subjects = [
    ...(data.subject ?? []).map((c) => subjectFrom1(c)),
    ...(data.person ?? []).map((c) => subjectFrom1(c, "person")),
    ...(data.organisation ?? []).map((c) => subjectFrom1(c, "organisation")),
  ].filter((s): s is Subject => s !== null);

  return finalizeItem(
    {
      ...sharedFields(data, input, "ninjs-1"),
      headline,
      subheadline: null,
      byline: cleanText(data.byline),
      subjects: uniqueSubjects(subjects),
      keywords: keywordsOf(raw),
      places: uniqueTexts((data.place ?? []).map((p) => p.name ?? p.code)),
      genre: firstText(...(data.genre ?? []).map((g) => g.name ?? g.code)),
      bodyHtml,
    },
    input.receivedAt,
  );
}

/** `keywords` is a plain string array in both versions; not worth failing an item over. */
function keywordsOf(raw: Record<string, unknown>): string[] {
  const k = raw["keywords"];
  return Array.isArray(k) ? uniqueTexts(k.filter((v): v is string => typeof v === "string")) : [];
}

// ---------------------------------------------------------------------------
// 2.x
// ---------------------------------------------------------------------------

type Concept2 = z.infer<typeof concept2>;
type TextEntry = z.infer<typeof textEntry>;

function subjectFrom2(c: Concept2, entityScheme?: string): Subject | null {
  const name = cleanText(c.name);
  const uri = cleanText(c.uri);
  const literal = cleanText(c.literal);
  if (entityScheme) {
    const code = uri ?? literal ?? name;
    return code ? { scheme: entityScheme, code, name } : null;
  }
  const split = uri ? splitConceptUri(uri) : null;
  if (split) return { ...split, name };
  const code = literal ?? uri ?? name;
  return code ? { scheme: "literal", code, name } : null;
}

function pickByRole(entries: TextEntry[], roles: RegExp): TextEntry | undefined {
  return entries.find((e) => roles.test(e.role ?? "")) ?? entries.find((e) => !e.role);
}

function bodyFrom2(bodies: TextEntry[]): string {
  const html = bodies.filter((b) => /html/i.test(b.contenttype ?? ""));
  const plain = bodies.filter((b) => !/html/i.test(b.contenttype ?? ""));
  const chosenHtml = pickByRole(html, /^main$/i) ?? html[0];
  if (chosenHtml) return sanitizeBodyHtml(chosenHtml.value);
  const chosenPlain = pickByRole(plain, /^main$/i) ?? plain[0];
  return chosenPlain ? plainTextToHtml(chosenPlain.value) : "";
}

function parseNinjs2(raw: Record<string, unknown>, input: WireInput): NormalizedItem {
  const data = validate(ninjs2Schema, raw, "ninjs 2.x");
  const headlines = data.headlines ?? [];
  const subs = headlines.filter((h) => /sub/i.test(h.role ?? ""));
  const mains = headlines.filter((h) => !/sub|short/i.test(h.role ?? ""));
  const headline = cleanText((pickByRole(mains, /^main$/i) ?? mains[0] ?? headlines[0])?.value);
  const bodyHtml = bodyFrom2(data.bodies ?? []);
  requireContent(headline, bodyHtml, data.uri);
  const subjects = [
    ...(data.subjects ?? []).map((c) => subjectFrom2(c)),
    ...(data.people ?? []).map((c) => subjectFrom2(c, "person")),
    ...(data.organisations ?? []).map((c) => subjectFrom2(c, "organisation")),
  ].filter((s): s is Subject => s !== null);

  return finalizeItem(
    {
      ...sharedFields(data, input, "ninjs-2"),
      headline,
      subheadline: cleanText(subs[0]?.value),
      byline: cleanText(data.by),
      subjects: uniqueSubjects(subjects),
      keywords: keywordsOf(raw),
      places: uniqueTexts((data.places ?? []).map((p) => p.name ?? p.literal)),
      genre: firstText(...(data.genres ?? []).map((g) => g.name ?? g.literal)),
      bodyHtml,
    },
    input.receivedAt,
  );
}
