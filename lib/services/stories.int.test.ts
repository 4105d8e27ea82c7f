import { beforeAll, describe, expect, it } from "vitest";
import { makeStaff, importFixture, uniquePlaintext, embargoedPlaintext } from "@/test/helpers";
import { importWireFiles } from "./wire-import";
import { createBlankStory, createStoryFromWire, getStoryForDesk, saveStory, transitionStory } from "./stories";
import { getPublishedStoryBySlug, listPublishedStories } from "@/lib/db/public";
import { listRevisions } from "@/lib/db/stories";
import type { Actor } from "@/lib/authz/policy";

let staff: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  staff = await makeStaff();
});

async function draftFromWire(actor: Actor) {
  const [report] = await importWireFiles(staff.editor, [uniquePlaintext("The council approved the plan on Thursday.")]);
  const outcome = report!.outcomes[0]!;
  if (outcome.status === "failed") throw new Error(outcome.reason);
  return createStoryFromWire(actor, outcome.versionId);
}

async function contentOf(actor: Actor, id: string) {
  const s = await getStoryForDesk(actor, id);
  return {
    baseVersion: s.version,
    headline: s.headline,
    standfirst: s.standfirst,
    byline: s.byline,
    datelinePlace: s.datelinePlace,
    body: s.body,
    tags: s.tags.map(({ tag }) => ({ kind: tag.kind, name: tag.name })),
  };
}

describe("the walking-skeleton path", () => {
  it("imports the seed story, creates a story, edits, tags, saves, publishes and shows it publicly", async () => {
    const outcome = await importFixture(staff.editor, "plaintext/dpa-afx-honduras-2019-08-28.txt");
    const { id } = await createStoryFromWire(staff.editor, outcome.versionId);
    const created = await getStoryForDesk(staff.editor, id);
    expect(created.status).toBe("DRAFT");
    expect(created.datelinePlace).toBe("WASHINGTON");
    expect(created.credit).toBe("Copyright RTT News/dpa-AFX");
    expect(created.headline.length).toBeGreaterThan(10);
    expect(created.bodyText).toContain("Kevin K. McAleenan");
    expect(created.bodyText).not.toContain("Copyright RTT News");

    const content = await contentOf(staff.editor, id);
    const saved = await saveStory(staff.editor, id, {
      ...content,
      headline: "Honduras agrees to curb migration to the US",
      tags: [...content.tags, { kind: "KEYWORD", name: "Migration" }, { kind: "PLACE", name: "Honduras" }],
    });
    expect(saved.version).toBe(content.baseVersion + 1);
    expect((await listRevisions(id)).map((r) => r.kind)).toEqual(["SAVE", "CREATE"]);

    // A draft is not public.
    const draft = await getStoryForDesk(staff.editor, id);
    expect(await getPublishedStoryBySlug(draft.slug)).toBeNull();

    await transitionStory(staff.editor, id, "publish");
    const published = await getStoryForDesk(staff.editor, id);
    expect(published.status).toBe("PUBLISHED");
    expect(published.slug).toMatch(/^honduras-agrees-to-curb-migration-to-the-us/);
    const pub = await getPublishedStoryBySlug(published.slug);
    expect(pub?.headline).toBe("Honduras agrees to curb migration to the US");
    expect(pub?.tags.map((t) => t.tag.name)).toEqual(expect.arrayContaining(["Migration", "Honduras", "Washington"]));
    expect((await listPublishedStories({ limit: 100 })).some((s) => s.id === id)).toBe(true);
    expect((await listRevisions(id))[0]?.kind).toBe("PUBLISH");
  });
});

describe("authorization in the services", () => {
  it("lets a reporter create, edit and submit their own draft but not publish it", async () => {
    const { id } = await draftFromWire(staff.reporter);
    await saveStory(staff.reporter, id, { ...(await contentOf(staff.reporter, id)), headline: "Reporter's version" });
    await expect(transitionStory(staff.reporter, id, "publish")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(transitionStory(staff.reporter, id, "kill")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await transitionStory(staff.reporter, id, "submit");
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("IN_REVIEW");
    await transitionStory(staff.editor, id, "publish");
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("PUBLISHED");
  });

  it("refuses a reporter editing someone else's story, and lets an editor edit anyone's", async () => {
    const { id } = await draftFromWire(staff.reporter);
    await expect(saveStory(staff.reporter2, id, await contentOf(staff.reporter2, id))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      saveStory(staff.editor, id, { ...(await contentOf(staff.editor, id)), headline: "Edited by the desk" }),
    ).resolves.toMatchObject({ id });
  });

  it("refuses wire import to reporters and to anonymous callers", async () => {
    await expect(importWireFiles(staff.reporter, [uniquePlaintext("x")])).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(importWireFiles(null, [uniquePlaintext("x")])).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(createBlankStory(null, "Anonymous")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("ignores fields a save may not set (status, author, publication time)", async () => {
    const { id } = await createBlankStory(staff.reporter, "Mass assignment probe");
    const content = await contentOf(staff.reporter, id);
    await saveStory(staff.reporter, id, {
      ...content,
      status: "PUBLISHED",
      authorId: staff.editor.id,
      publishedAt: new Date().toISOString(),
      role: "ADMIN",
    });
    const s = await getStoryForDesk(staff.editor, id);
    expect(s.status).toBe("DRAFT");
    expect(s.authorId).toBe(staff.reporter.id);
    expect(s.publishedAt).toBeNull();
  });
});

describe("never losing an edit", () => {
  it("refuses a save based on a stale version and keeps the newer text", async () => {
    const { id } = await createBlankStory(staff.editor, "Concurrency");
    const base = await contentOf(staff.editor, id);
    await saveStory(staff.editor, id, { ...base, headline: "First editor wins" });
    await expect(saveStory(staff.editor, id, { ...base, headline: "Stale second editor" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await getStoryForDesk(staff.editor, id)).headline).toBe("First editor wins");
  });

  it("rejects an invalid body without touching the stored story", async () => {
    const { id } = await createBlankStory(staff.editor, "Validation");
    const base = await contentOf(staff.editor, id);
    await expect(
      saveStory(staff.editor, id, { ...base, body: { type: "doc", content: [{ type: "script", text: "alert(1)" }] } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(saveStory(staff.editor, id, { ...base, headline: "   " })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await getStoryForDesk(staff.editor, id)).version).toBe(base.baseVersion);
  });
});

describe("workflow", () => {
  it("refuses invalid transitions with a clear error", async () => {
    const { id } = await createBlankStory(staff.editor, "Workflow");
    await expect(transitionStory(staff.editor, id, "unpublish")).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    await transitionStory(staff.editor, id, "kill");
    await expect(transitionStory(staff.editor, id, "publish")).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
  });

  it("cannot publish a story made from embargoed copy before the embargo ends", async () => {
    const fixture = await importFixture(staff.editor, "plaintext/embargoed-commuter-survey-2026-11-30.txt");
    expect(
      (
        await getStoryForDesk(staff.editor, (await createStoryFromWire(staff.editor, fixture.versionId)).id)
      ).embargoUntil?.toISOString(),
    ).toBe("2026-12-01T06:00:00.000Z");
    // Built relative to now: the same test on any date.
    const [report] = await importWireFiles(staff.editor, [embargoedPlaintext(new Date(Date.now() + 86_400_000))]);
    const outcome = report!.outcomes[0]!;
    if (outcome.status === "failed") throw new Error(outcome.reason);
    const { id } = await createStoryFromWire(staff.editor, outcome.versionId);
    await expect(transitionStory(staff.editor, id, "publish")).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("DRAFT");
  });
});
