import type { StoryBlock, StoryDoc, StoryInline, StoryMark } from "@/lib/editor/doc-schema";
import { mergeThreeWay } from "./three-way";

/**
 * Three-way merge of story bodies: blocks first (a paragraph the agency added, removed or
 * rewrote while the desk left it alone is applied as is), then, where both sides changed
 * the same paragraphs, words inside each paragraph (the agency fixed a figure in one
 * sentence, the desk tightened another: both survive). Inline marks travel with their
 * words. What is still changed differently on both sides is a conflict.
 */
export type BodyChunk =
  | { kind: "resolved"; source: "unchanged" | "ours" | "theirs" | "both" | "words"; blocks: StoryBlock[] }
  | { kind: "conflict"; index: number; base: StoryBlock[]; ours: StoryBlock[]; theirs: StoryBlock[] };

export type Resolution = "ours" | "theirs";

const blockKey = (b: StoryBlock) => JSON.stringify(b);

type Token = { text: string; marks: StoryMark[] } | { br: true };

function tokenize(content: readonly StoryInline[] | undefined): Token[] {
  const out: Token[] = [];
  for (const n of content ?? []) {
    if (n.type === "hardBreak") out.push({ br: true });
    else for (const piece of n.text.split(/(\s+)/)) if (piece) out.push({ text: piece, marks: n.marks ?? [] });
  }
  return out;
}

const tokenKey = (t: Token) => ("br" in t ? "\u0000br" : `${JSON.stringify(t.marks)}\u0000${t.text}`);

function untokenize(tokens: readonly Token[]): StoryInline[] {
  const out: StoryInline[] = [];
  for (const t of tokens) {
    if ("br" in t) {
      out.push({ type: "hardBreak" });
      continue;
    }
    const last = out[out.length - 1];
    if (last?.type === "text" && JSON.stringify(last.marks ?? []) === JSON.stringify(t.marks)) last.text += t.text;
    else out.push(t.marks.length ? { type: "text", text: t.text, marks: t.marks } : { type: "text", text: t.text });
  }
  return out;
}

type TextBlock = Extract<StoryBlock, { type: "paragraph" | "heading" }>;
const isTextBlock = (b: StoryBlock): b is TextBlock => b.type === "paragraph" || b.type === "heading";
const shellKey = (b: TextBlock) => JSON.stringify({ ...b, content: undefined });

/** Word-level merge of one paragraph changed on both sides; null when words conflict. */
function mergeTextBlock(base: StoryBlock, ours: StoryBlock, theirs: StoryBlock): StoryBlock | null {
  if (!isTextBlock(base) || !isTextBlock(ours) || !isTextBlock(theirs)) return null;
  // A heading turned into a paragraph on one side and edited on the other: let a person decide.
  let shell: TextBlock;
  if (shellKey(ours) === shellKey(base)) shell = theirs;
  else if (shellKey(theirs) === shellKey(base) || shellKey(theirs) === shellKey(ours)) shell = ours;
  else return null;
  const chunks = mergeThreeWay(tokenize(base.content), tokenize(ours.content), tokenize(theirs.content), tokenKey);
  if (chunks.some((c) => c.kind === "conflict")) return null;
  const tokens = chunks.flatMap((c) => (c.kind === "conflict" ? [] : c.kind === "aligned" ? [c.ours] : c.items));
  const content = untokenize(tokens);
  const merged = { ...shell } as TextBlock;
  if (content.length) merged.content = content;
  else delete merged.content;
  return merged;
}

const blockWords = (b: StoryBlock) =>
  (JSON.stringify(b).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== "type" && w !== "text" && w !== "content");

/** Two paragraphs are "the same paragraph, edited" when at least half their words are shared. */
function similarBlocks(a: StoryBlock, b: StoryBlock): boolean {
  if (a.type !== b.type) return false;
  const wa = blockWords(a);
  const wb = blockWords(b);
  if (!wa.length || !wb.length) return false;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length) >= 0.5;
}

export function mergeBodies(base: StoryDoc, ours: StoryDoc, theirs: StoryDoc): BodyChunk[] {
  const out: BodyChunk[] = [];
  let conflicts = 0;
  const push = (chunk: BodyChunk) => {
    const last = out[out.length - 1];
    if (chunk.kind === "resolved" && last?.kind === "resolved" && last.source === chunk.source) last.blocks.push(...chunk.blocks);
    else out.push(chunk);
  };
  for (const c of mergeThreeWay(base.content, ours.content, theirs.content, blockKey, similarBlocks)) {
    if (c.kind === "stable") push({ kind: "resolved", source: "unchanged", blocks: [...c.items] });
    else if (c.kind === "aligned") {
      const [kb, ko, kt] = [blockKey(c.base), blockKey(c.ours), blockKey(c.theirs)];
      if (ko === kt) push({ kind: "resolved", source: "both", blocks: [c.ours] });
      else if (kb === ko) push({ kind: "resolved", source: "theirs", blocks: [c.theirs] });
      else if (kb === kt) push({ kind: "resolved", source: "ours", blocks: [c.ours] });
      else {
        const merged = mergeTextBlock(c.base, c.ours, c.theirs);
        if (merged) push({ kind: "resolved", source: "words", blocks: [merged] });
        else out.push({ kind: "conflict", index: conflicts++, base: [c.base], ours: [c.ours], theirs: [c.theirs] });
      }
    } else if (c.kind !== "conflict") push({ kind: "resolved", source: c.kind, blocks: [...c.items] });
    else {
      // Same number of paragraphs on all sides: try each triple word by word.
      if (c.base.length > 0 && c.base.length === c.ours.length && c.base.length === c.theirs.length) {
        const merged = c.base.map((b, k) => mergeTextBlock(b, c.ours[k]!, c.theirs[k]!));
        if (merged.every((m): m is StoryBlock => m !== null)) {
          out.push({ kind: "resolved", source: "words", blocks: merged });
          continue;
        }
      }
      out.push({ kind: "conflict", index: conflicts++, base: c.base, ours: c.ours, theirs: c.theirs });
    }
  }
  return out;
}

/** Builds the merged body; every conflict needs a decision. */
export function applyResolutions(chunks: readonly BodyChunk[], resolutions: Readonly<Record<number, Resolution>>): StoryDoc {
  const content: StoryBlock[] = [];
  for (const c of chunks) {
    if (c.kind === "resolved") content.push(...c.blocks);
    else {
      const r = resolutions[c.index];
      if (!r) throw new Error(`conflict ${c.index} has no decision`);
      content.push(...(r === "ours" ? c.ours : c.theirs));
    }
  }
  return { type: "doc", content: content.length ? content : [{ type: "paragraph" }] };
}

/** Field-level three-way for single-line fields (headline, standfirst, byline). */
export type FieldMerge =
  | { kind: "resolved"; value: string; source: "unchanged" | "ours" | "theirs" | "both" }
  | { kind: "conflict"; base: string; ours: string; theirs: string };

export function mergeField(base: string, ours: string, theirs: string): FieldMerge {
  if (ours === theirs) return { kind: "resolved", value: ours, source: ours === base ? "unchanged" : "both" };
  if (ours === base) return { kind: "resolved", value: theirs, source: "theirs" };
  if (theirs === base) return { kind: "resolved", value: ours, source: "ours" };
  return { kind: "conflict", base, ours, theirs };
}
