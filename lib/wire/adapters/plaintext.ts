import { createHash } from "node:crypto";
import { escapeHtml } from "../../html/sanitize";
import type { WireAdapter, WireInput } from "../adapter";
import { sniffSyntax } from "../decode";
import { matchByline } from "../byline";
import { matchDateline, type DatelineMatch } from "../dateline";
import { calendarDate, parseLooseDateTime } from "../dates";
import { finalizeItem } from "../markup";
import { WireParseError, type NormalizedItem } from "../normalized";

/**
 * Plain-text agency copy (dpa-AFX/RTT, Reuters, AP, AFP and look-alikes). The layout is
 * a loose convention, not a format, so this reads it the way a desk editor does:
 *
 *   [ date YYYY-MM-DD ]            transmission date (dpa-AFX/RTT)
 *   [EMBARGOED UNTIL <datetime>]   → embargoUntil, pubStatus stays "usable": the publishing service enforces the embargo (the same rule in every adapter)
 *   [SLUG-LINE/TOPIC]              Reuters-style slug → slugline, and the guid
 *   [UPDATE 1-]Headline            prefixes → version / signal
 *   [* bullet …]                   kept as a list at the top of the body
 *   [(Adds …)]                     editor note, dropped
 *   [By NAME / Associated Press]   → byline
 *   CITY, Mon D (Agency) - Lede…   dateline → dateline.*, removed from the lede
 *   Paragraphs…                    → bodyHtml / bodyText
 *   [($1 = 0.9174 euros)]          currency note: kept in the body (it explains figures in it)
 *   [trailers]                     copyright, "(Reporting by …)", "___" + contributor
 *                                  note, AFP sign-off initials → credit, one per line
 *   [Not for publication before …] embargo repeat: dropped
 *
 * Nothing here depends on a particular file; the tests include copy of each family that
 * is not among the shipped fixtures.
 */
export const plaintextAdapter: WireAdapter = {
  format: "plaintext",
  // The fallback: anything that does not look like markup. Registered last in detect.ts.
  sniff: (input) => sniffSyntax(input.text) === "text",
  parse: (input) => [parsePlainTextCopy(input)],
};

// ---------------------------------------------------------------------------------------
// Datelines: the shared reader (lib/wire/dateline.ts); only the shapes that name an agency
// anchor plain-text copy, where any capitalised line could otherwise look like a place.

