/**
 * Dates as wire formats write them: machine dates (ISO 8601, NITF's compact form, RFC 822)
 * and printed ones ("Nov 3", "3 feb", "Dec. 9, 2026"). Months are numbered from 1 everywhere.
 */

type DateParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
};

// prettier-ignore
const MONTHS_EN: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Month names and abbreviations as agencies print them in datelines and embargo lines,
 * numbered from 1: English, French (AFP), German (dpa), Italian (ANSA), Spanish (EFE),
 * Portuguese (Lusa), Dutch (ANP, Belga). The one month table of lib/wire.
 */
// prettier-ignore
export const MONTH_WORDS: Readonly<Record<string, number>> = {
  ...MONTHS_EN,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
  janv: 1, janvier: 1, févr: 2, fevr: 2, février: 2, fevrier: 2, mars: 3, avr: 4, avril: 4, mai: 5,
  juin: 6, juil: 7, juillet: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11,
  déc: 12, décembre: 12, decembre: 12,
  januar: 1, februar: 2, märz: 3, maerz: 3, juni: 6, juli: 7, okt: 10, oktober: 10, dez: 12, dezember: 12,
  gen: 1, gennaio: 1, febbraio: 2, marzo: 3, aprile: 4, mag: 5, maggio: 5, giu: 6, giugno: 6, lug: 7,
  luglio: 7, ago: 8, agosto: 8, set: 9, settembre: 9, ott: 10, ottobre: 10, dic: 12, dicembre: 12,
  ene: 1, enero: 1, febrero: 2, abr: 4, abril: 4, mayo: 5, junio: 6, julio: 7, septiembre: 9,
  setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
  fev: 2, fevereiro: 2, janeiro: 1, março: 3, maio: 5, junho: 6, julho: 7, setembro: 9, out: 10,
  outubro: 10, novembro: 11, dezembro: 12,
  januari: 1, februari: 2, maart: 3, mei: 5, augustus: 8,
};

/** The month a word names (1–12), or null. "Nov", "Nov.", "novembre", "NOV" all work. */
export function monthNumber(word: string): number | null {
  return MONTH_WORDS[word.replace(/\.$/, "").toLowerCase()] ?? null;
}

/** Alternation of every month word, longest first, for building patterns. */
export const MONTH_PATTERN = Object.keys(MONTH_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|");

const DAY_MS = 86_400_000;

/**
 * A calendar date without a year takes the year that puts it nearest `reference`: "Dec 31"
 * received on Jan 1 belongs to last year, "Jan 1" received on Dec 31 to next. Midnight UTC,
 * or null when the day does not exist.
 */
export function calendarDate(year: number | null, month: number, day: number, reference: Date | null): Date | null {
  let y = year ?? reference?.getUTCFullYear() ?? null;
  if (y === null) return null;
  if (year === null && reference) {
    const diff = Date.UTC(y, month - 1, day) - reference.getTime();
    if (diff > 183 * DAY_MS) y -= 1;
    else if (diff < -183 * DAY_MS) y += 1;
  }
  const d = new Date(Date.UTC(y, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d;
}

// prettier-ignore
const RFC822_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360,
  PST: -480, PDT: -420, CET: 60, CEST: 120, BST: 60,
};

function parseOffset(zone: string | undefined): number | null {
  if (!zone || zone === "Z" || zone === "z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? "0");
  if (minutes > 18 * 60) return null;
  return m[1] === "-" ? -minutes : minutes;
}

function parseDateParts(value: string | null | undefined): DateParts | null {
  if (typeof value !== "string") return null;
  const s = value.trim();
  if (s === "") return null;

  // ISO 8601 extended: 2026-11-10T14:05:00Z, 2026-11-10T15:05:00+01:00, 2026-11-10
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(s);
  // ISO 8601 basic, as NITF's norm attributes use it: 20261105T091500+0100
  m ??= /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(s);
  if (m) {
    const offset = parseOffset(m[7]);
    if (offset === null) return null;
    return checkParts({
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? "0"),
      minute: Number(m[5] ?? "0"),
      second: Number(m[6] ?? "0"),
      offset,
    });
  }

  // RFC 822 / 2822, as RSS uses it: Wed, 25 Nov 2026 13:05:00 +0100
  m =
    /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2})?$/.exec(
      s,
    );
  if (m) {
    const month = MONTHS_EN[(m[2] ?? "").slice(0, 3).toLowerCase()];
    if (month === undefined) return null;
    let year = Number(m[3]);
    if (year < 100) year += year < 50 ? 2000 : 1900;
    const zone = m[7];
    let offset: number | null = 0;
    if (zone && /^[+-]/.test(zone)) offset = parseOffset(zone);
    else if (zone) offset = RFC822_ZONES[zone.toUpperCase()] ?? 0; // RFC 2822: unknown zones mean UTC
    if (offset === null) return null;
    return checkParts({
      year,
      month,
      day: Number(m[1]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? "0"),
      offset,
    });
  }
  return null;
}

function checkParts(p: DateParts): DateParts | null {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 60) return null;
  const probe = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (probe.getUTCMonth() !== p.month - 1 || probe.getUTCDate() !== p.day) return null;
  return p;
}

