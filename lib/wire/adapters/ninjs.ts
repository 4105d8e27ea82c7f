import { z } from "zod";
import type { WireAdapter, WireInput } from "../adapter";
import { signalFromNote } from "../signal";
import {
  WireParseError,
  type ItemClass,
  type MediaReference,
  type NormalizedItem,
  type Subject,
  type WireFormat,
} from "../normalized";
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
  tryParseJson,
  uniqueSubjects,
  uniqueTexts,
} from "../markup";
import { toIsoUtc } from "../dates";

/**
 * IPTC ninjs → one normalized item. 1.x (`$standard`, or no marker but a uri plus
 * body_html / headline) and 2.x (`standard`, headlines[] / bodies[]).
 *
 * Mapping decisions:
 * - Validated with zod first: a missing uri, or a headlines/bodies entry without a value,
 *   is a SCHEMA error naming the field. Unknown properties are allowed.
 * - guid: uri, else guid (Superdesk), else id (ninjs 3). version: the version string as a
 *   whole number (default 1). itemClass from type. An item with no text is still an item.
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
 *   text/plain body as escaped paragraphs. associations → media references (pictures,
 *   graphics, video, audio): nothing is fetched.
 * - A content API list ({ item: [ … ] }) yields each item.
 */
export const ninjsAdapter: WireAdapter = {
  format: ["ninjs-1", "ninjs-2"],
  sniff(input: WireInput): boolean {
    return looksLikeNinjs(tryParseJson(input.text));
  },
  parse(input: WireInput): NormalizedItem[] {
    const data = parseJson(input.text);
    if (!isRecord(data)) throw new WireParseError("SCHEMA", "ninjs: the document is not a JSON object");
    const items = listedItems(data) ?? [data];
    return items.map((item) => (isNinjs2(item) ? parseNinjs2(item, input) : parseNinjs1(item, input)));
  },
};

/** A content API's list response ({ total, item: [ninjs, …] } / { items: […] }): its items. */
function listedItems(data: Record<string, unknown>): Record<string, unknown>[] | null {
  if (looksLikeNinjsItem(data)) return null;
  const list = data["item"] ?? data["items"];
  if (!Array.isArray(list) || list.length === 0) return null;
  const items = list.filter(isRecord);
  return items.length === list.length && items.every(looksLikeNinjsItem) ? items : null;
}

function isNinjsStandard(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return [value["name"], value["schema"]].some((v) => typeof v === "string" && /ninjs/i.test(v));
}

/** Properties only a ninjs item has (any version, Superdesk's flavour included). */
const NINJS_KEYS = [
  "body_html",
  "body_text",
  "body_xhtml",
  "headline",
  "headlines",
  "bodies",
  "pubstatus",
  "embargoed",
  "versioncreated",
  "firstcreated",
  "associations",
  "located",
  "byline",
  "by",
  "urgency",
  "slugline",
  "description_text",
  "description_html",
  "copyrightnotice",
  "copyrightholder",
  "renditions",
  "ednote",
];
const NINJS_TYPES = /^(?:text|picture|graphic|video|audio|composite|component|packaged|advisory|story)$/i;

/**
 * A ninjs item: an identifier (uri, Superdesk's guid, ninjs 3's id) and one ninjs property,
 * which is all the schemas require beyond the identifier. GeoJSON ("type": "Feature") is not one.
 */
function looksLikeNinjsItem(data: Record<string, unknown>): boolean {
  if (isNinjsStandard(data["$standard"]) || isNinjsStandard(data["standard"])) return true;
  if (!["uri", "guid", "id"].some((k) => typeof data[k] === "string" || typeof data[k] === "number")) return false;
  const type = data["type"];
  if (typeof type === "string" && !NINJS_TYPES.test(type)) return false;
  return NINJS_KEYS.some((k) => k in data) || (typeof type === "string" && "version" in data);
}

