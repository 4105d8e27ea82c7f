import { calendarDate, formatIso, MONTH_PATTERN, MONTH_WORDS, monthNumber } from "./dates";
import { cleanText } from "./markup";

/**
 * Datelines: the "place, date (agency) -" that opens a story, as printed in the copy, and
 * the dateline fields some formats carry as metadata. One reader for every adapter.
 */

export type Dateline = { place: string | null; agency: string | null; date: string | null };

export type DatelineMatch = {
  place: string | null;
  agency: string | null;
  /** The date as printed ("Nov 3", "3 feb", "Dec. 03, 2019"), if any. */
  dateText: string | null;
  /** Length of the dateline prefix, including the dash and the space after it. */
  length: number;
  /** True for the shapes that name an agency: only those are looked for below the first paragraph. */
  strong: boolean;
};

// A place word starts with a capital; "Md.", "St.", "Kiova/Washington", "Frankfurt/Main" are words.
const PLACE_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.\\-/]*";
// Lower-case particles inside place names: "Frankfurt am Main", "Rio de Janeiro".
const PARTICLE = "(?:am|an|de|da|do|dos|das|del|della|di|du|la|le|les|sur|sous|upon|on|op|aan|al|el|es|im)";
const PLACE_NAME = `${PLACE_WORD}(?:\\s+(?:${PLACE_WORD}|${PARTICLE}(?=\\s+\\p{Lu})))*`;
/** "ROCKVILLE, Md.", "CALGARY, Alberta", "SAITAMA, Japan". */
const PLACE = `${PLACE_NAME}(?:,\\s*${PLACE_NAME}){0,2}`;
// Month words as printed: "nov", "Nov", "NOV" (the patterns are not case-insensitive, so
// that a place still has to start with a capital).
const MONTH_ANY_CASE = Object.keys(MONTH_WORDS)
  .flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()])
  .sort((a, b) => b.length - a.length)
  .join("|");
/** "Nov 3", "Nov. 3", "November 3, 2026", "3 Nov", "3 feb", "Dec. 03, 2019", "JUL 11". */
const DATE = `(?:(?:${MONTH_ANY_CASE})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}\\.?\\s+(?:${MONTH_ANY_CASE})\\.?)(?:,?\\s+\\d{4})?`;
// An agency is a short name: "Reuters", "AP", "tca/dpa", "GLOBE NEWSWIRE", "Variety.com".
const AGENCY_TEXT = "[\\p{L}][\\p{L}\\p{M} &/'’.\\-]{0,38}";
const AGENCY = `(?:\\((?<agency>${AGENCY_TEXT})\\)|/(?<slashAgency>${AGENCY_TEXT})/)`;
// "-", "--", "—", " _ " (AP's ANPA dash), ".-" (EFE), ":" (Ritzau), ". " after "/TASS/".
const DASH = "(?:[-\\u2013\\u2014_]{1,2})";
const SEP = `\\s*(?:\\.?\\s*${DASH}|:|\\.(?=\\s))\\s*`;

