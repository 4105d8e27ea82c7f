// The desk's story finder: every story by any word of its text, byline or notes; filters;
// keyset paging; the URL's parameters validated.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { makeStaff } from "@/test/helpers";
import { createBlankStory, getStoryForDesk, saveStory, setStoryEmbargo, transitionStory } from "./stories";
import { DESK_PAGE_SIZE, findDeskStories } from "./desk-search";

let staff: Awaited<ReturnType<typeof makeStaff>>;
const run = randomUUID().slice(0, 8).replace(/[0-9]/g, "x");
const word = (w: string) => `zq${w}${run}`;
const doc = (text: string): StoryDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

async function story(
  actor: Awaited<ReturnType<typeof makeStaff>>["editor"],
  opts: { body?: string; byline?: string; tag?: string },
) {
  const { id } = await createBlankStory(actor, `Story ${randomUUID().slice(0, 6)}`);
  const s = await getStoryForDesk(actor, id);
  await saveStory(actor, id, {
    baseVersion: s.version,
    headline: s.headline,
    standfirst: "",
    byline: opts.byline ?? "",
    datelinePlace: "",
    body: doc(opts.body ?? "Nothing special."),
    tags: opts.tag ? [{ kind: "KEYWORD", name: opts.tag }] : [],
  });
  return id;
}
const ids = async (params: Record<string, unknown>) => (await findDeskStories(staff.editor, params)).items.map((s) => s.id);

let bodyHit: string, bylineHit: string, noteHit: string, reporterStory: string;
beforeAll(async () => {
  staff = await makeStaff();
  bodyHit = await story(staff.editor, { body: `The ${word("body")} was found in a draft.`, tag: `Ferries ${run}` });
  bylineHit = await story(staff.editor, { byline: `By ${word("byline")} Smith` });
  noteHit = await story(staff.editor, { body: "The mayor said the budget was sound." });
  await db().annotation.create({
    data: {
      storyId: noteHit,
      anchorFrom: 1,
      anchorTo: 10,
      quote: `budget ${word("quote")}`,
      body: "Check this",
      authorId: staff.editor.id,
    },
  });
  reporterStory = await story(staff.reporter, { body: `Reporter copy ${word("mine")}.` });
});

describe("finding any story", () => {
  it("finds drafts by a word of the body, the byline, or a note's quoted text", async () => {
    expect(await ids({ q: word("body") })).toEqual([bodyHit]);
    expect(await ids({ q: word("byline") })).toEqual([bylineHit]);
    expect(await ids({ q: word("quote") })).toEqual([noteHit]);
  });

  it("filters by status, author, tag, origin, open notes and flags, and keeps them in the returned params", async () => {
    expect(await ids({ q: word("mine"), author: staff.reporter.id })).toEqual([reporterStory]);
    expect(await ids({ q: word("mine"), author: staff.editor.id })).toEqual([]);
    expect(await ids({ tag: `ferries-${run}` })).toEqual([bodyHit]);
    expect(await ids({ q: word("body"), status: "PUBLISHED" })).toEqual([]);
    await transitionStory(staff.editor, bodyHit, "publish");
    expect(await ids({ q: word("body"), status: ["PUBLISHED", "DRAFT"] })).toEqual([bodyHit]);
    expect(await ids({ q: word("body"), origin: "wire" })).toEqual([]);
    expect(await ids({ q: word("body"), origin: "own" })).toEqual([bodyHit]);
    expect(await ids({ q: word("quote"), notes: "open" })).toEqual([noteHit]);
    expect(await ids({ q: word("body"), notes: "open" })).toEqual([]);
    const { version } = await getStoryForDesk(staff.editor, bylineHit);
    await setStoryEmbargo(staff.editor, bylineHit, {
      until: new Date(Date.now() + 3_600_000).toISOString(),
      baseVersion: version,
    });
    expect(await ids({ q: word("byline"), flag: "embargoed" })).toEqual([bylineHit]);
    expect(await ids({ q: word("body"), flag: "embargoed" })).toEqual([]);
    const found = await findDeskStories(staff.editor, { q: word("body"), status: "PUBLISHED", sort: "created" });
    expect(found.params).toMatchObject({ q: word("body"), status: ["PUBLISHED"], sort: "created" });
  });

  it("filters by the day a story last changed", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await ids({ q: word("mine"), from: today, to: today })).toEqual([reporterStory]);
    expect(await ids({ q: word("mine"), to: yesterday })).toEqual([]);
  });

  it("pages with a keyset cursor: no story twice, none skipped, and counts the whole match", async () => {
    const many = word("many");
    const made: string[] = [];
    for (let i = 0; i < DESK_PAGE_SIZE + 5; i++) {
      made.push((await createBlankStory(staff.editor, `Batch ${many} ${i}`)).id);
    }
    const first = await findDeskStories(staff.editor, { q: many });
    expect(first.items).toHaveLength(DESK_PAGE_SIZE);
    expect(first.total).toEqual({ count: DESK_PAGE_SIZE + 5, capped: false });
    expect(first.next).toBeTruthy();
    const second = await findDeskStories(staff.editor, { q: many, after: first.next });
    expect(second.items).toHaveLength(5);
    expect(second.next).toBeNull();
    const seen = [...first.items, ...second.items].map((s) => s.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
    // Newest change first.
    const times = [...first.items, ...second.items].map((s) => s.updatedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("a pasted story id goes to that story; malformed parameters are ignored, not errors", async () => {
    expect((await findDeskStories(staff.editor, { q: bodyHit })).exact).toBe(bodyHit);
    const r = await findDeskStories(staff.editor, {
      q: word("body"),
      status: ["NOPE", "PUBLISHED"],
      from: "yesterday",
      sort: "sideways",
      after: "not-a-cursor",
      flag: "<script>",
    });
    expect(r.params).toMatchObject({ status: ["PUBLISHED"], sort: "updated", from: undefined, flag: undefined });
    expect(r.items.map((s) => s.id)).toEqual([bodyHit]);
  });

  it("needs a desk session", async () => {
    await expect(findDeskStories(null, {})).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
