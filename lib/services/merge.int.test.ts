import { beforeAll, describe, expect, it } from "vitest";
import { makeStaff } from "@/test/helpers";
import { makeWireItem } from "@/test/desk/wire-versions";
import { createStoryFromWire, getStoryForDesk, saveStory } from "./stories";
import { applyAgencyMerge, getAgencyOriginalDiff, getAgencyUpdate } from "./merge";
import { listRevisions } from "@/lib/db/stories";
import { docToBlockTexts } from "@/lib/diff/doc-blocks";
import type { StoryDoc } from "@/lib/editor/doc-schema";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

const P1 = "The council voted 10 to 5 on Thursday to close the old bridge.";
const P2 = "Repairs are expected to take two years.";
const P3 = "Drivers will be diverted through the east of the city.";
const doc = (...paras: string[]): StoryDoc => ({
  type: "doc",
  content: paras.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
});

async function editedStory() {
  const wire = makeWireItem("Council closes old bridge");
  const v1 = await wire.send(staff.editor, [P1, P2, P3]);
  const { id } = await createStoryFromWire(staff.editor, v1.versionId);
  const s = await getStoryForDesk(staff.editor, id);
  // The desk rewrites paragraph 1's start and the last paragraph.
  await saveStory(staff.editor, id, {
    baseVersion: s.version,
    headline: "City closes its oldest bridge",
    standfirst: s.standfirst,
    byline: s.byline,
    datelinePlace: s.datelinePlace,
    body: doc(
      "The city council voted 10 to 5 on Thursday to close the old bridge.",
      P2,
      "Drivers will be sent through the eastern districts.",
    ),
    tags: [],
  });
  return { wire, v1, id };
}

describe("agency updates", () => {
  it("shows the agency original against the edited story", async () => {
    const { id } = await editedStory();
    const diff = await getAgencyOriginalDiff(staff.reporter, id);
    expect(diff?.changed.added).toBeGreaterThan(0);
    expect(diff?.rows.some((r) => r.left?.some((p) => p.kind === "removed" && p.text.includes("Drivers")))).toBe(false);
    expect(diff?.rows.some((r) => r.right?.some((p) => p.kind === "added" && p.text.includes("city")))).toBe(true);
    // The desk's headline is compared with the agency's, and counted.
    const headline = diff!.fields.find((f) => f.label === "Headline")!;
    expect(headline.parts.some((p) => p.kind === "added" && p.text.includes("oldest"))).toBe(true);
    expect(headline.parts.some((p) => p.kind === "removed" && p.text.includes("Council"))).toBe(true);
  });

  it("counts a standfirst the desk wrote where the agency had none", async () => {
    const { id } = await editedStory();
    const before = (await getAgencyOriginalDiff(staff.editor, id))!;
    const s = await getStoryForDesk(staff.editor, id);
    const standfirst = "Five-year repairs begin after the vote";
    await saveStory(staff.editor, id, {
      baseVersion: s.version,
      headline: s.headline,
      standfirst,
      byline: s.byline,
      datelinePlace: s.datelinePlace,
      body: s.body,
      tags: [],
    });
    const after = (await getAgencyOriginalDiff(staff.editor, id))!;
    expect(after.fields.find((f) => f.label === "Standfirst")?.parts).toEqual([{ kind: "added", text: standfirst }]);
    expect(after.changed.added - before.changed.added).toBe(6);
    expect(after.changed.removed).toBe(before.changed.removed);
  });

  it("merges non-conflicting agency changes, asks about conflicts, and moves the story to the new version", async () => {
    const { wire, v1, id } = await editedStory();
    // The agency corrects the vote in paragraph 1 (desk edited other words there), adds a
    // paragraph, and rewrites the last paragraph differently from the desk: a conflict.
    const v2 = await wire.send(staff.editor, [
      "The council voted 11 to 4 on Thursday to close the old bridge.",
      P2,
      "The mayor said a ferry would run in the meantime.",
      "Drivers will be diverted through the north of the city.",
    ]);
    expect(v2.itemId).toBe(v1.itemId);
    const before = await getStoryForDesk(staff.editor, id);
    expect(before.agencyUpdateAvailable).toBe(true);

    const update = (await getAgencyUpdate(staff.editor, id))!;
    expect(update.theirs.id).toBe(v2.versionId);
    expect(update.killed).toBe(false);
    expect(update.agencyChanges.some((r) => r.right?.some((p) => p.kind === "added" && p.text.includes("11")))).toBe(true);
    const conflicts = update.chunks.filter((c) => c.kind === "conflict");
    expect(conflicts).toHaveLength(1);
    expect(update.fields.headline).toMatchObject({ kind: "resolved", value: "City closes its oldest bridge" });

    // A decision is required.
    await expect(
      applyAgencyMerge(staff.editor, id, { baseVersion: before.version, theirsVersionId: v2.versionId }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    // A stale base version is refused.
    await expect(
      applyAgencyMerge(staff.editor, id, {
        baseVersion: before.version - 1,
        theirsVersionId: v2.versionId,
        body: { 0: "theirs" },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const revsBefore = (await listRevisions(id)).length;
    await applyAgencyMerge(staff.editor, id, { baseVersion: before.version, theirsVersionId: v2.versionId, body: { 0: "ours" } });
    const after = await getStoryForDesk(staff.editor, id);
    expect(after.wireVersionId).toBe(v2.versionId);
    expect(after.agencyUpdateAvailable).toBe(false);
    expect(after.version).toBe(before.version + 1);
    expect(after.headline).toBe("City closes its oldest bridge");
    expect(docToBlockTexts(after.body as StoryDoc)).toEqual([
      "The city council voted 11 to 4 on Thursday to close the old bridge.",
      P2,
      "The mayor said a ferry would run in the meantime.",
      "Drivers will be sent through the eastern districts.",
    ]);
    expect((await listRevisions(id)).length).toBe(revsBefore + 1);
    expect(await getAgencyUpdate(staff.editor, id)).toBeNull();
  });

  it("refuses to merge after a kill and reports the kill", async () => {
    const { wire, id } = await editedStory();
    await wire.send(staff.editor, [P1, P2, P3], { pubstatus: "canceled" });
    const update = await getAgencyUpdate(staff.editor, id);
    expect(update?.killed).toBe(true);
    await expect(
      applyAgencyMerge(staff.editor, id, {
        baseVersion: (await getStoryForDesk(staff.editor, id)).version,
        theirsVersionId: update!.theirs.id,
        body: {},
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("does not let a reporter merge into someone else's story", async () => {
    const { wire, id } = await editedStory();
    const v2 = await wire.send(staff.editor, [P1, P2, P3, "A new closing line."]);
    const s = await getStoryForDesk(staff.editor, id);
    await expect(
      applyAgencyMerge(staff.reporter, id, { baseVersion: s.version, theirsVersionId: v2.versionId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
