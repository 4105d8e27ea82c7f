import { beforeAll, describe, expect, it } from "vitest";
import { makeStaff } from "@/test/helpers";
import { createBlankStory, getStoryForDesk, saveStory } from "./stories";
import { acquireStoryLock, releaseLock, takeOverStoryLock } from "./locks";
import { autosaveStory, listRevisionsFor, readSnapshot } from "./revisions";
import { getStoryRevision } from "@/lib/db/revisions";
import { db } from "@/lib/db/client";
import { docToPlainText } from "@/lib/editor/text";
import type { StoryDoc } from "@/lib/editor/doc-schema";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

const doc = (text: string): StoryDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const content = (text: string, baseVersion: number) => ({
  baseVersion,
  headline: "Locked story",
  standfirst: "",
  byline: "",
  datelinePlace: "",
  body: doc(text),
  tags: [],
});

describe("edit lock", () => {
  it("is held by one person, blocks others' saves, expires by itself and can be released", async () => {
    const { id } = await createBlankStory(staff.editor, "Locked story");
    expect((await acquireStoryLock(staff.editor, id)).heldByMe).toBe(true);
    const other = await acquireStoryLock(staff.admin, id);
    expect(other).toMatchObject({ heldByMe: false, holder: { id: staff.editor.id } });
    await expect(saveStory(staff.admin, id, content("admin text", 1))).rejects.toMatchObject({ code: "CONFLICT" });
    await saveStory(staff.editor, id, content("holder text", 1));

    // No heartbeat: the lock lapses and the next person gets it.
    await db().$executeRaw`UPDATE "Story" SET "lockExpiresAt" = now() - interval '1 second' WHERE id = ${id}`;
    expect((await acquireStoryLock(staff.admin, id)).heldByMe).toBe(true);
    await releaseLock(staff.admin, id);
    expect((await acquireStoryLock(staff.editor, id)).heldByMe).toBe(true);
    // The lock does not change the story's version (a heartbeat is not an edit).
    expect((await getStoryForDesk(staff.editor, id)).version).toBe(2);
  });

  it("is taken over by an editor, keeping the previous holder's autosave as a revision and auditing it", async () => {
    const { id } = await createBlankStory(staff.reporter, "Locked story");
    await acquireStoryLock(staff.reporter, id);
    await autosaveStory(staff.reporter, id, content("unsaved words of the reporter", 1));
    await expect(takeOverStoryLock(staff.reporter2, id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    const { lock, keptRevision } = await takeOverStoryLock(staff.editor, id, { ip: "203.0.113.9" });
    expect(lock).toMatchObject({ heldByMe: true, holder: { id: staff.editor.id } });
    expect(keptRevision).not.toBeNull();
    const rev = await getStoryRevision(db(), id, keptRevision!);
    expect(rev?.kind).toBe("TAKEOVER");
    expect(rev?.author?.id).toBe(staff.reporter.id);
    expect(docToPlainText(readSnapshot(rev?.snapshot).body!)).toBe("unsaved words of the reporter");
    const audit = await db().auditLog.findFirst({
      where: { action: "story.lock_takeover", targetId: id },
      select: { actorId: true, meta: true, ip: true },
    });
    expect(audit).toMatchObject({
      actorId: staff.editor.id,
      ip: "203.0.113.9",
      meta: { previousHolderId: staff.reporter.id, keptRevision },
    });
    // The previous holder can no longer save over the new holder.
    await expect(saveStory(staff.reporter, id, content("late", 1))).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await listRevisionsFor(staff.editor, id)).revisions[0]?.kind).toBe("TAKEOVER");
  });
});
