import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/authz/policy";
import { importWireFiles } from "@/lib/services/wire-import";
import { makeStaff, importFixture } from "@/test/helpers";
import { createBlankStory, createStoryFromWire, getStoryForDesk, saveStory, transitionStory } from "./stories";
import { acceptSuggestion } from "./suggestion-accept";
import { computeStorySuggestions, listStorySuggestions, rejectSuggestion, settleStorySuggestions } from "./suggestions";
import { findOrCreateTag, loadMediaTopicVocabulary, mergeTags, renameTag, searchTagsForPicker, setTagSynonyms } from "./tags";
import { listStoryCorrections } from "./corrections";
import { appendWireToStory } from "./wire-append";

let staff: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  staff = await makeStaff();
  await loadMediaTopicVocabulary();
});

async function saveWithTags(
  actor: Actor,
  id: string,
  tags: { kind: "PERSON" | "KEYWORD" | "PLACE" | "ORGANISATION" | "MEDIA_TOPIC"; name: string; id?: string }[],
) {
  const s = await getStoryForDesk(actor, id);
  return saveStory(actor, id, {
    baseVersion: s.version,
    headline: s.headline,
    standfirst: s.standfirst,
    byline: s.byline,
    datelinePlace: s.datelinePlace,
    body: s.body,
    tags,
  });
}