function looksLikeNinjs(data: unknown): boolean {
  if (!isRecord(data)) return false;
  return looksLikeNinjsItem(data) || listedItems(data) !== null;
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

const identifier = z.union([z.string(), z.number()]).nullish();

const common = {
  uri: identifier,
  guid: identifier,
  id: identifier,
  type: optionalString,
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
  // Every ninjs version requires an identifier; Superdesk names it guid, ninjs 3 id.
  const noId = isRecord(data) && !["uri", "guid", "id"].some((k) => typeof data[k] === "string" || typeof data[k] === "number");
  if (!result.success || noId) {
    const issues = [noId ? "uri: required" : null, result.success ? null : describeZodIssues(result.error)].filter(Boolean);
    throw new WireParseError("SCHEMA", `${label} validation failed: ${issues.join("; ")}`);
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

function lifecycle(data: Shared) {
  const status = cleanText(data.pubstatus)?.toLowerCase() ?? "usable";
  const canceled = status === "canceled" || status === "cancelled";
  const withheld = status === "withheld" || saysNotForPublication(data.ednote);
  const pubStatus: NormalizedItem["pubStatus"] = canceled ? "canceled" : withheld ? "withheld" : "usable";
  // A version number alone is not a signal; an editor's note can be one.
  const signal: NormalizedItem["signal"] = canceled ? "kill" : (signalFromNote(data.ednote) ?? "new");
  return { pubStatus, signal };
}

/** The item's identifier: uri (ninjs 1–2), else Superdesk's guid, else ninjs 3's id. */
function identifierOf(data: Shared): string {
  const id = [data.uri, data.guid, data.id]
    .map((v) => (v === null || v === undefined ? null : cleanText(String(v))))
    .find(Boolean);
  if (!id) throw new WireParseError("SCHEMA", "ninjs validation failed: uri: required (no uri, guid or id)");
  return id;
}

function itemClassOf(type: string | null | undefined): ItemClass {
  const t = cleanText(type)?.toLowerCase();
  if (t === "picture" || t === "graphic" || t === "video" || t === "audio") return t;
  if (t === "composite" || t === "packaged") return "package";
  return "text";
}

const rendition = z.looseObject({
  href: optionalString,
  mimetype: optionalString,
  contenttype: optionalString,
  width: z.union([z.number(), z.string()]).nullish(),
  height: z.union([z.number(), z.string()]).nullish(),
});
const association = z.looseObject({
  uri: identifier,
  guid: identifier,
  id: identifier,
  type: optionalString,
  headline: optionalString,
  description_text: optionalString,
  body_text: optionalString,
  byline: optionalString,
  copyrightholder: optionalString,
  mimetype: optionalString,
  renditions: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * associations (an object by role in ninjs 1–2 and Superdesk, an array in ninjs 3 and
 * some APIs) → media references. Only pictures, graphics, video and audio; linked text
 * items are not media. Nothing is fetched.
 */
function mediaOf(raw: Record<string, unknown>): MediaReference[] {
  const assoc = raw["associations"];
  const entries: [string | null, unknown][] = Array.isArray(assoc)
    ? assoc.map((a) => [isRecord(a) && typeof a["name"] === "string" ? a["name"] : null, a])
    : isRecord(assoc)
      ? Object.entries(assoc)
      : [];
  const media: MediaReference[] = [];
  for (const [role, value] of entries) {
    const parsed = association.safeParse(value);
    if (!parsed.success) continue;
    const a = parsed.data;
    const itemClass = itemClassOf(a.type);
    if (itemClass === "text" || itemClass === "package") continue;
    const renditions = Object.entries(a.renditions ?? {}).flatMap(([name, r]) => {
      const p = rendition.safeParse(r);
      return p.success ? [{ name, ...p.data }] : [];
    });
    const best =
      renditions.find((r) => /^(?:original|baseImage|highres)$/i.test(r.name)) ??
      [...renditions].sort((x, y) => (toInt(y.width) ?? 0) - (toInt(x.width) ?? 0))[0];
    const ids = [a.uri, a.guid, a.id].map((v) => (v === null || v === undefined ? null : cleanText(String(v))));
    media.push({
      itemClass,
      role: role ?? cleanText(typeof a.id === "string" ? a.id : null),
      guid: ids.find(Boolean) ?? null,
      href: cleanText(best?.href),
      contentType: cleanText(best?.mimetype ?? best?.contenttype ?? a.mimetype),
      caption: firstText(a.description_text, a.body_text, a.headline),
      credit: firstText(a.byline, a.copyrightholder),
      width: toInt(best?.width),
      height: toInt(best?.height),
    });
  }
  return media;
}

function sharedFields(data: Shared, input: WireInput, format: WireFormat, raw: Record<string, unknown>) {
  const v = parseVersion(data.version);
  return {
    source: input.source,
    format,
    guid: identifierOf(data),
    itemClass: itemClassOf(data.type),
    media: mediaOf(raw),
    version: v,
    slugline: cleanText(data.slugline),
    firstCreated: toIsoUtc(data.firstcreated),
    versionCreated: toIsoUtc(data.versioncreated),
    embargoUntil: toIsoUtc(data.embargoed),
    language: normalizeLanguage(data.language),
    urgency: toInt(data.urgency),
    credit: firstText(data.copyrightnotice, data.copyrightholder),
    dateline: { place: cleanText(data.located), agency: null, date: null },
    ...lifecycle(data),
  };
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
  const subjects = [
    ...(data.subject ?? []).map((c) => subjectFrom1(c)),
    ...(data.person ?? []).map((c) => subjectFrom1(c, "person")),
    ...(data.organisation ?? []).map((c) => subjectFrom1(c, "organisation")),
  ].filter((s): s is Subject => s !== null);

  return finalizeItem(
    {
      ...sharedFields(data, input, "ninjs-1", raw),
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
  const subjects = [
    ...(data.subjects ?? []).map((c) => subjectFrom2(c)),
    ...(data.people ?? []).map((c) => subjectFrom2(c, "person")),
    ...(data.organisations ?? []).map((c) => subjectFrom2(c, "organisation")),
  ].filter((s): s is Subject => s !== null);

  return finalizeItem(
    {
      ...sharedFields(data, input, "ninjs-2", raw),
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
