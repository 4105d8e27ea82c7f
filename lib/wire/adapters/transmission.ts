import { createHash } from "node:crypto";
import { escapeHtml } from "../../html/sanitize";
import type { WireAdapter, WireInput } from "../adapter";
import { matchByline } from "../byline";
import { formatIso } from "../dates";
import { cleanText, finalizeItem } from "../markup";
import { WireParseError, type NormalizedItem } from "../normalized";
import { signalFromNote, signalFromVersionLine, strongerSignal, type Signal } from "../signal";

/**
 * The two wire transmission formats still in daily use, where control characters are the
 * markup:
 *
 * IPTC 7901 (dpa, SDA-ATS, …)
 *   SOH  "eca062 4 i 211 ccccb   dpa 061"   service+sequence, priority, category, words, agency
 *        "Germany-politics/"                keyword line
 *   STX  [version lines: REFILE, 1ST LEAD, EXTRA, (Achtung)]
 *        headline line ending " ="          (or the line above a byline ending " =")
 *        [By Jane Doe, dpa =]
 *        body paragraphs (blank lines between, or indented first lines)
 *   ETX  "242200 GMT Jun 17"                 day, time, month, year of transmission
 *
 * ANPA 1312 (AP's classic, Kyodo)
 *   SYN SYN SOH "W2870" US …                 station, sequence
 *   "r a" DC3 DC1 " BC-US--Ethanol 1stLd-Writethru   11-13 1693"   priority, category, keyword, date, words
 *   STX  "^BC-US--Ethanol-Losing Grassland, 1st Ld-Writethru,1140<"   keyword + version
 *        "^Headline<"  "^AP Photo …<"  "^Eds: …<"  "^By NAME="  "^Associated Press="
 *        tab-indented body paragraphs ("^" starts a header line, "<" and "=" end one)
 *   ETX  "AP-WF-08-29-16 1626GMT<"
 *
 * The body then goes through the shared lead reader like every other format (datelines
 * such as "ROSCOE, South Dakota (AP) _" or "Berlin (dpa) -").
 */

const SOH = "\u0001";
const STX = "\u0002";
const ETX = "\u0003";

/** 7901 header: selector + number, priority digit, category letters, word count. */
const HEADER_7901 = /^([a-z]{1,4}\d{2,8})\s+(\d)\s+([a-z]{1,4})\s+(\d{1,5})\b(.*)$/;
/** ANPA header: priority and category letters, then keyword, "mm-dd" and word count. */
const HEADER_ANPA = /^([a-z])\s([a-z])[\u0011-\u0014]*\s*(\S.*?)\s+(\d{2})-(\d{2})(?:\s+(\d{1,5}))?\s*$/;

function firstLines(text: string, n: number): string[] {
  return text
    .replace(/^[\u0016\u007f\s]+/, "")
    .split("\n")
    .slice(0, n)
    .map((l) => l.replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, (c) => (c === "\u001f" ? " " : "")).trim());
}

function is7901(text: string): boolean {
  const head = text.replace(/^[\u0016\u007f\s]+/, "");
  const first = firstLines(text, 1)[0] ?? "";
  return HEADER_7901.test(first) && (head.startsWith(SOH) || text.includes(STX) || /\n\n/.test(text.slice(0, 400)));
}

function isAnpa(text: string): boolean {
  const head = text.replace(/^[\u0016\u007f\s]+/, "");
  if (!head.startsWith(SOH)) return false;
  return firstLines(text, 3).some((l) => HEADER_ANPA.test(l)) || /\u0002\^?(?:BC|AP)-/.test(text.slice(0, 400));
}

export const iptc7901Adapter: WireAdapter = {
  format: "iptc-7901",
  sniff: (input) => is7901(input.text),
  parse: (input) => [parse7901(input)],
};

export const anpa1312Adapter: WireAdapter = {
  format: "anpa-1312",
  sniff: (input) => !is7901(input.text) && isAnpa(input.text),
  parse: (input) => [parseAnpa(input)],
};

// ---------------------------------------------------------------------------------------
// Shared pieces

/** Control characters out, ANPA's end-of-line marks ("<", "=", "+") off, "^" line starts off. */
function cleanLine(line: string): string {
  return line
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/^\s*\^/, "")
    .replace(/\s*[<=+]\s*$/, "")
    .trim();
}

