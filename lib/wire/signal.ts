import type { NormalizedItem } from "./normalized";

/**
 * What an agency says about an item's relation to earlier ones, from the words it uses
 * for that: headline markers ("CORRECTED-", "UPDATE 1-", "REFILE-"), version notes
 * ("(Adds comments, detail)", "(In Jan. 3 story, corrects …)"), IPTC 7901 / ANPA version
 * lines ("1ST LEAD", "1stLd-Writethru", "CORRECTED"). A version number alone is not a
 * signal: agencies number every send, including the first one they send to you.
 */

export type Signal = NormalizedItem["signal"];

const RANK: Record<Signal, number> = { new: 0, update: 1, correction: 2, kill: 3 };

/** The stronger of two signals: kill › correction › update › new. */
export function strongerSignal(a: Signal, b: Signal | null | undefined): Signal {
  return b && RANK[b] > RANK[a] ? b : a;
}

const CORRECTION_WORDS =
  /^(?:CORRECTED|CORRECTION|CORRECTS?|CORRECTING|RECTIFICATIF|KORREKTUR|BERICHTIGUNG|CORREZIONE|CORRECCI[OÓ]N)\b/i;
const UPDATE_WORDS =
  /^(?:UPDATE(?:\s*\d+)?|REFILE|RPT|REPEAT|WRAPUP(?:\s*\d+)?|NEWSALERT|\d+(?:ST|ND|RD|TH)\s*(?:LEAD|LD)|WRITETHRU|ZUSAMMENFASSUNG|NEUFASSUNG)\b/i;

/** A marker at the start of a headline, followed by "-" or ":" (Reuters, GlobeNewswire, dpa). */
export function signalFromHeadline(headline: string | null | undefined): Signal | null {
  const h = headline?.trim();
  if (!h) return null;
  const marker = /^([^-:–]{2,40})\s*[-:–]/.exec(h)?.[1]?.trim();
  if (!marker) return null;
  if (CORRECTION_WORDS.test(marker) && /^[\p{Lu}\d\s]+(?:ET MISE À JOUR)?$/u.test(marker)) return "correction";
  if (UPDATE_WORDS.test(marker) && /^[\p{Lu}\d\s]+$/u.test(marker)) return "update";
  return null;
}

/** A version or editor's note: "(Adds comments, detail)", "(Corrects paragraph 3)", "Eds: Updates." */
export function signalFromNote(note: string | null | undefined): Signal | null {
  const n = note?.trim();
  if (!n) return null;
  if (/\bcorrect(?:s|ed|ion|ing)?\b/i.test(n) && /^\(|^eds?:|^editor/i.test(n)) return "correction";
  if (/^\(?\s*(?:adds|updates|recasts|rewrites|changes|removes|inserts|fixes|restores|refiles|repeats|writes through)\b/i.test(n))
    return "update";
  if (/^eds?:.*\b(?:updates?|new approach|writethru|adds|changes|restores|recasts)\b/i.test(n)) return "update";
  return null;
}

/** A version line of an IPTC 7901 or ANPA transmission: "1ST LEAD", "REFILE", "CORRECTED", "1stLd-Writethru". */
export function signalFromVersionLine(line: string | null | undefined): Signal | null {
  const l = line?.trim();
  if (!l) return null;
  if (/^(?:CORRECTED|CORRECTION|CORRECTS?|CORRECTIVE)\b/i.test(l) || /\bcorrection\b/i.test(l)) return "correction";
  if (/^(?:KILL|ELIMINATION|WITHDRAWN?)\b/i.test(l)) return "kill";
  if (/\b\d+(?:st|nd|rd|th)\s*(?:lead|ld)\b|\bwrite-?thru\b|^(?:REFILE|UPDATE|REPEAT|RPT|URGENT UPDATE|NEW LEAD|SUB)\b/i.test(l))
    return "update";
  return null;
}
