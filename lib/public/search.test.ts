import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS, MAX_QUERY_TERMS, normalizeSearchQuery, splitSnippet } from "./search";
import { parsePage } from "./urls";
import { xmlEscape } from "./xml";

describe("normalizeSearchQuery", () => {
  it("keeps operators as text (websearch_to_tsquery copes) but strips NUL, controls and bidi marks", () => {
    expect(normalizeSearchQuery("& | ! <-> :* ( )")).toBe("& | ! <-> :* ( )");
    expect(normalizeSearchQuery("a\u0000b\u202ec\u200bd")).toBe("a b c d");
    expect(normalizeSearchQuery("  '  ")).toBe("'");
  });
  it("bounds the work: at most 32 terms and 200 characters", () => {
    const many = Array.from({ length: 1000 }, (_, i) => `t${i}`).join(" ");
    expect(normalizeSearchQuery(many).split(" ")).toHaveLength(MAX_QUERY_TERMS);
    expect(Array.from(normalizeSearchQuery("x".repeat(10_000))).length).toBe(MAX_QUERY_CHARS);
  });
  it("ignores repeated parameters", () => {
    expect(normalizeSearchQuery(["a", "b"])).toBe("");
  });
});

describe("splitSnippet", () => {
  it("turns ts_headline markers into parts, never HTML", () => {
    expect(splitSnippet("a \u0001b\u0002 <c>")).toEqual([
      { text: "a ", mark: false },
      { text: "b", mark: true },
      { text: " <c>", mark: false },
    ]);
  });
});

describe("parsePage", () => {
  it("accepts 1..10000 and nothing else", () => {
    expect(parsePage(undefined)).toBe(1);
    expect(parsePage("3")).toBe(3);
    for (const bad of ["0", "-1", "1.5", "abc", "10001", "01", ["1", "2"]]) expect(parsePage(bad), String(bad)).toBeNull();
  });
});

describe("xmlEscape", () => {
  it("escapes markup and drops characters XML forbids", () => {
    expect(xmlEscape(`<a href="x">&'\u0001\ud800`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  });
});