/** Body lines → paragraphs: a blank line or an indented line starts one; other lines continue it. */
function paragraphs(lines: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const p = cleanText(current.join(" "));
    if (p) out.push(p);
    current = [];
  };
  for (const raw of lines) {
    const indented = /^(?:\t|\s{2,}|\s*\^)/.test(raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""));
    const line = cleanLine(raw);
    if (line === "") {
      flush();
      continue;
    }
    if (indented) flush();
    current.push(line);
  }
  flush();
  return out;
}

function toHtml(paras: string[]): string {
  return paras.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
}

function guidFor(agency: string, keyword: string | null, headline: string | null, body: string[]): string {
  const hash = createHash("sha256")
    .update([keyword ?? "", headline ?? "", body[0] ?? ""].join("\n"))
    .digest("hex")
    .slice(0, 16);
  return `${agency.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}:${hash}`;
}

const MONTHS3: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12, // prettier-ignore
};

/** 7901 trailer "242200 GMT Jun 17" / "091223 dec 18": day, hh, mm, [zone], month, yy. */
function trailerDate7901(trailer: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})\s+(?:([A-Z]{2,4})\s+)?([A-Za-z]{3})\s+(\d{2})\b/.exec(trailer.trim());
  if (!m) return null;
  const month = MONTHS3[m[5]!.toLowerCase()];
  if (!month) return null;
  const ms = Date.UTC(2000 + Number(m[6]), month - 1, Number(m[1]), Number(m[2]), Number(m[3]));
  return Number.isFinite(ms) ? formatIso(ms) : null;
}

/** ANPA trailer "AP-WF-08-29-16 1626GMT": mm-dd-yy hhmm. */
function trailerDateAnpa(trailer: string): string | null {
  const m = /(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})\s*GMT/.exec(trailer);
  if (!m) return null;
  const ms = Date.UTC(2000 + Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]));
  return Number.isFinite(ms) ? formatIso(ms) : null;
}

function baseItem(input: WireInput, format: NormalizedItem["format"]) {
  return {
    source: input.source,
    format,
    subheadline: null,
    firstCreated: null,
    language: null,
    pubStatus: "usable" as const,
    embargoUntil: null,
    subjects: [],
    keywords: [],
    places: [],
    genre: null,
    credit: null,
    dateline: { place: null, agency: null, date: null },
  };
}

// ---------------------------------------------------------------------------------------
// IPTC 7901

function parse7901(input: WireInput): NormalizedItem {
  const text = input.text.replace(/^[\u0016\u007f\s]+/, "");
  const etx = text.indexOf(ETX);
  const main = etx === -1 ? text : text.slice(0, etx);
  const trailer = etx === -1 ? "" : (text.slice(etx + 1).split("\n")[0] ?? "");
  const lines = main.split("\n");
  const header = HEADER_7901.exec(cleanLine(lines[0] ?? ""));
  if (!header) throw new WireParseError("MALFORMED", "IPTC 7901: the first line is not a 7901 header");
  const agency =
    cleanText(
      header[5]
        ?.trim()
        .split(/\s+/)
        .find((w) => /^\p{L}[\p{L}-]*$/u.test(w)),
    ) ?? "7901";

  // The keyword line, then the heading block up to the first blank line after it.
  let i = 1;
  while (i < lines.length && cleanLine(lines[i]!) === "") i++;
  const keywordLine = lines[i]?.includes(STX) ? null : cleanLine(lines[i] ?? "");
  if (keywordLine !== null) i++;
  while (i < lines.length && cleanLine(lines[i]!) === "") i++;
  const block: string[] = [];
  for (; i < lines.length; i++) {
    const l = cleanLine(lines[i]!);
    if (l === "") break;
    block.push(l.replace(/\s*=$/, ""));
  }
  const terminated = lines
    .slice(i - block.length, i)
    .map((l) => /=\s*$/.test(l.replace(/[\u0000-\u001f]/g, "")))
    .lastIndexOf(true);

  let byline: string | null = null;
  let headlineIndex = terminated === -1 ? block.length - 1 : terminated;
  // The line ending " =" may be the byline ("By dpa correspondents =") with the headline above.
  const terminatedLine = headlineIndex >= 0 ? block[headlineIndex]! : "";
  const bylineMatch = matchByline(terminatedLine) ?? (/^By\s+\S/.test(terminatedLine) ? cleanText(terminatedLine) : null);
  if (bylineMatch) {
    byline = bylineMatch;
    headlineIndex -= 1;
  }
  let signal: Signal = "new";
  for (const line of block.slice(0, Math.max(headlineIndex, 0))) {
    signal = strongerSignal(signal, signalFromVersionLine(line));
  }
  const headline = headlineIndex >= 0 ? cleanText(block[headlineIndex]) : null;
  const body = paragraphs(lines.slice(i));
  if (!headline && body.length === 0) throw new WireParseError("NO_CONTENT", "IPTC 7901: no heading and no text");

  return finalizeItem(
    {
      ...baseItem(input, "iptc-7901"),
      guid: guidFor(agency, keywordLine, headline, body),
      version: 1,
      headline,
      slugline: keywordLine ? keywordLine.replace(/^\/|\/$/g, "") || null : null,
      byline,
      versionCreated: trailerDate7901(trailer),
      urgency: Number(header[2]),
      signal,
      bodyHtml: toHtml(body),
    },
    input.receivedAt,
  );
}

