import { describe, expect, it } from "vitest";
import { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { getStorySchema } from "./extensions";
import { findQuote, quoteOf, reanchor } from "./annotation-anchors";
import type { StoryDoc } from "./doc-schema";

const doc = (...paras: string[]): StoryDoc => ({
  type: "doc",
  content: paras.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
});
const node = (d: StoryDoc) => ProseMirrorNode.fromJSON(getStorySchema(), d);

describe("annotation anchors", () => {
  it("re-finds a quote after text was inserted before it", () => {
    const before = doc("The mayor said 42 people attended.");
    const n = node(before);
    // "42 people" starts at offset 15 in the paragraph (position 1 + 15).
    const anchor = { id: "a", from: 16, to: 25, quote: quoteOf(n, 16, 25) };
    expect(anchor.quote).toBe("42 people");
    const after = doc("Yesterday evening, the mayor said 42 people attended.");
    const [moved] = reanchor(after, [anchor]);
    expect(moved).toMatchObject({ detached: false });
    expect(quoteOf(node(after), moved!.from, moved!.to)).toBe("42 people");
  });

  it("prefers the occurrence nearest to the old position and spans paragraphs", () => {
    const d = node(doc("one two", "one two"));
    expect(findQuote(d, "one", 12)).toEqual({ from: 10, to: 13 });
    const span = findQuote(d, "two\none", 0)!;
    expect(quoteOf(d, span.from, span.to)).toBe("two\none");
  });

  it("trusts a browser hint only when it still covers the quote, and reports lost words", () => {
    const d = doc("alpha beta gamma");
    const a = { id: "a", from: 7, to: 11, quote: "beta" };
    expect(reanchor(d, [a], new Map([["a", { from: 1, to: 6 }]]))[0]).toMatchObject({ from: 7, to: 11, detached: false });
    expect(reanchor(doc("alpha gamma"), [a])[0]).toMatchObject({ detached: true });
  });
});
