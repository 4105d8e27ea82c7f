import { describe, expect, it } from "vitest";

import type { StoryDoc } from "@/lib/editor/doc-schema";
import { countCharacters, countWords, docToPlainText } from "@/lib/editor/text";

describe("docToPlainText", () => {
  it("separates blocks with a blank line and keeps hard breaks as line breaks", () => {
    const doc: StoryDoc = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Headline" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "First " },
            { type: "text", text: "bold", marks: [{ type: "bold" }] },
            { type: "hardBreak" },
            { type: "text", text: "second line" },
          ],
        },
        { type: "paragraph" },
        { type: "horizontalRule" },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "item one" }] }] },
            {
              type: "listItem",
              content: [
                { type: "paragraph", content: [{ type: "text", text: "item two" }] },
                {
                  type: "orderedList",
                  attrs: { start: 1, type: null },
                  content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "nested" }] }] }],
                },
              ],
            },
          ],
        },
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }] },
      ],
    };
    expect(docToPlainText(doc)).toBe("Headline\n\nFirst bold\nsecond line\n\nitem one\n\nitem two\n\nnested\n\nquoted");
  });

  it("returns an empty string for an empty doc", () => {
    expect(docToPlainText({ type: "doc", content: [{ type: "paragraph" }] })).toBe("");
  });

  it("keeps markup-looking text as text", () => {
    expect(
      docToPlainText({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "<script>x</script>" }] }] }),
    ).toBe("<script>x</script>");
  });

  it("walks very deep input without recursion", () => {
    let node: { type: string; content?: unknown[] } = { type: "paragraph", content: [{ type: "text", text: "deep" }] };
    for (let i = 0; i < 50_000; i++) node = { type: "blockquote", content: [node] };
    expect(docToPlainText({ type: "doc", content: [node] } as never)).toBe("deep");
  });
});

describe("countWords", () => {
  it.each([
    ["", 0],
    ["   \n\n ", 0],
    ["Hello, world!", 2],
    ["well-known don't 3.5% e-mail", 4],
    ["A — dash is not a word", 6],
    ["one\n\ntwo\nthree\tfour", 4],
    ["Ça coûte 10 €", 3],
    ["naïve cafe\u0301", 2],
    ["Привет мир", 2],
    ["مرحبا بالعالم", 2],
    ["👍 🎉", 0],
  ])("%j has %i words", (text, words) => {
    expect(countWords(text)).toBe(words);
  });

  it("splits text in scripts written without spaces", () => {
    expect(countWords("我们是记者")).toBeGreaterThan(1);
    expect(countWords("東京で会議")).toBeGreaterThan(1);
  });

  it("counts a 10,000-word text", () => {
    expect(countWords("word ".repeat(10_000))).toBe(10_000);
  });
});

describe("countCharacters", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["a b", 3],
    ["e\u0301", 1], // e + combining acute
    ["👩‍👩‍👧", 1], // family (ZWJ sequence)
    ["🇩🇪", 1], // flag
    ["👍🏽", 1], // skin tone
    ["line one\n\nline two", 16], // line breaks are not counted
    ["a\r\nb", 2],
  ])("%j has %i characters", (text, characters) => {
    expect(countCharacters(text)).toBe(characters);
  });

  it("counts a 10,000-character string", () => {
    expect(countCharacters("x".repeat(10_000))).toBe(10_000);
  });

  it("agrees with Intl.Segmenter on every script and symbol mix, fast path or not", () => {
    const seg = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const graphemes = (t: string) => Array.from(seg.segment(t.replace(/\r\n|[\r\n]/g, ""))).length;
    const samples = [
      "Plain ASCII copy, with punctuation: 3.5% — “quotes” and dashes…",
      "Précomposé: café, naïve, Øresund, Kraków, İstanbul",
      "Decomposed: cafe\u0301 and n\u0303",
      "Emoji alone 😀 and 🚀 (astral, one cluster each)",
      "Skin tone 👍🏽, flag 🇫🇷🇩🇪, family 👩‍👩‍👧, keycap 1️⃣, heart ❤️",
      "中文新闻 日本語のニュース ข่าวภาษาไทย",
      "हिन्दी समाचार and বাংলা",
      "한국어 뉴스 and jamo \u1100\u1161\u11a8",
      "Arabic الأخبار and Hebrew עברית",
      "Tag flag 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
      "Zero-width non-joiner: می\u200cخواهم",
    ];
    for (const text of samples) expect(countCharacters(text), text).toBe(graphemes(text));
  });
});
