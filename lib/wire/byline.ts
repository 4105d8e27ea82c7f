import { cleanText } from "./markup";

/**
 * Bylines as agencies print them above the story: "By Jane Doe", "BY JANE DOE",
 * "By Manuel Schwarz, dpa =" (IPTC 7901 ends header lines with " ="), "Von Anna Muster".
 */

const BY = /^(?:By|BY|by|Von|VON|Par|PAR|Por|POR|Di|DI|Af|AF)\s+(?=\p{Lu})/u;
const MAX_WORDS = 14;

/** The byline a whole line or paragraph is, trimmed of " =" and a closing period; else null. */
export function matchByline(text: string): string | null {
  const line = cleanText(text)?.replace(/\s*=+\s*$/, "");
  if (!line || !BY.test(line)) return null;
  if (line.split(/\s+/).length > MAX_WORDS) return null;
  // A byline names people, it is not a sentence ("By then, the river had …").
  if (/[.!?]["”’]?$/.test(line) && !/\b\p{Lu}\.$/u.test(line)) return null;
  if (/[:;]/.test(line) || /\(\s*\p{L}+\s*\)\s*[-–—]/u.test(line)) return null;
  return line;
}

/** "By Jane Doe" → "Jane Doe" (for comparing bylines written with and without "By"). */
export function bylineNames(byline: string): string {
  return byline.replace(BY, "").trim();
}