function matchAnchorDateline(line: string): DatelineMatch | null {
  const m = matchDateline(line);
  return m?.strong ? m : null;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------
// Header lines (everything above the dateline)

type HeaderLine =
  | { kind: "date"; date: Date }
  | { kind: "embargo"; until: Date }
  | { kind: "slug"; text: string }
  | { kind: "bullet"; text: string }
  | { kind: "note"; text: string }
  | { kind: "byline"; text: string }
  | { kind: "affiliation" }
  | { kind: "rule" }
  | { kind: "other"; text: string };

const DATE_LINE_RE = /^date:?\s+(\d{4})-(\d{2})-(\d{2})$/i;
const EMBARGO_LINE_RE =
  /^[*\s]*(?:embargo(?:ed)?|hold\s+for\s+release|not\s+for\s+(?:publication|release|broadcast)(?:\s+or\s+broadcast)?)\b[\s:-]*(?:until|till|to|before|at)?\b(.*)$/i;
// Reuters-style slug: capitals and digits, words joined by "-" or "/", no spaces.
const SLUG_RE = /^(?=[A-Z0-9.&'_/-]*[A-Z])[A-Z0-9][A-Z0-9.&'_]*(?:[-/][A-Z0-9.&'_]*)+$/;
const BULLET_RE = /^[*•▪·-]\s+(\S.*)$/;
const AGENCY_LINE_RE =
  /^(?:the\s+)?(?:associated\s+press|reuters|agence\s+france-presse|afp|dpa(?:-afx)?|deutsche\s+presse-agentur|rtt\s?news|bloomberg(?:\s+news)?|meridian\s+wire\s+service|mws)(?:\s+(?:\w+\s+)?(?:writer|correspondent|reporter))?$/i;
const RULE_RE = /^[_\-=*~#]{3,}$/;

function classifyHeaderLine(line: string, previous: HeaderLine | undefined, reference: Date): HeaderLine {
  const date = DATE_LINE_RE.exec(line);
  if (date) {
    const d = calendarDate(Number(date[1]), Number(date[2]), Number(date[3]), reference);
    if (d) return { kind: "date", date: d };
  }
  const embargo = EMBARGO_LINE_RE.exec(line);
  // "EMBARGOED …" in capitals, or "Embargoed until …"; not a headline such as "Embargo on oil extended to Dec 5".
  if (
    embargo &&
    (/^[*\s]*[A-Z]{5}/.test(line) || /^[*\s]*\S+(?:\s+for\s+release)?\s*(?::|until\b|till\b|before\b)/i.test(line))
  ) {
    const until = parseLooseDateTime(embargo[1] ?? "", reference);
    if (until) return { kind: "embargo", until };
  }
  if (SLUG_RE.test(line)) return { kind: "slug", text: line };
  const bullet = BULLET_RE.exec(line);
  if (bullet) return { kind: "bullet", text: bullet[1]!.trim() };
  if (/^\(.*\)$/.test(line) || /^(?:eds?|editors?(?:'|’)?s?\s+note)\s*:/i.test(line)) return { kind: "note", text: line };
  const byline = matchByline(line);
  if (byline) return { kind: "byline", text: byline };
  if (AGENCY_LINE_RE.test(line)) return { kind: "affiliation" };
  // "Associated Press", "AP Business Writer" … directly under a byline.
  if (previous?.kind === "byline" && line.split(/\s+/).length <= 6 && !/[\d.!?:]/.test(line)) return { kind: "affiliation" };
  if (RULE_RE.test(line)) return { kind: "rule" };
  return { kind: "other", text: line };
}

/** Too long, and ending like a sentence: a body paragraph, not a headline or standfirst. */
function isProse(text: string): boolean {
  return text.length > 300 || (text.length > 200 && TERMINAL_RE.test(text));
}

/** A line that can stand as a headline when there is no dateline to anchor the layout. */
function isHeadlineLike(text: string): boolean {
  return text.length <= 200 && text.split(/\s+/).length <= 30 && /^[\p{L}\p{N}"“‘'(]/u.test(text) && !/[.,;:]$/.test(text);
}

// Agency prefixes on the headline: status (→ version / signal) and story type (→ genre).
const HEADLINE_PREFIX_RE =
  /^(UPDATE\s*(\d+)|WRAPUP\s*(\d+)?|REFILE|RPT|REPEAT|CORRECTED|CORRECTION|KILL|WITHDRAWN|URGENT|FLASH|ANALYSIS|FACTBOX|TIMELINE|INTERVIEW|PREVIEW|COLUMN)\s*[-:]\s*/;

type HeadlineStatus = { version: number; signal: NormalizedItem["signal"]; genre: string | null; killed: boolean };

function stripHeadlinePrefixes(headline: string): { headline: string } & HeadlineStatus {
  const status: HeadlineStatus = { version: 1, signal: "new", genre: null, killed: false };
  let h = headline;
  for (let m = HEADLINE_PREFIX_RE.exec(h); m; m = HEADLINE_PREFIX_RE.exec(h)) {
    const word = m[1]!.split(/\s/)[0]!;
    const n = m[2] ?? m[3];
    if (n) status.version = Math.max(status.version, Number(n) + 1);
    if (word === "UPDATE" || word === "REFILE" || word === "RPT" || word === "REPEAT" || (word === "WRAPUP" && n)) {
      if (status.signal === "new") status.signal = "update";
    } else if (word === "CORRECTED" || word === "CORRECTION") {
      if (status.signal !== "kill") status.signal = "correction";
    } else if (word === "KILL" || word === "WITHDRAWN") {
      status.signal = "kill";
      status.killed = true;
    } else if (word !== "URGENT" && word !== "FLASH") {
      status.genre = word.toLowerCase();
    }
    h = h.slice(m[0].length);
  }
  return { headline: h.trim(), ...status };
}

// ---------------------------------------------------------------------------------------
// Body paragraphs and trailers

type Block = { kind: "p"; text: string } | { kind: "ul"; items: string[] };

const COPYRIGHT_RE = /^(?:copyright\b|©|\(c\)\s)/i;
// "(Reporting by Lena Hofstetter; Editing by …)"; a name must follow, so "Writing by hand …" is body.
const STAFF_CREDIT_RE =
  /^\(?\s*(?:(?:[Aa]dditional|[Ff]urther)\s+)?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompil(?:ed|ing)|[Rr]esearch|[Tt]ranslat(?:ion|ed)|[Gg]raphics?|[Pp]roduc(?:tion|ed))\s+(?:by|By|BY)\s+\p{Lu}.*\)?$/u;
const INITIALS_RE = /^[a-z]{1,4}(?:\/[a-z]{1,4}){1,6}$/;
const CURRENCY_NOTE_RE = /^\(\s*(?:[$€£¥]|[A-Z]{3}\s?)\s*1\s*=\s*[^()]+\)$/;
const END_MARKER_RE = /^(?:-?\s*30\s*-?|#{3,}|\*{3,}|ends?|\[?end\]?|-+\s*end\s*-+)$/i;
const CONTACT_RE = /^\(\(.*\)\)$/s;
const EMBARGO_NOTICE_RE =
  /^(?:not\s+for\s+(?:publication|release|broadcast|use)|embargo(?:ed)?\b|hold\s+for\s+release|for\s+release\s+(?:at|after|on))/i;

/** Lines that always stand alone, even when the sender left out the blank line before them. */
function isStandaloneLine(line: string): boolean {
  return (
    (line.length <= 200 && COPYRIGHT_RE.test(line)) ||
    (line.length <= 400 && /^\(/.test(line) && STAFF_CREDIT_RE.test(line)) ||
    INITIALS_RE.test(line) ||
    CURRENCY_NOTE_RE.test(line) ||
    RULE_RE.test(line) ||
    END_MARKER_RE.test(line)
  );
}

const TERMINAL_RE = /[.!?:]["”’)]*$|["”’]$/;

function joinLines(lines: string[]): string {
  let out = "";
  for (const line of lines) {
    const t = line.trim();
    if (!out) out = t;
    // "long-\nterm" was hyphenated by a hard wrap.
    else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(t)) out += t;
    else out += " " + t;
  }
  return out;
}

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line)![0];
  return m.replace(/\t/g, "    ").length;
}

/**
 * Split one run of non-blank lines into paragraphs. Paragraph breaks inside a run come
 * from indentation (first-line indents), from "one line per paragraph" copy, or from a
 * short line ending a sentence in hard-wrapped copy.
 */
function splitRun(lines: string[]): Block[] {
  const trimmed = lines.map((l) => l.trim());
  if (trimmed.every((l) => BULLET_RE.test(l))) {
    return [{ kind: "ul", items: trimmed.map((l) => BULLET_RE.exec(l)![1]!.trim()) }];
  }
  const minIndent = Math.min(...lines.map(indentOf));
  const hasIndentBreaks = lines.some((l, i) => i > 0 && indentOf(l) > minIndent);
  const maxLen = Math.max(...trimmed.map((l) => l.length));
  const hardWrapped = trimmed.slice(0, -1).some((l) => !TERMINAL_RE.test(l));

  const blocks: Block[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) blocks.push({ kind: "p", text: joinLines(current) });
    current = [];
  };
  trimmed.forEach((line, i) => {
    const prev = trimmed[i - 1];
    const breakBefore =
      i > 0 &&
      (isStandaloneLine(line) ||
        isStandaloneLine(prev!) ||
        (hasIndentBreaks
          ? indentOf(lines[i]!) > minIndent
          : TERMINAL_RE.test(prev!) && (!hardWrapped || prev!.length < 0.8 * maxLen)));
    if (breakBefore) flush();
    current.push(line);
  });
  flush();
  return blocks;
}

function splitParagraphs(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let run: string[] = [];
  for (const line of [...lines, ""]) {
    if (line.trim() === "") {
      if (run.length) blocks.push(...splitRun(run));
      run = [];
    } else run.push(line.trimEnd());
  }
  return blocks;
}

type Trailers = { body: Block[]; credits: string[]; embargoNotice: string | null };

/**
 * Peel trailers off the end of the copy. Credits keep their text order. Currency notes
 * stay in the body: "($1 = 0.9174 euros)" is what the dollar figures in the story were
 * converted at, and Reuters publishes it with the story.
 */
function peelTrailers(blocks: Block[]): Trailers {
  const body = [...blocks];
  const credits: string[] = [];
  const keptTail: Block[] = [];
  let embargoNotice: string | null = null;

  // AP: "___" then a contributor note ("Associated Press writer X contributed …").
  const ruleAt = body.findLastIndex((b) => b.kind === "p" && RULE_RE.test(b.text));
  if (ruleAt > 0) {
    const after = body.slice(ruleAt + 1);
    if (after.length <= 3 && after.every((b) => b.kind === "p" && b.text.length <= 400)) {
      credits.push(...after.map((b) => (b as { text: string }).text));
      body.length = ruleAt;
    }
  }

  while (body.length > 0) {
    const last = body[body.length - 1]!;
    if (last.kind !== "p") break;
    const t = last.text;
    if ((t.length <= 200 && COPYRIGHT_RE.test(t)) || (t.length <= 400 && STAFF_CREDIT_RE.test(t)) || INITIALS_RE.test(t)) {
      credits.unshift(t);
    } else if (CURRENCY_NOTE_RE.test(t)) {
      keptTail.unshift(last);
    } else if (t.length <= 300 && EMBARGO_NOTICE_RE.test(t)) {
      embargoNotice ??= t;
    } else if (!(END_MARKER_RE.test(t) || CONTACT_RE.test(t) || RULE_RE.test(t))) {
      break;
    }
    body.pop();
  }
  return { body: [...body, ...keptTail], credits, embargoNotice };
}

// ---------------------------------------------------------------------------------------
// Sentences

// Words whose trailing period does not end a sentence.
const ABBREVIATIONS = new Set(
  "mr mrs ms dr prof st sen rep gov gen col lt sgt capt cmdr adm jr sr inc corp co ltd plc no nos vs etc approx est dept univ fig jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n e.u a.m p.m e.g i.e".split(
    " ",
  ),
);

/** The first sentence of a paragraph (abbreviation- and initial-aware). */
export function firstSentence(paragraph: string): string {
  const re = /([.!?])(["”’)]*)\s+(?=["“‘(]?[\p{Lu}\p{N}])/gu;
  for (let m = re.exec(paragraph); m; m = re.exec(paragraph)) {
    if (m[1] === ".") {
      const before = /(\S+)$/.exec(paragraph.slice(0, m.index))?.[1] ?? "";
      const word = before.replace(/^["“‘(]+/, "").toLowerCase();
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) continue;
    }
    return paragraph.slice(0, m.index + m[1]!.length + m[2]!.length).trim();
  }
  return paragraph.trim();
}

// ---------------------------------------------------------------------------------------
// The parser

function parsePlainTextCopy(input: WireInput): NormalizedItem {
  const { text, receivedAt, source } = input;
  const lines = text.split("\n");

  // The dateline anchors the layout: everything above it is header, it starts the body.
  // Only the top of the copy is searched, so a wrap-up's second dateline is not taken,
  // and a dateline below prose paragraphs is a body paragraph, not the anchor.
  let header: HeaderLine[] = [];
  let headlineGroups: string[][] = [];
  let dateline: DatelineMatch | null = null;
  let bodyStart = -1;
  for (let i = 0, seen = 0; i < lines.length && seen < 25 && bodyStart === -1; i++) {
    const t = lines[i]!.trim();
    if (!t) continue;
    seen++;
    const d = matchAnchorDateline(t);
    if (!d) continue;
    const above = readHeaderAbove(lines, i, receivedAt);
    if (above.headlineGroups.some((g) => isProse(joinLines(g)))) break;
    ({ header, headlineGroups } = above);
    dateline = d;
    bodyStart = i;
  }
  if (bodyStart === -1) {
    header = [];
    headlineGroups = [];
    bodyStart = scanHeaderWithoutDateline(lines, header, headlineGroups, receivedAt);
  }

  const dateLine = header.find((h) => h.kind === "date")?.date ?? null;
  let embargo = header.find((h) => h.kind === "embargo")?.until ?? null;
  const slugline = header.find((h) => h.kind === "slug")?.text ?? null;
  const byline = header.find((h) => h.kind === "byline")?.text ?? null;
  const bullets = header.flatMap((h) => (h.kind === "bullet" ? [h.text] : []));
  const notes = header.flatMap((h) => (h.kind === "note" ? [h.text] : []));

  const rawHeadline = headlineGroups[0] ? joinLines(headlineGroups[0]) : null;
  const subheadline = headlineGroups.length > 1 ? headlineGroups.slice(1).map(joinLines).join(" ") : null;
  const status = stripHeadlinePrefixes(rawHeadline ?? "");
  const headline = status.headline || null;
  if (notes.some((n) => /^\(\s*correct/i.test(n)) && status.signal !== "kill") status.signal = "correction";

  if (!dateline && !dateLine && !headline) {
    const start = lines.find((l) => l.trim())?.trim() ?? "";
    throw new WireParseError(
      "NO_CONTENT",
      `no dateline or headline found: the copy has no " date YYYY-MM-DD " line, no "CITY (Agency) -" dateline ` +
        `and no headline line above the first paragraph (it starts "${start.slice(0, 60)}${start.length > 60 ? "…" : ""}")`,
    );
  }

  const blocks = splitParagraphs(lines.slice(bodyStart));
  const first = blocks[0];
  if (dateline && first?.kind === "p") first.text = first.text.slice(dateline.length).trim();
  const { body, credits, embargoNotice } = peelTrailers(blocks.filter((b) => b.kind !== "p" || b.text !== ""));
  if (!embargo && embargoNotice) embargo = parseLooseDateTime(embargoNotice, receivedAt);
  if (bullets.length) body.unshift({ kind: "ul", items: bullets });
  if (!body.some((b) => b.kind === "p")) {
    throw new WireParseError("NO_CONTENT", "no body text found: the copy has a header but no paragraphs");
  }

  // A dateline's "Nov 3" takes its year from the date line, else from when the file arrived.
  const yearReference = dateLine ?? receivedAt;
  const datelineDate = (dateline?.dateText ? parseLooseDateTime(dateline.dateText, yearReference) : null) ?? dateLine;

  const agency = dateline?.agency ?? null;
  const place = dateline?.place ?? null;
  const lede = body.find((b): b is Extract<Block, { kind: "p" }> => b.kind === "p")!.text;
  const guidPrefix = (agency ?? "plaintext").toLowerCase().replace(/\s+/g, "-");
  const guid = slugline
    ? `${guidPrefix}:${slugline.toLowerCase()}`
    : `${guidPrefix}:${createHash("sha256")
        .update([agency ?? "", datelineDate ? isoDay(datelineDate) : "", place ?? "", firstSentence(lede)].join("\n"))
        .digest("hex")
        .slice(0, 16)}`;

  return finalizeItem(
    {
      source,
      format: "plaintext",
      guid,
      version: status.version,
      headline,
      subheadline,
      slugline,
      byline,
      dateline: { place, agency, date: datelineDate?.toISOString() ?? null },
      firstCreated: dateLine?.toISOString() ?? null,
      versionCreated: dateLine?.toISOString() ?? null,
      language: "en",
      urgency: null,
      pubStatus: status.killed ? "canceled" : "usable",
      embargoUntil: embargo?.toISOString() ?? null,
      signal: status.signal,
      subjects: [],
      keywords: [],
      places: place ? [place] : [],
      genre: status.genre,
      credit: credits.length ? credits.join("\n") : null,
      bodyHtml: body.map(renderHtml).join("\n"),
      bodyText: body.map(renderText).join("\n\n"),
    },
    receivedAt,
    { leadAlreadyRead: true },
  );
}

/** Classify every line above the dateline; runs of unclassified lines are headline candidates. */
function readHeaderAbove(
  lines: string[],
  datelineAt: number,
  reference: Date,
): { header: HeaderLine[]; headlineGroups: string[][] } {
  const header: HeaderLine[] = [];
  const headlineGroups: string[][] = [];
  let inGroup = false;
  for (let i = 0; i < datelineAt; i++) {
    const t = lines[i]!.trim();
    if (!t) {
      inGroup = false;
      continue;
    }
    const h = classifyHeaderLine(t, header[header.length - 1], reference);
    header.push(h);
    if (h.kind === "other") {
      if (!inGroup) headlineGroups.push([]);
      headlineGroups[headlineGroups.length - 1]!.push(h.text);
      inGroup = true;
    } else inGroup = false;
  }
  return { header, headlineGroups };
}

/**
 * Without a dateline the header is whatever leading runs of lines are clearly header
 * material (date line, embargo, slug, notes, byline), plus at most one headline-like run.
 * Returns the index of the first body line.
 */
function scanHeaderWithoutDateline(lines: string[], header: HeaderLine[], headlineGroups: string[][], reference: Date): number {
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === "") i++;
    let end = i;
    while (end < lines.length && lines[end]!.trim() !== "") end++;
    if (i >= lines.length) return i;
    const isLastRun = !lines.slice(end).some((l) => l.trim() !== "");

    const run: HeaderLine[] = [];
    for (let k = i; k < end; k++) {
      run.push(classifyHeaderLine(lines[k]!.trim(), run[run.length - 1] ?? header[header.length - 1], reference));
    }
    const others = run.filter((h): h is Extract<HeaderLine, { kind: "other" }> => h.kind === "other");
    const othersLead = run.findIndex((h) => h.kind !== "other");
    // A headline needs a body below it.
    const headlineRun =
      !isLastRun &&
      others.length > 0 &&
      headlineGroups.length === 0 &&
      others.length <= 3 &&
      (othersLead === -1 || othersLead === others.length) &&
      isHeadlineLike(joinLines(others.map((o) => o.text)));
    const headerOnly = others.length === 0 && !run.some((h) => h.kind === "bullet");
    if (!headlineRun && !headerOnly) return i;
    if (headlineRun) headlineGroups.push(others.map((o) => o.text));
    header.push(...run.filter((h) => h.kind !== "other"));
    i = end;
  }
  return i;
}

function renderHtml(b: Block): string {
  return b.kind === "p"
    ? `<p>${escapeHtml(b.text)}</p>`
    : `<ul>${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
}

function renderText(b: Block): string {
  return b.kind === "p" ? b.text : b.items.map((item) => `* ${item}`).join("\n");
}