const SHAPES: { re: RegExp; strong: boolean }[] = [
  // NAIROBI (Reuters) -  ·  LIMA, Jan 21 (Reuters) -  ·  BOGOTÁ, 3 feb (EFE).-  ·  MOSCOW, January 21. /TASS/.
  { re: new RegExp(`^(?<place>${PLACE})(?:,?\\s+(?<date>${DATE}))?\\.?\\s*${AGENCY}${SEP}`, "u"), strong: true },
  // (ANSA) - MILAN, Oct 2 -  ·  (Sports Network) -
  {
    re: new RegExp(
      `^\\((?<agency>${AGENCY_TEXT})\\)\\s*${DASH}\\s*(?:(?<place>${PLACE})(?:,\\s*(?<date>${DATE}))?\\s*${DASH}\\s+)?`,
      "u",
    ),
    strong: true,
  },
  // Mar 9 (Opta) -
  { re: new RegExp(`^(?<date>${DATE})\\s*${AGENCY}${SEP}`, "iu"), strong: true },
  // SEOUL, Nov 26 AFP -  ·  SAITAMA, Japan, Dec. 9 Kyodo -
  {
    re: new RegExp(`^(?<place>${PLACE}),\\s+(?<date>${DATE})\\s+(?<agency>\\p{Lu}[\\p{L}]{1,15})\\s*${DASH}\\s+`, "u"),
    strong: true,
  },
  // Paris (ats afp) Les …  (no dash: only as the first thing in the body)
  { re: new RegExp(`^(?<place>${PLACE_NAME})\\s*\\((?<agency>\\p{Ll}[\\p{Ll} /]{1,20})\\)\\s+(?=\\p{Lu})`, "u"), strong: false },
  // (New York, NY - October 21)
  { re: new RegExp(`^\\((?<place>${PLACE})\\s*${DASH}\\s*(?<date>${DATE})\\)\\s*`, "u"), strong: false },
  // REGINA -  ·  OTTAWA, Ont. -  (capitals only: "Officials -" is not a place)
  {
    re: new RegExp(
      `^(?<place>\\p{Lu}[\\p{Lu}\\p{M}'’.\\-]+(?:\\s+\\p{Lu}[\\p{Lu}\\p{M}'’.\\-]+)*(?:,\\s*${PLACE_NAME})?)(?:,\\s+(?<date>${DATE}))?\\s+${DASH}\\s+`,
      "u",
    ),
    strong: false,
  },
];

