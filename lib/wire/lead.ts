import { matchByline } from "./byline";
import { matchDateline, type DatelineMatch } from "./dateline";
import { sanitizeBodyHtml } from "./markup";
import { signalFromNote, type Signal } from "./signal";
import { decodeXmlText } from "./xml";

/**
 * The top of a story body as agencies write it, whatever the format carried it in:
 *
 *   [keyword list, date/time line, "EXTRA"]   agency header block (dpa) → dropped
 *   [(Adds comments, detail)]                 version note → signal, dropped
 *   [By Jane Doe]                             byline paragraph → byline, dropped
 *   CITY, Mon D (Agency) - Lede …             dateline → dateline, removed from the lede
 *
 * Works on sanitized body HTML (top-level blocks); the text is derived from the result.
 */

export type Lead = {
  bodyHtml: string;
  byline: string | null;
  dateline: DatelineMatch | null;
  signal: Signal | null;
  changed: boolean;
};

type Block = { tag: string; html: string; text: string };

const BLOCK = /\s*<(p|ul|ol|h[2-6])\b[^>]*>[\s\S]*?<\/\1>/y;
/** Paragraphs looked at for a dateline; a lead lower than this is not the lead. */
const MAX_LEAD_BLOCKS = 8;

function leadingBlocks(html: string): { blocks: Block[]; rest: number } {
  const blocks: Block[] = [];
  BLOCK.lastIndex = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while (blocks.length < MAX_LEAD_BLOCKS && (m = BLOCK.exec(html))) {
    const tag = m[1]!;
    const text = blockText(m[0]);
    blocks.push({ tag, html: m[0], text });
    end = BLOCK.lastIndex;
  }
  return { blocks, rest: end };
}

/**
 * The text of a block of sanitized HTML, whitespace collapsed as htmlToText does. The body is
 * already the sanitizer's output, so tags are stripped and entities decoded without sanitizing
 * each block again (that would double the cost of parsing).
 */
function blockText(html: string): string {
  const text = decodeXmlText(
    html
      .replace(/<br\s*\/?>/gi, " ")
      .replace(/<\/(?:li|p|h[2-6])>/gi, " ")
      .replace(/<[^>]*>/g, ""),
  );
  return text.replace(/\s+/g, " ").trim();
}

/** Header lines: keyword lists, a date/time line, a one- or two-word flag ("EXTRA", "EILT"). */
function isHeaderBlock(b: Block): boolean {
  if (b.tag === "ul" || b.tag === "ol") return b.text.split(/\s+/).length <= 40 && !/[.!?]\s/.test(b.text);
  if (b.tag !== "p") return false;
  if (/^\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*\p{L}{1,4})?)?$/u.test(b.text)) return true;
  if (/^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}.*)?$/.test(b.text)) return true;
  return /^\p{Lu}[\p{Lu}\d ]{1,20}$/u.test(b.text);
}

/**
 * Removes `length` characters of text (as htmlToText collapses it) from the start of a
 * block's content, keeping its tags, so "<p><b>LIMA (Reuters) -</b> Pope …" loses the dateline only.
 */
function dropTextPrefix(blockHtml: string, length: number): string {
  const open = /^\s*<[^>]+>/.exec(blockHtml)![0];
  const inner = blockHtml.slice(open.length);
  let out = "";
  let count = 0;
  let i = 0;
  let lastSpace = true;
  while (i < inner.length && count < length) {
    const ch = inner[i]!;
    if (ch === "<") {
      const close = inner.indexOf(">", i);
      out += inner.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    if (ch === "&") {
      const semi = inner.indexOf(";", i);
      i = semi > i && semi - i < 12 ? semi + 1 : i + 1;
      count++;
      lastSpace = false;
      continue;
    }
    if (/\s/.test(ch)) {
      if (!lastSpace) count++;
      lastSpace = true;
      i++;
      continue;
    }
    count++;
    lastSpace = false;
    i++;
  }
  return open + out + inner.slice(i).replace(/^\s+/, "");
}

export function readLead(bodyHtml: string): Lead {
  const none: Lead = { bodyHtml, byline: null, dateline: null, signal: null, changed: false };
  const { blocks, rest } = leadingBlocks(bodyHtml);
  if (blocks.length === 0) return none;

  let byline: string | null = null;
  let signal: Signal | null = null;
  const drop = new Set<number>();
  const header: number[] = [];
  let found = -1;
  let dateline: DatelineMatch | null = null;
  let firstContent = true;
  let shortLines = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.text === "") {
      drop.add(i);
      continue;
    }
    if (b.tag === "p") {
      const d = matchDateline(b.text);
      if (d && (firstContent || d.strong)) {
        found = i;
        dateline = d;
        break;
      }
      const by = matchByline(b.text);
      if (by && byline === null) {
        byline = by;
        drop.add(i);
        continue;
      }
      const note = /^\(.*\)$/.test(b.text) ? signalFromNote(b.text) : null;
      if (note && firstContent) {
        signal = note;
        drop.add(i);
        continue;
      }
    }
    if (isHeaderBlock(b)) {
      header.push(i);
      continue;
    }
    // A short line that is not a sentence above the dateline (a release's "NOT FOR
    // DISSEMINATION …", a "new version, replaces: …" note) stays in the body but does not
    // hide the dateline. A sentence ("First.") is the lead: a dateline below it is a wrap-up's.
    if (b.tag === "p" && shortLines < 2 && b.text.split(/\s+/).length <= 20 && !/[.!?]["”’)]?$/.test(b.text)) {
      shortLines++;
      firstContent = false;
      continue;
    }
    // A subtitle heading may sit above the dateline (press releases); it stays.
    if (/^h[2-6]$/.test(b.tag)) {
      firstContent = false;
      continue;
    }
    break;
  }
  if (found >= 0) for (const i of header) drop.add(i);
  if (found < 0 && drop.size === 0) return none;

  const parts = blocks.map((b, i) => {
    if (drop.has(i)) return "";
    if (i === found && dateline) return dropTextPrefix(b.html, dateline.length);
    return b.html;
  });
  const html = sanitizeBodyHtml(parts.join("") + bodyHtml.slice(rest));
  return { bodyHtml: html, byline, dateline, signal, changed: true };
}
