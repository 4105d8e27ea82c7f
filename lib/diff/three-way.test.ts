import { describe, expect, it } from "vitest";
import { mergeThreeWay } from "./three-way";
import { applyResolutions, mergeBodies, mergeField } from "./doc-merge";
import { diffBlocksSideBySide, diffWordsOf, countChangedWords } from "./words";
import { docToBlockTexts } from "./doc-blocks";
import type { StoryDoc } from "@/lib/editor/doc-schema";

const words = (s: string) => s.split(" ");
const id = (s: string) => s;
const flat = (chunks: ReturnType<typeof mergeThreeWay<string>>) =>
  chunks
    .map((c) =>
      c.kind === "conflict" ? `<${c.ours.join(" ")}|${c.theirs.join(" ")}>` : c.kind === "aligned" ? c.ours : c.items.join(" "),
    )
    .filter(Boolean)
    .join(" ");

const doc = (...paras: string[]): StoryDoc => ({
  type: "doc",
  content: paras.map((p) => (p ? { type: "paragraph", content: [{ type: "text", text: p }] } : { type: "paragraph" })),
});

describe("mergeThreeWay", () => {
  it("applies non-overlapping changes from both sides", () => {
    const base = words("a b c d e f");
    const ours = words("a B c d e f");
    const theirs = words("a b c d E f g");
    const chunks = mergeThreeWay(base, ours, theirs, id);
    expect(chunks.some((c) => c.kind === "conflict")).toBe(false);
    expect(flat(chunks)).toBe("a B c d E f g");
  });

  it("reports overlapping different changes as a conflict", () => {
    const chunks = mergeThreeWay(words("a b c"), words("a X c"), words("a Y c"), id);
    const conflict = chunks.find((c) => c.kind === "conflict");
    expect(conflict).toMatchObject({ kind: "conflict", base: ["b"], ours: ["X"], theirs: ["Y"] });
  });

  it("takes an identical change once", () => {
    expect(flat(mergeThreeWay(words("a b c"), words("a X c"), words("a X c"), id))).toBe("a X c");
  });

  it("handles insertions at both ends and deletions", () => {
    expect(flat(mergeThreeWay(words("b c d"), words("a b c d"), words("b d e"), id))).toBe("a b d e");
  });
});

describe("mergeBodies", () => {
  it("merges word changes inside the same paragraph and keeps untouched paragraphs", () => {
    const base = doc("The council voted 10 to 5 on Thursday.", "Second paragraph.");
    const ours = doc("The city council voted 10 to 5 on Thursday.", "Second paragraph.", "Desk addition.");
    const theirs = doc("The council voted 11 to 4 on Thursday.", "Second paragraph, updated.");
    const chunks = mergeBodies(base, ours, theirs);
    expect(chunks.filter((c) => c.kind === "conflict")).toEqual([]);
    expect(docToBlockTexts(applyResolutions(chunks, {}))).toEqual([
      "The city council voted 11 to 4 on Thursday.",
      "Second paragraph, updated.",
      "Desk addition.",
    ]);
  });

  it("leaves a real conflict for a decision and applies either side", () => {
    const base = doc("Ten people were hurt.");
    const ours = doc("Twelve people were hurt, police said.");
    const theirs = doc("Fifteen people were hurt.");
    const chunks = mergeBodies(base, ours, theirs);
    const conflicts = chunks.filter((c) => c.kind === "conflict");
    expect(conflicts).toHaveLength(1);
    expect(() => applyResolutions(chunks, {})).toThrow(/no decision/);
    expect(docToBlockTexts(applyResolutions(chunks, { 0: "ours" }))).toEqual(["Twelve people were hurt, police said."]);
    expect(docToBlockTexts(applyResolutions(chunks, { 0: "theirs" }))).toEqual(["Fifteen people were hurt."]);
  });

  it("keeps marks on merged words", () => {
    const base: StoryDoc = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Say hello world now" }] }],
    };
    const ours: StoryDoc = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Say " },
            { type: "text", text: "hello", marks: [{ type: "bold" }] },
            { type: "text", text: " world now" },
          ],
        },
      ],
    };
    const theirs: StoryDoc = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Say hello world today" }] }],
    };
    const merged = applyResolutions(mergeBodies(base, ours, theirs), {});
    expect(merged.content[0]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "Say " },
        { type: "text", text: "hello", marks: [{ type: "bold" }] },
        { type: "text", text: " world today" },
      ],
    });
  });
});

describe("mergeField", () => {
  it("takes the changed side or reports a conflict", () => {
    expect(mergeField("a", "a", "b")).toEqual({ kind: "resolved", value: "b", source: "theirs" });
    expect(mergeField("a", "c", "a")).toEqual({ kind: "resolved", value: "c", source: "ours" });
    expect(mergeField("a", "c", "b").kind).toBe("conflict");
  });
});

describe("word diff", () => {
  it("marks added and removed words and rebuilds both texts", () => {
    const parts = diffWordsOf("the quick fox", "the slow brown fox");
    expect(
      parts
        .filter((p) => p.kind !== "added")
        .map((p) => p.text)
        .join(""),
    ).toBe("the quick fox");
    expect(
      parts
        .filter((p) => p.kind !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe("the slow brown fox");
    expect(parts.some((p) => p.kind === "removed" && p.text === "quick")).toBe(true);
  });

  it("aligns blocks side by side and counts changed words", () => {
    const rows = diffBlocksSideBySide(["one two", "same", "gone"], ["one three", "same", "new para here"]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({ left: [{ kind: "same", text: "same" }], right: [{ kind: "same", text: "same" }] });
    expect(countChangedWords(rows)).toEqual({ added: 4, removed: 2 });
  });

  it("pairs an edited paragraph with what it became, past a paragraph inserted before it", () => {
    const rows = diffBlocksSideBySide(
      ["The council voted 10 to 5.", "Drivers go east."],
      ["The council voted 11 to 4.", "A ferry will run.", "Drivers go north."],
    );
    const text = (parts: { text: string }[] | null) => parts?.map((p) => p.text).join("") ?? null;
    expect(rows.map((r) => [text(r.left), text(r.right)])).toEqual([
      ["The council voted 10 to 5.", "The council voted 11 to 4."],
      [null, "A ferry will run."],
      ["Drivers go east.", "Drivers go north."],
    ]);
    expect(rows[2]?.right).toContainEqual({ kind: "added", text: "north" });
  });

  it("keeps an old paragraph that a new one replaced outright on one row", () => {
    const rows = diffBlocksSideBySide(["Alpha beta gamma."], ["Completely different words here."]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.left?.every((p) => p.kind !== "added")).toBe(true);
  });
});
