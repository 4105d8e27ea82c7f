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
      // A rewritten stretch: pair each old block with the new block it became (if any);
      // the rest stay one-sided.
      for (const [l, r] of pairBlocks(c.value, next.value)) {
        if (l !== null && r !== null) {
          const parts = diffWordsOf(l, r);
          rows.push({ left: parts.filter((p) => p.kind !== "added"), right: parts.filter((p) => p.kind !== "removed") });
        } else if (l !== null) rows.push({ left: [{ kind: "removed", text: l }], right: null });
        else if (r !== null) rows.push({ left: null, right: [{ kind: "added", text: r }] });
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

// Below this word overlap two blocks are different paragraphs, not one edited paragraph.
const MIN_SIMILARITY = 0.34;
// Larger rewritten stretches are paired in order (the alignment below is quadratic).
const MAX_PAIRINGS = 2_500;

function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1);
  return bag;
}

/** Dice coefficient of two blocks' words (0: nothing shared, 1: the same words). */
function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const n of a.values()) total += n;
  for (const [w, n] of b) {
    total += n;
    shared += Math.min(n, a.get(w) ?? 0);
  }
  return total === 0 ? 1 : (2 * shared) / total;
}

/**
 * Which old block became which new one, in order: the monotone alignment with the most
 * total similarity, pairing only blocks that share enough words. So an inserted paragraph
 * before an edited one shows as inserted, instead of as a rewrite of its neighbour.
 */
function pairBlocks(left: readonly string[], right: readonly string[]): [string | null, string | null][] {
  const m = left.length;
  const n = right.length;
  if (m * n > MAX_PAIRINGS) {
    return Array.from({ length: Math.max(m, n) }, (_, k) => [left[k] ?? null, right[k] ?? null]);
  }
  const lb = left.map(wordBag);
  const rb = right.map(wordBag);
  const sim = lb.map((a) => rb.map((b) => similarity(a, b)));
  // best[i][j]: the most similarity obtainable aligning left[i..] with right[j..].
  const best = Array.from({ length: m + 1 }, () => new Float64Array(n + 1));
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      const s = sim[i]![j]!;
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, s >= MIN_SIMILARITY ? s + best[i + 1]![j + 1]! : 0);
    }
  }
  const out: [string | null, string | null][] = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    const s = sim[i]![j]!;
    if (s >= MIN_SIMILARITY && best[i]![j] === s + best[i + 1]![j + 1]!) out.push([left[i++]!, right[j++]!]);
    else if (best[i]![j] === best[i + 1]![j]) out.push([left[i++]!, null]);
    else out.push([null, right[j++]!]);
  }
  while (i < m) out.push([left[i++]!, null]);
  while (j < n) out.push([null, right[j++]!]);
  // A block dropped right where an unrelated one arrives is shown as one replaced row.
  const rows: [string | null, string | null][] = [];
  for (const pair of out) {
    const prev = rows[rows.length - 1];
    if (prev && prev[1] === null && pair[0] === null && prev[0] !== null) prev[1] = pair[1];
    else rows.push(pair);
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
