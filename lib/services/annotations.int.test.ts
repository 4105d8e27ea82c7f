import { beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { makeStaff } from "@/test/helpers";
import { makeWireItem } from "@/test/desk/wire-versions";
import { createBlankStory, getStoryForDesk, saveStory, transitionStory } from "./stories";
import { createAnnotation, listAnnotationsFor, replyToAnnotation, setAnnotationResolution } from "./annotations";
import { restoreRevision, listRevisionsFor } from "./revisions";
import { getPublishedStoryBySlug, listPublishedStories } from "@/lib/db/public";
import { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { getStorySchema } from "@/lib/editor/extensions";
import { quoteOf } from "@/lib/editor/annotation-anchors";
import type { StoryDoc } from "@/lib/editor/doc-schema";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

const doc = (...paras: string[]): StoryDoc => ({
  type: "doc",
  content: paras.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});
const content = (body: StoryDoc, baseVersion: number, anchors?: { id: string; from: number; to: number }[]) => ({
  baseVersion,
  headline: "Annotated story",
  standfirst: "",
  byline: "",
  datelinePlace: "",
  body,
  tags: [],
  ...(anchors ? { anchors } : {}),
});
const textAt = (body: unknown, from: number, to: number) => quoteOf(ProseMirrorNode.fromJSON(getStorySchema(), body), from, to);

describe("annotations", () => {
  it("threads replies, resolves and reopens, and stays on its words through saves and a restore", async () => {
    const { id } = await createBlankStory(staff.editor, "Annotated story");
    const first = await saveStory(staff.editor, id, content(doc("The minister resigned on Friday."), 1));
    // "resigned" = positions 14..22 (paragraph starts at 1).
    const note = await createAnnotation(staff.reporter, {
      storyId: id,
      kind: "FACT_CHECK",
      from: 14,
      to: 22,
      quote: "resigned",
      body: "Source? Only one outlet reports this.",
    });
    await replyToAnnotation(staff.editor, note.id, "Confirmed by the ministry.");
    await setAnnotationResolution(staff.editor, note.id, true);
    let [listed] = await listAnnotationsFor(staff.reporter, { storyId: id });
    expect(listed).toMatchObject({
      kind: "FACT_CHECK",
      replies: [{ body: "Confirmed by the ministry." }],
      resolvedBy: { name: staff.editor.name },
    });
    await setAnnotationResolution(staff.reporter, note.id, false);

    // Text inserted before it, no browser hint: the server re-finds the quote.
    const second = await saveStory(
      staff.editor,
      id,
      content(doc("Breaking.", "The defence minister resigned on Friday."), first.version),
    );
    [listed] = await listAnnotationsFor(staff.reporter, { storyId: id });
    let story = await getStoryForDesk(staff.editor, id);
    expect(textAt(story.body, listed!.anchorFrom, listed!.anchorTo)).toBe("resigned");
    expect(listed!.resolvedAt).toBeNull();

    // With a browser hint that still covers the quote, the hint wins (the second "resigned").
    const twice = doc("Breaking.", "The defence minister resigned on Friday; a deputy resigned too.");
    const n = ProseMirrorNode.fromJSON(getStorySchema(), twice);
    const secondAt = n.textContent.lastIndexOf("resigned");
    // Paragraph 2 opens at 11, so its text starts at 12.
    const hintFrom = 12 + "The defence minister resigned on Friday; a deputy ".length;
    expect(secondAt).toBeGreaterThan(0);
    expect(textAt(twice, hintFrom, hintFrom + 8)).toBe("resigned");
    await saveStory(staff.editor, id, content(twice, second.version, [{ id: note.id, from: hintFrom, to: hintFrom + 8 }]));
    [listed] = await listAnnotationsFor(staff.reporter, { storyId: id });
    expect(listed!.anchorFrom).toBe(hintFrom);

    // Restore the first save: the note moves back onto its words there.
    story = await getStoryForDesk(staff.editor, id);
    const oldest = (await listRevisionsFor(staff.editor, id)).revisions.filter((r) => r.kind === "SAVE").at(-1)!;
    await restoreRevision(staff.editor, id, oldest.number, story.version);
    story = await getStoryForDesk(staff.editor, id);
    [listed] = await listAnnotationsFor(staff.reporter, { storyId: id }, story.body);
    expect(textAt(story.body, listed!.anchorFrom, listed!.anchorTo)).toBe("resigned");
    expect(listed!.detached).toBe(false);

    // Published: the note never reaches public reads.
    await transitionStory(staff.editor, id, "publish");
    story = await getStoryForDesk(staff.editor, id);
    const pub = await getPublishedStoryBySlug(story.slug);
    expect(pub).not.toBeNull();
    expect(JSON.stringify(pub)).not.toContain("Only one outlet");
    expect(JSON.stringify(pub)).not.toContain("Confirmed by the ministry");
    expect(JSON.stringify(await listPublishedStories({ limit: 200 }))).not.toContain("Only one outlet");
  });

  it("can be placed on a read-only wire version", async () => {
    const wire = makeWireItem("Wire note");
    const v1 = await wire.send(staff.editor, ["Agency text to check."]);
    const note = await createAnnotation(staff.reporter, {
      wireVersionId: v1.versionId,
      kind: "LEGAL",
      from: 1,
      to: 7,
      quote: "Agency",
      body: "Check the agency's rights.",
    });
    expect((await listAnnotationsFor(staff.editor, { wireVersionId: v1.versionId })).map((a) => a.id)).toEqual([note.id]);
    await expect(
      createAnnotation(staff.reporter, { wireVersionId: "nope", kind: "LEGAL", from: 1, to: 2, quote: "A", body: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      createAnnotation(null, { wireVersionId: v1.versionId, kind: "LEGAL", from: 1, to: 2, quote: "A", body: "x" }),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("is never selected by the public data module", async () => {
    // The public module is the one place readers' data comes from; it must not name the table.
    const source = await readFile(new URL("../db/public.ts", import.meta.url), "utf8");
    expect(source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, "")).not.toMatch(/annotation/i);
  });
});
