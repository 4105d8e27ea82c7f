import { beforeAll, describe, expect, it } from "vitest";
import { makeStaff } from "@/test/helpers";
import { createBlankStory, getStoryForDesk, saveStory } from "./stories";
import {
  autosaveStory,
  compareRevisions,
  findMyPendingAutosave,
  listRevisionsFor,
  readSnapshot,
  restoreRevision,
} from "./revisions";
import { getStoryRevision } from "@/lib/db/revisions";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { docToPlainText } from "@/lib/editor/text";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import type { Actor } from "@/lib/authz/policy";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

const doc = (text: string): StoryDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const content = (text: string, baseVersion: number, headline = "A story") => ({
  baseVersion,
  headline,
  standfirst: "",
  byline: "",
  datelinePlace: "",
  body: doc(text),
  tags: [],
});

describe("revisions", () => {
  it("a save's snapshot is the story as stored, whether its tags changed or not", async () => {
    const { id } = await createBlankStory(staff.editor, "Snapshot story");
    const tags = [{ kind: "KEYWORD" as const, name: `Snapshot ${id.slice(-6)}` }];
    const a = await saveStory(staff.editor, id, { ...content("First text.", 1, "Snapshot story"), tags });
    // Same tags: the service writes the revision from what it holds instead of re-reading.
    const b = await saveStory(staff.editor, id, { ...content("Second text.", a.version, "Snapshot two"), tags });
    const stored = await getStoryForDesk(staff.editor, id);
    const snapshots = (
      await db().storyRevision.findMany({
        where: { storyId: id, kind: "SAVE" },
        orderBy: { number: "asc" },
        select: { snapshot: true },
      })
    ).map((r) => readSnapshot(r.snapshot));
    expect(snapshots.map((r) => r.version)).toEqual([a.version, b.version]);
    const latest = snapshots[1]!;
    expect(latest.version).toBe(stored.version);
    expect(latest.headline).toBe("Snapshot two");
    expect(latest.headline).toBe(stored.headline);
    expect(latest.body).toEqual(stored.body);
    expect(latest.tags.map((t) => t.name)).toEqual(stored.tags.map((t) => t.tag.name));
    expect(latest.status).toBe(stored.status);
  });

  it("compares two revisions word by word and restores an old one as a new revision", async () => {
    const { id } = await createBlankStory(staff.editor, "Bridge story");
    const v1 = await saveStory(staff.editor, id, content("The bridge will close on Monday.", 1, "Bridge story"));
    const v2 = await saveStory(
      staff.editor,
      id,
      content("The bridge will close on Tuesday for repairs.", v1.version, "Bridge closes"),
    );
    const { revisions } = await listRevisionsFor(staff.reporter, id);
    expect(revisions.map((r) => r.kind)).toEqual(["SAVE", "SAVE", "CREATE"]);
    const [second, first] = revisions;
    const cmp = await compareRevisions(staff.reporter, id, first!.number, second!.number);
    expect(cmp.body[0]?.left).toContainEqual({ kind: "removed", text: "Monday" });
    expect(cmp.body[0]?.right?.some((p) => p.kind === "added" && p.text.startsWith("Tuesday"))).toBe(true);
    expect(cmp.body[0]?.left?.some((p) => p.kind === "same" && p.text.includes("The bridge will close on"))).toBe(true);
    expect(cmp.fields.find((f) => f.label === "Headline")?.parts).toContainEqual({ kind: "added", text: "closes" });

    // Restore the first save: a RESTORE revision on top; the replaced text stays in history.
    const restored = await restoreRevision(staff.editor, id, first!.number, v2.version);
    const story = await getStoryForDesk(staff.editor, id);
    expect(story.bodyText).toBe("The bridge will close on Monday.");
    expect(story.headline).toBe("Bridge story");
    expect(restored.version).toBe(v2.version + 1);
    const after = (await listRevisionsFor(staff.editor, id)).revisions;
    expect(after[0]?.kind).toBe("RESTORE");
    const texts = await Promise.all(
      after.map(async (r) => readSnapshot((await getStoryRevision(db(), id, r.number))?.snapshot).body),
    );
    expect(texts.some((b) => b && docToPlainText(b) === "The bridge will close on Tuesday for repairs.")).toBe(true);

    // A stale restore is refused; a reporter may not restore someone else's story.
    await expect(restoreRevision(staff.editor, id, first!.number, v2.version)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(restoreRevision(staff.reporter, id, first!.number, story.version)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("autosaves into one working-copy revision and never over a newer save", async () => {
    const { id } = await createBlankStory(staff.reporter, "Autosave story");
    await autosaveStory(staff.reporter, id, content("draft one", 1));
    const second = await autosaveStory(staff.reporter, id, content("draft one two", 1));
    const pending = await findMyPendingAutosave(staff.reporter, id);
    expect(pending?.number).toBe(second.revision);
    expect(pending?.snapshot.body && docToPlainText(pending.snapshot.body)).toBe("draft one two");
    expect((await listRevisionsFor(staff.reporter, id)).revisions.filter((r) => r.kind === "AUTOSAVE")).toHaveLength(1);
    // The story itself is untouched by autosave.
    expect((await getStoryForDesk(staff.reporter, id)).version).toBe(1);
    // Someone else saves: the stale autosave is refused, not applied.
    await saveStory(staff.editor, id, content("editor's text", 1));
    await expect(autosaveStory(staff.reporter, id, content("late draft", 1))).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await getStoryForDesk(staff.reporter, id)).bodyText).toBe("editor's text");
    expect(await findMyPendingAutosave(staff.reporter, id)).toBeNull();
  });
});

describe("two editors, 100 interleaved saves", () => {
  it("loses nothing: every accepted save is a revision, every refused save is reported", async () => {
    const { id } = await createBlankStory(staff.editor, "Contested story");
    const clients: { actor: Actor; version: number; name: string }[] = [
      { actor: staff.editor, version: 1, name: "A" },
      { actor: staff.admin, version: 1, name: "B" },
    ];
    const accepted: { text: string; version: number }[] = [];
    const refused: string[] = [];
    for (let round = 0; round < 50; round++) {
      // Both editors press save at the same moment, each from the version they last saw.
      await Promise.all(
        clients.map(async (c) => {
          const text = `${c.name} save ${round}`;
          try {
            const res = await saveStory(c.actor, id, content(text, c.version));
            accepted.push({ text, version: res.version });
            c.version = res.version;
          } catch (e) {
            if (!isAppError(e) || e.code !== "CONFLICT") throw e;
            refused.push(text);
            // The editor is shown the newer text and bases the next save on it.
            c.version = (await getStoryForDesk(c.actor, id)).version;
          }
        }),
      );
    }
    expect(accepted.length + refused.length).toBe(100);
    expect(accepted.length).toBeGreaterThanOrEqual(50);
    const revisions = await db().storyRevision.findMany({ where: { storyId: id, kind: "SAVE" }, select: { snapshot: true } });
    const saved = revisions.map((r) => docToPlainText(readSnapshot(r.snapshot).body!));
    expect(saved.sort()).toEqual(accepted.map((a) => a.text).sort());
    for (const text of refused) expect(saved).not.toContain(text);
    const versions = accepted.map((a) => a.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: accepted.length }, (_, i) => i + 2));
    const last = accepted.reduce((a, b) => (b.version > a.version ? b : a));
    expect((await getStoryForDesk(staff.editor, id)).bodyText).toBe(last.text);
  });
});
