import { diffArrays, diffWordsWithSpace } from "diff";

/**
 * Word-level comparison for the desk (revision compare, agency original vs story).
 * Built on jsdiff: its Myers diff is well tested and fast on 5,000-word stories, and
 * `diffWordsWithSpace` keeps whitespace as its own tokens, so joining the parts gives
 * back both texts exactly.
 */
export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

export function diffWordsOf(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

/** One row of a side-by-side view: the left (old) and right (new) parts of one block. */
export type SideBySideRow = { left: DiffPart[] | null; right: DiffPart[] | null };

/**
 * Side by side, block by block: blocks are aligned first (equal, inserted, removed), then a
 * removed block followed by an inserted one is shown as one changed row with word-level
 * highlighting. Aligning blocks first keeps a moved or new paragraph from smearing word
 * changes across the whole story.
 */
export function diffBlocksSideBySide(before: readonly string[], after: readonly string[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  const changes = diffArrays(before as string[], after as string[]);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (!c.added && !c.removed) {
      for (const text of c.value) rows.push({ left: [{ kind: "same", text }], right: [{ kind: "same", text }] });
      continue;
    }
    const next = changes[i + 1];
    if (c.removed && next?.added) {
      // Pair removed and added blocks in order; the rest stay one-sided.
      const n = Math.max(c.value.length, next.value.length);
      for (let k = 0; k < n; k++) {
        const l = c.value[k];
        const r = next.value[k];
        if (l !== undefined && r !== undefined) {
          const parts = diffWordsOf(l, r);
          rows.push({ left: parts.filter((p) => p.kind !== "added"), right: parts.filter((p) => p.kind !== "removed") });
        } else if (l !== undefined) rows.push({ left: [{ kind: "removed", text: l }], right: null });
        else if (r !== undefined) rows.push({ left: null, right: [{ kind: "added", text: r }] });
      }
      i++;
      continue;
    }
    for (const text of c.value) {
      rows.push(c.added ? { left: null, right: [{ kind: "added", text }] } : { left: [{ kind: "removed", text }], right: null });
    }
  }
  return rows;
}

/** Counts of changed words, for summaries ("12 words added, 3 removed"). */
export function countChangedWords(rows: readonly SideBySideRow[]): { added: number; removed: number } {
  const words = (parts: DiffPart[] | null, kind: DiffPart["kind"]) =>
    (parts ?? []).filter((p) => p.kind === kind).reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
  return rows.reduce(
    (acc, r) => ({ added: acc.added + words(r.right, "added"), removed: acc.removed + words(r.left, "removed") }),
    { added: 0, removed: 0 },
  );
}