/** Newsroom words in capitals that open lines but are not places ("EUROPE DESK ADVISORY -"). */
const NOT_PLACE =
  /\b(?:ADVISORY|DESK|NOTE|EDITORS?|EDITOR'S|UPDATE|URGENT|BULLETIN|FLASH|ALERT|CORRECTION|PREVIEW|EXTRA|BREAKING|EMBARGO(?:ED)?|PHOTOS?|VIDEO|LEAD|WRITETHRU|RESULTS|AGENDA|DIARY|SUMMARY|NEWS|PLANNING|CORRECTED|REFILE)\b/;
const WEEKDAY = /^(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY\b/i;

const MAX_LEAD = 200;

/** A stock ticker in parentheses ("(KSTG.DE)") is not an agency. */
function plausibleAgency(agency: string): boolean {
  return !/^\p{Lu}{1,6}\.\p{Lu}{1,3}$/u.test(agency);
}

/** Recognise a dateline at the start of a paragraph (whitespace already collapsed or not). */
export function matchDateline(text: string): DatelineMatch | null {
  // A dateline is short; looking further only gives the patterns more to backtrack over.
  const paragraph = text.length > MAX_LEAD ? text.slice(0, MAX_LEAD) : text;
  for (const { re, strong } of SHAPES) {
    const m = re.exec(paragraph);
    const g = m?.groups;
    if (!m || !g) continue;
    const place = cleanText(g.place)?.replace(/,$/, "") ?? null;
    const agency = cleanText(g.agency ?? g.slashAgency);
    if (!place && !agency) continue;
    if (place && (place.length > 60 || place.split(/\s+/).length > 7)) continue;
    if (agency && (agency.split(/\s+/).length > 4 || !plausibleAgency(agency))) continue;
    // The weak shapes (no agency) must look like a place and lead into a sentence.
    if (!agency && place && (NOT_PLACE.test(place) || WEEKDAY.test(paragraph.slice(m[0].length)))) continue;
    // A dateline alone on its line counts only in a shape that ends with its separator
    // ("AUSTIN, Texas, Feb. 1, 2017 /PRNewswire-AsiaNet/ --"); the lead follows below it.
    if (m[0].length >= paragraph.trimEnd().length && !(strong && /[-\u2013\u2014_:]\s*$/.test(paragraph))) continue;
    return { place, agency, dateText: cleanText(g.date), length: m[0].length, strong };
  }
  return null;
}

/** The date of a printed "Nov 3" / "3 feb" / "Dec. 03, 2019", the year taken nearest `reference`. */
export function printedDate(dateText: string | null, reference: string | null): string | null {
  if (!dateText) return null;
  const md = new RegExp(`^(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`, "iu").exec(dateText);
  const dm = md ? null : new RegExp(`^(\\d{1,2})\\.?\\s+(${MONTH_PATTERN})\\.?(?:,?\\s+(\\d{4}))?`, "iu").exec(dateText);
  const month = monthNumber((md?.[1] ?? dm?.[2]) || "");
  const day = Number(md?.[2] ?? dm?.[1]);
  const year = md?.[3] ?? dm?.[3];
  if (!month || !day) return null;
  const refMs = reference ? Date.parse(reference) : Number.NaN;
  const d = calendarDate(year ? Number(year) : null, month, day, Number.isFinite(refMs) ? new Date(refMs) : null);
  return d ? formatIso(d.getTime()) : null;
}

const MONTH_DAY = new RegExp(`(?<![\\p{L}])(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?(?![\\p{L}\\d])`, "iu");
const DAY_MONTH = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})\\.?\\s+(${MONTH_PATTERN})\\.?(?:\\s+(\\d{4}))?(?![\\p{L}])`, "iu");

/**
 * Reads a dateline given as metadata, such as "KIEL, Germany, Nov 10 (MWS)", "Strasbourg,
 * 10 juil 2024 (AFP) -" or "Waghäusel (dpa) - ". A date without a year takes the year of
 * `reference` (the item's own date), moved by one when that puts it > 6 months away.
 * A value that is a timestamp or a code rather than a place gives no place (see plausiblePlace).
 */
export function parseDatelineText(text: string | null | undefined, reference: string | null): Dateline {
  const clean = cleanText(text);
  if (clean === null) return { place: null, agency: null, date: null };
  let rest = clean.replace(/\s*[-\u2013\u2014]+\s*$/, "");
  let agency: string | null = null;
  const agencyMatch = /\(([^()]+)\)\s*$/.exec(rest);
  if (agencyMatch?.[1]) {
    agency = cleanText(agencyMatch[1]);
    rest = rest.slice(0, agencyMatch.index).trim();
  }

  let date: string | null = null;
  let placeEnd = rest.length;
  const md = MONTH_DAY.exec(rest);
  const dm = md ? null : DAY_MONTH.exec(rest);
  const found = md ? { index: md.index, text: md[0] } : dm ? { index: dm.index, text: dm[0] } : null;
  if (found) {
    const d = printedDate(found.text, reference);
    if (d) {
      date = d;
      placeEnd = found.index;
    }
  }
  const place = plausiblePlace(rest.slice(0, placeEnd).replace(/[\s,;:\-\u2013\u2014]+$/, ""));
  return { place, agency, date };
}

/**
 * A dateline field's value as a place, or null when it is not one: a timestamp
 * ("2021-03-04 10:15:00 GMT+00:00", "4/4/2018", "20200616"), or an ISO 3166 alpha-3
 * country code standing alone ("NLD", "IND"), which names a country, not where the story was written.
 */
export function plausiblePlace(value: string | null | undefined): string | null {
  const place = cleanText(value);
  if (!place) return null;
  if (/\d/.test(place)) return null;
  if (/^\p{Lu}{3}$/u.test(place)) return null;
  return place;
}

/**
 * A dateline printed at the start of a body ("TALLINN, Nov 25 (MWS) - Twelve …"), as
 * feeds carry it. Only the shapes matchDateline knows count.
 */
export function datelineFromLead(text: string, reference: string | null): Dateline {
  const m = matchDateline(text.trimStart());
  if (!m) return { place: null, agency: null, date: null };
  return { place: m.place, agency: m.agency, date: printedDate(m.dateText, reference) };
}