/** "YYYY-MM-DDTHH:MM:SSZ" for a time in milliseconds. */
export function formatIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Any date a wire format carries (ISO 8601 with or without offset, NITF's compact
 * 20261105T091500+0100, RFC 822 with +0100 or zone names) → "YYYY-MM-DDTHH:MM:SSZ".
 * Values without an offset are taken as UTC. Unparseable → null.
 */
export function toIsoUtc(value: string | null | undefined): string | null {
  const p = parseDateParts(value);
  if (!p) return null;
  const second = Math.min(p.second, 59);
  const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, second) - p.offset * 60_000;
  return Number.isFinite(ms) ? formatIso(ms) : null;
}

/**
 * The calendar date a value names in its own time zone, as midnight UTC. A dateline
 * "Nov 5" normed as 20261105T000000+0100 is Nov 5, not 23:00 on Nov 4.
 */
export function toIsoDate(value: string | null | undefined): string | null {
  const p = parseDateParts(value);
  if (!p) return null;
  return formatIso(Date.UTC(p.year, p.month - 1, p.day));
}

/** a > b for ISO strings from toIsoUtc (null-safe). */
export function isLater(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return Date.parse(a) > Date.parse(b);
}

/** The earliest of several ISO dates. */
export function earliest(values: (string | null)[]): string | null {
  let best: string | null = null;
  for (const v of values) {
    if (v && (best === null || Date.parse(v) < Date.parse(best))) best = v;
  }
  return best;
}

/** English month names, for embargo lines (a wider table would read "out" or "set" as months). */
const MONTHS_EN_PATTERN =
  "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

const DATE_PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => [number | null, number, number] }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})/, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  {
    re: new RegExp(`\\b(${MONTHS_EN_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "i"),
    read: (m) => [m[3] ? Number(m[3]) : null, monthNumber(m[1]!) ?? -1, Number(m[2])],
  },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(${MONTHS_EN_PATTERN})\\.?(?:,?\\s+(\\d{4}))?\\b`, "i"),
    read: (m) => [m[3] ? Number(m[3]) : null, monthNumber(m[2]!) ?? -1, Number(m[1])],
  },
  { re: /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/, read: (m) => [Number(m[3]), Number(m[2]), Number(m[1])] },
];

/** Offsets in minutes east of UTC for the zones agencies write in embargo lines. */
const ZONES: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  CET: 60,
  MEZ: 60,
  WEST: 60,
  CEST: 120,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  JST: 540,
  AEST: 600,
  AEDT: 660,
};
const ZONE_RE = new RegExp(
  `(?:^|[\\s(])(${Object.keys(ZONES).join("|")})(?:\\s*([+-])\\s*(\\d{1,2})(?::?(\\d{2}))?)?(?=$|[\\s).,;])|([+-])(\\d{2}):?(\\d{2})\\b`,
);

/**
 * Read a date and time written the ways agencies write embargoes: "2026-12-01 06:00 UTC",
 * "0600 GMT December 2, 2026", "06:00 UTC on Tuesday, Dec 1, 2026", "12:01 a.m. EST Dec. 2".
 * No zone means UTC; no time means midnight; no year means the one nearest `reference`.
 */
export function parseLooseDateTime(text: string, reference: Date): Date | null {
  let date: Date | null = null;
  let rest = text;
  for (const { re, read } of DATE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const [year, month, day] = read(m);
    if (month < 0) continue;
    date = calendarDate(year, month, day, reference);
    if (date) {
      rest = text.slice(0, m.index) + " " + text.slice(m.index + m[0].length);
      break;
    }
  }
  if (!date) return null;

  let minutes = 0;
  const zone = ZONE_RE.exec(rest);
  let t: RegExpExecArray | null;
  if ((t = /(?:^|[^\d:])(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([ap])\.?\s?m\b\.?)?/i.exec(rest))) {
    minutes = clockMinutes(Number(t[1]), Number(t[2]), t[3]);
  } else if ((t = /(?:^|\s)(\d{1,2})\s*([ap])\.?\s*m\b\.?/i.exec(rest))) {
    minutes = clockMinutes(Number(t[1]), 0, t[2]);
  } else if ((t = /(?:^|\s)([01]\d|2[0-3])([0-5]\d)(?=\s*(?:h\b|hrs\b|hours\b|[A-Z]{1,4}\b))/.exec(rest))) {
    minutes = Number(t[1]) * 60 + Number(t[2]);
  } else if (/\bnoon\b/i.test(rest)) {
    minutes = 12 * 60;
  }
  if (Number.isNaN(minutes)) return null;

  let offset = 0;
  if (zone) {
    if (zone[1]) {
      offset = ZONES[zone[1]] ?? 0;
      if (zone[2]) offset += (zone[2] === "-" ? -1 : 1) * (Number(zone[3]) * 60 + Number(zone[4] ?? 0));
    } else if (zone[5]) {
      offset = (zone[5] === "-" ? -1 : 1) * (Number(zone[6]) * 60 + Number(zone[7]));
    }
  }
  return new Date(date.getTime() + (minutes - offset) * 60_000);
}

function clockMinutes(h: number, m: number, ampm: string | undefined): number {
  if (m > 59 || h > 23) return NaN;
  if (ampm) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (ampm.toLowerCase() === "p" ? 12 : 0);
  }
  return h * 60 + m;
}
