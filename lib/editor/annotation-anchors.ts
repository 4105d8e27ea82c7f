import { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { getStorySchema } from "./extensions";

/**
 * Where annotations sit in a story body. An anchor is a ProseMirror range plus the quoted
 * text. The browser maps ranges through every edit (lib/editor/annotation-plugin.ts) and
 * sends them with each save; here, on the server, a range that no longer covers its quote
 * (the text was changed elsewhere: a restore, an agency merge, another editor's save) is
 * re-found by its quote, nearest to where it was.
 */
export type Anchor = { from: number; to: number };
export type StoredAnchor = Anchor & { id: string; quote: string };

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** The text of a range as the editor quotes it: blocks and hard breaks become newlines. */
export function quoteOf(doc: ProseMirrorNode, from: number, to: number): string {
  return doc.textBetween(from, to, "\n", "\n");
}

/** Flattened text with each character's document position; runs of whitespace collapse to one space. */
function flatten(doc: ProseMirrorNode): { text: string; pos: number[] } {
  let text = "";
  const pos: number[] = [];
  const push = (ch: string, p: number) => {
    const space = /\s/.test(ch);
    if (space && (text.length === 0 || text.endsWith(" "))) return;
    text += space ? " " : ch;
    pos.push(p);
  };
  doc.descendants((node, at) => {
    if (!node.isTextblock) return true;
    push("\n", at);
    node.forEach((child, offset) => {
      const start = at + 1 + offset;
      if (child.isText) for (let i = 0; i < child.text!.length; i++) push(child.text![i]!, start + i);
      else push("\n", start);
    });
    return false;
  });
  return { text, pos };
}

function rangeMatches(doc: ProseMirrorNode, a: Anchor, quote: string): boolean {
  if (a.from < 0 || a.to > doc.content.size || a.from >= a.to) return false;
  return squash(quoteOf(doc, a.from, a.to)) === squash(quote);
}

/** The occurrence of `quote` nearest to `near`, or null when the words are gone. */
export function findQuote(doc: ProseMirrorNode, quote: string, near: number): Anchor | null {
  const needle = squash(quote);
  if (!needle) return null;
  const { text, pos } = flatten(doc);
  let best: Anchor | null = null;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const from = pos[i]!;
    const to = pos[i + needle.length - 1]! + 1;
    if (!best || Math.abs(from - near) < Math.abs(best.from - near)) best = { from, to };
  }
  return best;
}

/**
 * New positions for stored anchors against a new body. `hints` are the browser's mapped
 * positions (trusted only when they still cover the quote). Anchors whose words are gone
 * keep their (clamped) place and are reported as `detached`.
 */
export function reanchor(docJson: unknown, anchors: readonly StoredAnchor[], hints: ReadonlyMap<string, Anchor> = new Map()) {
  const doc = ProseMirrorNode.fromJSON(getStorySchema(), docJson);
  const size = doc.content.size;
  return anchors.map((a) => {
    const hint = hints.get(a.id);
    if (hint && rangeMatches(doc, hint, a.quote)) return { id: a.id, ...hint, detached: false };
    if (rangeMatches(doc, a, a.quote)) return { id: a.id, from: a.from, to: a.to, detached: false };
    const found = findQuote(doc, a.quote, hint?.from ?? a.from);
    if (found) return { id: a.id, ...found, detached: false };
    const from = Math.min(Math.max(0, hint?.from ?? a.from), size);
    return { id: a.id, from, to: Math.min(Math.max(from, hint?.to ?? a.to), size), detached: true };
  });
}

export function isAnchorDetached(docJson: unknown, a: StoredAnchor): boolean {
  const doc = ProseMirrorNode.fromJSON(getStorySchema(), docJson);
  return !rangeMatches(doc, a, a.quote);
}
