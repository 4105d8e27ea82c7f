import { diffArrays } from "diff";

/**
 * A generic three-way merge (diff3) over token arrays. `base` is the common ancestor,
 * `ours` and `theirs` its two descendants. Regions where all three agree are stable;
 * between them, a region changed on one side only takes that side, a region changed the
 * same way on both sides is taken once, and a region changed differently on both sides
 * is a conflict for a person to decide.
 *
 * Matching uses jsdiff's `diffArrays` (Myers LCS) on token keys, so it scales to
 * thousands of tokens without a quadratic table.
 */
export type MergeChunk<T> =
  | { kind: "stable"; items: T[] }
  // With a `similar` test: one base token matched on both sides, edited on at least one.
  | { kind: "aligned"; base: T; ours: T; theirs: T }
  | { kind: "ours" | "theirs" | "both"; items: T[]; base: T[] }
  | { kind: "conflict"; base: T[]; ours: T[]; theirs: T[] };

/**
 * For each base index, the index of the matching token in `other`, or -1. Exact matches
 * come from the LCS; when `similar` is given, tokens left unmatched between two exact
 * matches are paired in order with the first similar one (an edited paragraph).
 */
function matchMap<T>(
  base: readonly T[],
  other: readonly T[],
  kb: readonly string[],
  ko: readonly string[],
  similar?: (a: T, b: T) => boolean,
): number[] {
  const map = new Array<number>(base.length).fill(-1);
  let b = 0;
  let o = 0;
  let gapB = 0;
  let gapO = 0;
  const pairGap = (bEnd: number, oEnd: number) => {
    if (!similar) return;
    let next = gapO;
    for (let x = gapB; x < bEnd; x++) {
      for (let y = next; y < oEnd; y++) {
        if (similar(base[x]!, other[y]!)) {
          map[x] = y;
          next = y + 1;
          break;
        }
      }
    }
  };
  for (const change of diffArrays(kb as string[], ko as string[])) {
    const n = change.count ?? change.value.length;
    if (change.added) o += n;
    else if (change.removed) b += n;
    else {
      pairGap(b, o);
      for (let k = 0; k < n; k++) map[b + k] = o + k;
      b += n;
      o += n;
      gapB = b;
      gapO = o;
    }
  }
  pairGap(base.length, other.length);
  return map;
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function mergeThreeWay<T>(
  base: readonly T[],
  ours: readonly T[],
  theirs: readonly T[],
  key: (t: T) => string,
  similar?: (a: T, b: T) => boolean,
): MergeChunk<T>[] {
  const kb = base.map(key);
  const ko = ours.map(key);
  const kt = theirs.map(key);
  const mo = matchMap(base, ours, kb, ko, similar);
  const mt = matchMap(base, theirs, kb, kt, similar);
  const chunks: MergeChunk<T>[] = [];
  const pushStable = (item: T) => {
    const last = chunks[chunks.length - 1];
    if (last?.kind === "stable") last.items.push(item);
    else chunks.push({ kind: "stable", items: [item] });
  };

  let i = 0;
  let o = 0;
  let t = 0;
  for (;;) {
    while (i < base.length && mo[i] === o && mt[i] === t) {
      if (kb[i] === ko[o] && kb[i] === kt[t]) pushStable(ours[o]!);
      else chunks.push({ kind: "aligned", base: base[i]!, ours: ours[o]!, theirs: theirs[t]! });
      i++;
      o++;
      t++;
    }
    if (i >= base.length && o >= ours.length && t >= theirs.length) break;
    // The next base token both sides kept closes this unstable region.
    let j = i;
    while (j < base.length && (mo[j]! < 0 || mt[j]! < 0)) j++;
    const oEnd = j < base.length ? mo[j]! : ours.length;
    const tEnd = j < base.length ? mt[j]! : theirs.length;
    const b = base.slice(i, j);
    const oc = ours.slice(o, oEnd);
    const tc = theirs.slice(t, tEnd);
    const bk = kb.slice(i, j);
    const ok = ko.slice(o, oEnd);
    const tk = kt.slice(t, tEnd);
    if (sameKeys(ok, bk)) chunks.push({ kind: "theirs", items: tc, base: b });
    else if (sameKeys(tk, bk)) chunks.push({ kind: "ours", items: oc, base: b });
    else if (sameKeys(ok, tk)) chunks.push({ kind: "both", items: oc, base: b });
    else chunks.push({ kind: "conflict", base: b, ours: oc, theirs: tc });
    i = j;
    o = oEnd;
    t = tEnd;
  }
  return chunks;
}
