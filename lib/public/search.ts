/**
 * Reader search text → what Postgres receives. The text is only ever a bound parameter of
 * websearch_to_tsquery (lib/db/public-search.ts), which accepts any input; this only bounds the
 * work and removes what Postgres refuses in text (NUL) or what cannot match anyway.
 */
export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_TERMS = 32;

export function normalizeSearchQuery(raw: string | string[] | undefined): string {
  if (typeof raw !== "string") return "";
  const cleaned = raw
    .normalize("NFC")
    // NUL is refused by Postgres text; other controls, bidi overrides and zero-width marks
    // never help a search.
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const terms = cleaned.split(" ").filter(Boolean).slice(0, MAX_QUERY_TERMS).join(" ");
  return Array.from(terms).slice(0, MAX_QUERY_CHARS).join("").trim();
}

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * ts_headline marks matches with U+0001 … U+0002 (lib/db/public-search.ts); this turns them into
 * parts rendered as text and <mark>, so the snippet never passes through innerHTML.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  let text = "";
  const flush = () => {
    if (text) parts.push({ text, mark });
    text = "";
  };
  for (const ch of snippet) {
    if (ch === "\u0001" || ch === "\u0002") {
      flush();
      mark = ch === "\u0001";
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}