// ---------------------------------------------------------------------------------------
// ANPA 1312

const ANPA_URGENCY: Record<string, number> = { f: 1, b: 2, u: 3, r: 4, d: 5, a: 6, s: 6 };

function parseAnpa(input: WireInput): NormalizedItem {
  const text = input.text.replace(/^[\u0016\u007f\s]+/, "");
  const etx = text.indexOf(ETX);
  const main = etx === -1 ? text : text.slice(0, etx);
  const trailer = etx === -1 ? "" : text.slice(etx + 1);
  const stx = main.indexOf(STX);
  const preamble = stx === -1 ? main.split("\n").slice(0, 2) : main.slice(0, stx).split("\n");
  const headerLine = preamble.map(cleanLine).find((l) => HEADER_ANPA.test(l)) ?? "";
  const header = HEADER_ANPA.exec(headerLine);
  const station = cleanText(cleanLine(preamble[0] ?? "").replace(/^[A-Za-z]?\d{3,5}/, "")) ?? "";
  const agency = /kyodo/i.test(main.slice(0, 200)) ? "Kyodo" : "AP";

  // Header lines run from STX to the first indented body line; "<" can join several on one line.
  const afterStx = (stx === -1 ? main : main.slice(stx + 1)).replace(/<\s*(?=\^)/g, "<\n");
  const lines = afterStx.split("\n");
  let bodyStart = lines.findIndex((l) => /^(?:\t|\s{2,})\S/.test(l.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")));
  if (bodyStart === -1) bodyStart = lines.length;

  let keyword: string | null = header?.[3] ?? null;
  let headline: string | null = null;
  let byline: string | null = null;
  let signal: Signal = signalFromVersionLine(header?.[3]) ?? "new";
  const extraBody: string[] = [];
  let afterByline = false;
  for (let i = 0; i < bodyStart; i++) {
    const raw = lines[i]!;
    const line = cleanLine(raw);
    if (line === "" || /^\*\d+$/.test(line)) continue;
    if (/^(?:BC|AP)-/.test(line)) {
      const [slug, ...rest] = line.split(",").map((s) => s.trim());
      keyword = slug ?? keyword;
      for (const part of rest) signal = strongerSignal(signal, signalFromVersionLine(part));
      continue;
    }
    if (/^(?:AP Photos?|AP Video|AP Graphic)\b/i.test(line)) continue;
    if (/^\(?Eds?:|^EDITOR'?S NOTE/i.test(line)) {
      signal = strongerSignal(signal, signalFromNote(line.replace(/^\(/, "")));
      continue;
    }
    const by = matchByline(line);
    if (by && byline === null) {
      byline = by;
      afterByline = true;
      continue;
    }
    if (afterByline && /=\s*$/.test(raw) && line.split(/\s+/).length <= 5 && !/\d/.test(line)) {
      // "Associated Press=", "AP Sports Writer=": the byline's second line.
      afterByline = false;
      continue;
    }
    afterByline = false;
    if (headline === null) {
      headline = line;
      continue;
    }
    // Before the byline, a "<" line is the summary; after it (agate, tables) it is copy.
    if (byline === null && /<\s*$/.test(raw)) continue;
    extraBody.push(raw);
  }
  const body = paragraphs([...extraBody, ...lines.slice(bodyStart)]);
  if (!headline && body.length === 0) throw new WireParseError("NO_CONTENT", "ANPA: no headline and no text");

  return finalizeItem(
    {
      ...baseItem(input, "anpa-1312"),
      guid: guidFor(agency, keyword ?? station, headline, body),
      version: 1,
      headline,
      slugline: keyword,
      byline,
      versionCreated: trailerDateAnpa(trailer),
      urgency: header ? (ANPA_URGENCY[header[1]!] ?? null) : null,
      signal,
      bodyHtml: toHtml(body),
    },
    input.receivedAt,
  );
}