describe("IPTC vocabulary in the database", () => {
  it("is loaded once; loading again inserts nothing and is quick", async () => {
    const count = await db().tag.count({ where: { scheme: "medtop" } });
    expect(count).toBeGreaterThan(1000);
    const t0 = performance.now();
    const again = await loadMediaTopicVocabulary();
    expect(again).toMatchObject({ inserted: 0, updated: 0 });
    expect(performance.now() - t0).toBeLessThan(5000);
    const immigration = await db().tag.findUnique({ where: { scheme_code: { scheme: "medtop", code: "20000771" } } });
    expect(immigration).toMatchObject({ kind: "MEDIA_TOPIC", name: "immigration" });
    expect(immigration?.description).toBeTruthy();
    expect(immigration?.parentCode).toMatch(/^\d{8}$/);
  });

  it("the picker finds topics by name and entity tags by synonym; merged tags never show", async () => {
    const hits = await searchTagsForPicker(staff.reporter, { q: "immigra" });
    expect(hits.map((h) => h.name)).toEqual(expect.arrayContaining(["immigration", "illegal immigration", "immigration policy"]));
    expect(hits.find((h) => h.name === "immigration")?.detail).toMatch(/^in /);
    const org = await db().$transaction((tx) =>
      findOrCreateTag(tx, { kind: "ORGANISATION", name: `Agency ${randomUUID().slice(0, 6)}` }),
    );
    const acronym = `AX${randomUUID().slice(0, 4).toUpperCase()}`;
    await setTagSynonyms(staff.editor, org.id, [acronym]);
    const bySyn = await searchTagsForPicker(staff.reporter, { q: acronym.toLowerCase() });
    expect(bySyn[0]).toMatchObject({ id: org.id, matchedSynonym: acronym });
    // Typing the synonym reuses the tag instead of creating a second one.
    const again = await db().$transaction((tx) => findOrCreateTag(tx, { kind: "ORGANISATION", name: acronym }));
    expect(again.id).toBe(org.id);
    // Tricky input is just text.
    await expect(searchTagsForPicker(staff.reporter, { q: "%_\\'" })).resolves.toEqual([]);
    await expect(searchTagsForPicker(null, { q: "x" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses a made-up Media Topic", async () => {
    const { id } = await createBlankStory(staff.reporter, "Topic test");
    await expect(saveWithTags(staff.reporter, id, [{ kind: "MEDIA_TOPIC", name: "not a real topic" }])).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});

describe("tag administration", () => {
  it("merge moves every story link in one transaction, hides the source and is audited", async () => {
    const run = randomUUID().slice(0, 6);
    const a = await createBlankStory(staff.editor, `Merge A ${run}`);
    const b = await createBlankStory(staff.editor, `Merge B ${run}`);
    await saveWithTags(staff.editor, a.id, [{ kind: "PERSON", name: `Jo Bloggs ${run}` }]);
    await saveWithTags(staff.editor, b.id, [
      { kind: "PERSON", name: `Jo Bloggs ${run}` },
      { kind: "PERSON", name: `Joanne Bloggs ${run}` },
    ]);
    const source = await db().tag.findFirstOrThrow({ where: { name: `Jo Bloggs ${run}` } });
    const target = await db().tag.findFirstOrThrow({ where: { name: `Joanne Bloggs ${run}` } });

    await expect(mergeTags(staff.reporter, source.id, target.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const result = await mergeTags(staff.editor, source.id, target.id);
    expect(result).toMatchObject({ links: 2 });

    expect(await db().storyTag.count({ where: { tagId: source.id } })).toBe(0);
    const links = await db().storyTag.findMany({ where: { tagId: target.id }, select: { storyId: true } });
    expect(links.map((l) => l.storyId).sort()).toEqual([a.id, b.id].sort());
    const merged = await db().tag.findUniqueOrThrow({ where: { id: source.id } });
    expect(merged.mergedIntoId).toBe(target.id);
    expect((await db().tag.findUniqueOrThrow({ where: { id: target.id } })).synonyms).toContain(`Jo Bloggs ${run}`);
    expect((await searchTagsForPicker(staff.editor, { q: `Jo Bloggs ${run}` })).map((t) => t.id)).toEqual([target.id]);
    expect(await db().auditLog.count({ where: { action: "tag.merge", targetId: target.id, actorId: staff.editor.id } })).toBe(1);
    // The old name now resolves to the surviving tag.
    const typed = await db().$transaction((tx) => findOrCreateTag(tx, { kind: "PERSON", name: `Jo Bloggs ${run}` }));
    expect(typed.id).toBe(target.id);
    await expect(mergeTags(staff.editor, source.id, target.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rename keeps the old name as a synonym and refuses a clash", async () => {
    const run = randomUUID().slice(0, 6);
    const t = await db().$transaction((tx) => findOrCreateTag(tx, { kind: "KEYWORD", name: `Old name ${run}` }));
    await db().$transaction((tx) => findOrCreateTag(tx, { kind: "KEYWORD", name: `Taken ${run}` }));
    const renamed = await renameTag(staff.editor, t.id, `New name ${run}`);
    expect(renamed).toMatchObject({ name: `New name ${run}`, synonyms: [`Old name ${run}`] });
    await expect(renameTag(staff.editor, t.id, `Taken ${run}`)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(renameTag(staff.reporter, t.id, "x")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("suggestions", () => {
  it("on the seed story: people, places, DHS once, a migration topic; accept and reject", async () => {
    const outcome = await importFixture(staff.editor, "plaintext/dpa-afx-honduras-2019-08-28.txt");
    const { id } = await createStoryFromWire(staff.reporter, outcome.versionId);
    await settleStorySuggestions();
    const list = (await listStorySuggestions(staff.reporter, id)).items;
    const names = list.map((s) => `${s.kind}:${s.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "PERSON:Kevin K. McAleenan",
        "PERSON:Juan Orlando Hernandez",
        "PLACE:Honduras",
        "PLACE:United States",
        "ORGANISATION:Department of Homeland Security",
      ]),
    );
    expect(names.filter((n) => /DHS|Homeland/.test(n))).toHaveLength(1);
    expect(list.some((s) => s.kind === "MEDIA_TOPIC" && /migration/.test(s.name))).toBe(true);
    // The dateline place is already a tag, so it is not proposed.
    expect(names).not.toContain("PLACE:Washington");

    const person = list.find((s) => s.name === "Kevin K. McAleenan")!;
    const topic = list.find((s) => s.kind === "MEDIA_TOPIC" && /migration/.test(s.name))!;
    const place = list.find((s) => s.name === "Honduras")!;
    await expect(acceptSuggestion(staff.reporter2, person.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const accepted = await acceptSuggestion(staff.reporter, person.id);
    expect(accepted.tag).toMatchObject({ kind: "PERSON", name: "Kevin K. McAleenan" });
    await acceptSuggestion(staff.reporter, topic.id);
    await rejectSuggestion(staff.reporter, place.id);
    await expect(rejectSuggestion(staff.reporter, place.id)).rejects.toMatchObject({ code: "CONFLICT" });

    const story = await getStoryForDesk(staff.reporter, id);
    expect(story.tags.map((t) => t.tag.name)).toEqual(expect.arrayContaining(["Kevin K. McAleenan", topic.name]));
    const link = await db().storyTag.findFirstOrThrow({ where: { storyId: id, tagId: accepted.tag.id } });
    expect(link.source).toBe("SUGGESTION");

    // Saving recomputes: accepted ones are tags now, the rejected one does not come back.
    await saveWithTags(
      staff.reporter,
      id,
      story.tags.map((t) => ({ kind: t.tag.kind, name: t.tag.name, id: t.tag.id })),
    );
    await settleStorySuggestions();
    const after = (await listStorySuggestions(staff.reporter, id)).items.map((s) => s.name);
    expect(after).not.toContain("Honduras");
    expect(after).not.toContain("Kevin K. McAleenan");
    expect(after).not.toContain(topic.name);
    expect(after).toContain("Juan Orlando Hernandez");
  });

  it("maps the agency's own subject codes (NewsML-G2 with subj/medtop codes)", async () => {
    const outcome = await importFixture(staff.editor, "newsml-g2/newsml-text-baltic-herring-v1-2026-11-10.xml");
    const { id } = await createStoryFromWire(staff.editor, outcome.versionId);
    await computeStorySuggestions(id);
    const rows = await db().tagSuggestion.findMany({ where: { storyId: id } });
    const version = await db().wireItemVersion.findUniqueOrThrow({
      where: { id: outcome.versionId },
      select: { normalized: true },
    });
    const subjects = (version.normalized as { subjects: { scheme: string }[] }).subjects;
    expect(subjects.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.origin === "agency" && r.kind === "MEDIA_TOPIC")).toBe(true);
  });

  it("a blank story gets no suggestions and costs no error", async () => {
    const { id } = await createBlankStory(staff.reporter, "Untitled draft");
    await settleStorySuggestions();
    await expect(listStorySuggestions(staff.reporter, id)).resolves.toEqual({ items: [], computing: false });
  });
});

describe("corrections and appending wire copy", () => {
  it("republishing with a note writes a public correction in the same transaction", async () => {
    const outcome = await importFixture(staff.editor, "plaintext/dpa-afx-brenner-profit-warning-2026-11-03.txt");
    const { id } = await createStoryFromWire(staff.editor, outcome.versionId);
    await transitionStory(staff.editor, id, "publish");
    await expect(transitionStory(staff.reporter, id, "republish", { correctionNote: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(transitionStory(staff.editor, id, "republish", { correctionNote: "y".repeat(2500) })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await listStoryCorrections(staff.editor, id)).toHaveLength(0);
    const before = await getStoryForDesk(staff.editor, id);
    await transitionStory(staff.editor, id, "republish", {
      correctionNote: "  An earlier version misstated the <b>profit</b> figure.\u202e ",
    });
    const corrections = await listStoryCorrections(staff.editor, id);
    expect(corrections).toHaveLength(1);
    expect(corrections[0]!.note).toBe("An earlier version misstated the <b>profit</b> figure.");
    expect(corrections[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before.publishedAt!.getTime());
    // An update without a note adds none.
    await transitionStory(staff.editor, id, "republish", { correctionNote: "   " });
    expect(await listStoryCorrections(staff.editor, id)).toHaveLength(1);
  });

  it("appends a wire version's text to an existing story as a revision, audited with the version", async () => {
    const { id } = await createBlankStory(staff.reporter, "Running story");
    const [report] = await importWireFiles(staff.editor, [
      {
        name: "append.txt",
        bytes: new TextEncoder().encode(
          ` date 2026-11-27 \n\nOSLO (dpa-AFX) - Appended paragraph ${randomUUID()}.\n\nCopyright RTT News/dpa-AFX`,
        ),
      },
    ]);
    const outcome = report!.outcomes[0]!;
    if (outcome.status === "failed") throw new Error(outcome.reason);
    await expect(appendWireToStory(staff.reporter2, id, outcome.versionId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const before = await getStoryForDesk(staff.reporter, id);
    const result = await appendWireToStory(staff.reporter, id, outcome.versionId);
    const after = await getStoryForDesk(staff.reporter, id);
    expect(result.version).toBe(before.version + 1);
    expect(after.bodyText).toContain("Appended paragraph");
    expect(after.wireVersionId).toBe(outcome.versionId);
    expect(await db().auditLog.count({ where: { action: "story.append_wire", targetId: id } })).toBe(1);
    expect(await db().storyRevision.count({ where: { storyId: id } })).toBe(2);
  });
});
