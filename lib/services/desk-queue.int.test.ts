import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { searchWireQueue } from "@/lib/db/wire-queue";
import { importWireFiles } from "@/lib/services/wire-import";
import { makeStaff } from "@/test/helpers";
import { getDeskActivity, getStoryList, getWireQueue } from "./desk-queue";
import { createBlankStory } from "./stories";

let staff: Awaited<ReturnType<typeof makeStaff>>;
// A word no other test file uses, so searches see only this file's items.
const run = `zq${randomUUID().replace(/-/g, "").slice(0, 8)}`;

function ninjs(opts: { n: number; urgency: number; subject: string; headline: string; body: string; source: string }) {
  return {
    name: `${run}-${opts.n}.json`,
    bytes: new TextEncoder().encode(
      JSON.stringify({
        uri: `urn:test:${run}:${opts.n}`,
        type: "text",
        version: "1",
        versioncreated: "2026-11-27T10:00:00Z",
        pubstatus: "usable",
        urgency: opts.urgency,
        language: "en",
        copyrightholder: opts.source,
        headlines: [{ role: "main", value: opts.headline }],
        subjects: [{ uri: `http://cv.iptc.org/newscodes/mediatopic/${opts.subject}`, name: "topic" }],
        bodies: [{ role: "main", contenttype: "text/plain", value: opts.body }],
      }),
    ),
  };
}

beforeAll(async () => {
  staff = await makeStaff();
  const files = [
    ninjs({
      n: 1,
      urgency: 1,
      subject: "20000771",
      headline: `Flash: border ${run} crossing closed`,
      body: `Migrants wait at the border. ${run} harbour.`,
      source: "Agency North",
    }),
    ninjs({
      n: 2,
      urgency: 5,
      subject: "20000772",
      headline: `Harbour ferries ${run} run late`,
      body: `The ferries in the harbour were late again. ${run}`,
      source: "Agency South",
    }),
    ninjs({
      n: 3,
      urgency: 3,
      subject: "20000771",
      headline: `Glacier survey ${run}`,
      body: `Scientists measured the glacier. ${run} and the border of the ice.`,
      source: "Agency North",
    }),
  ];
  for (const f of files) {
    const [report] = await importWireFiles(staff.editor, [f]);
    if (report?.outcomes[0]?.status === "failed") throw new Error(JSON.stringify(report.outcomes[0]));
  }
});

const headlines = async (filter: Parameters<typeof searchWireQueue>[0]) =>
  (await searchWireQueue({ limit: 200, ...filter })).items.map((i) => i.latest.headline ?? "").filter((h) => h.includes(run));

describe("wire queue", () => {
  it("lists newest first and searches the full text", async () => {
    const all = await headlines({ q: run });
    expect(all).toHaveLength(3);
    const rows = (await searchWireQueue({ q: run })).items;
    for (let i = 1; i < rows.length; i++)
      expect(rows[i - 1]!.updatedAt.getTime()).toBeGreaterThanOrEqual(rows[i]!.updatedAt.getTime());
    expect(await headlines({ q: `${run} harbour` })).toHaveLength(2); // headline or body
    expect(await headlines({ q: `${run} ferry` })).toEqual([`Harbour ferries ${run} run late`]); // stemmed: ferries → ferri
    expect(await headlines({ q: `"glacier survey" ${run}` })).toEqual([`Glacier survey ${run}`]);
    expect(await headlines({ q: `${run} -glacier` })).toHaveLength(2);
    expect(await headlines({ q: `${run} xylophonic` })).toEqual([]);
  });

  it("filters by agency, urgency, subject, signal and time", async () => {
    const sources = await db().wireSource.findMany({
      where: { name: { in: ["Agency North", "Agency South"] } },
      select: { code: true, name: true },
    });
    const north = sources.find((s) => s.name === "Agency North")!.code;
    expect(await headlines({ q: run, sources: [north] })).toHaveLength(2);
    expect(await headlines({ q: run, maxUrgency: 1 })).toEqual([`Flash: border ${run} crossing closed`]);
    expect(await headlines({ q: run, maxUrgency: 3 })).toHaveLength(2);
    expect(await headlines({ q: run, subject: "20000771" })).toHaveLength(2);
    expect(await headlines({ q: run, signals: ["kill"] })).toEqual([]);
    expect(await headlines({ q: run, signals: ["new"] })).toHaveLength(3);
    expect(await headlines({ q: run, since: new Date(Date.now() - 3600_000) })).toHaveLength(3);
    expect(await headlines({ q: run, since: new Date(Date.now() + 3600_000) })).toEqual([]);
    // The same filters without search (the other query plan).
    expect((await searchWireQueue({ maxUrgency: 1, limit: 200 })).items.every((i) => (i.latest.urgency ?? 99) <= 1)).toBe(true);
  });

  it.each([
    ["tsquery operators", "& | ! <-> :* ( )"],
    ["a lone quote", "'"],
    ["a lone backslash", "\\"],
    ["unbalanced quotes and parens", `"${run} (border`],
    ["NUL and control characters", "a\u0000b\u0007c"],
    ["1,000 terms", Array.from({ length: 1000 }, (_, i) => `term${i}`).join(" ")],
    ["a 10,000-character word", "x".repeat(10_000)],
  ])("never fails on %s", async (_name, q) => {
    await expect(searchWireQueue({ q })).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it("ignores a search of stop words only instead of showing nothing", async () => {
    const result = await searchWireQueue({ q: "the and of a" });
    expect(result.searchIgnored).toBe(true);
    expect(result.items.length).toBeGreaterThan(0);
    const ops = await searchWireQueue({ q: "& | !" });
    expect(ops.searchIgnored).toBe(true);
  });

  it("a word in every document still returns the newest page", async () => {
    const page = await searchWireQueue({ q: run, limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await searchWireQueue({
      q: run,
      limit: 2,
      before: { updatedAt: page.items[1]!.updatedAt, id: page.items[1]!.id },
    });
    expect(next.items.map((i) => i.id)).not.toContain(page.items[0]!.id);
    expect(next.items.length).toBeGreaterThanOrEqual(1);
  });

  it("parses URL parameters leniently and requires wire.read", async () => {
    const q = await getWireQueue(staff.reporter, { q: run, urgency: "banana", signal: "nope", window: "1h", agency: ["x", "y"] });
    expect(q.params).toMatchObject({ q: run, urgency: undefined, signal: undefined, window: "1h", agency: "x" });
    await expect(getWireQueue(null, {})).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("story list and activity", () => {
  it("filters by status with counts, and the activity fingerprint moves on change", async () => {
    const before = await getDeskActivity(staff.reporter);
    const { id } = await createBlankStory(staff.reporter, `Status list ${run}`);
    const drafts = await getStoryList(staff.reporter, "DRAFT");
    expect(drafts.status).toBe("DRAFT");
    expect(drafts.stories.every((s) => s.status === "DRAFT")).toBe(true);
    expect(drafts.stories.map((s) => s.id)).toContain(id);
    expect(drafts.counts.DRAFT).toBeGreaterThanOrEqual(1);
    expect((await getStoryList(staff.reporter, "PUBLISHED")).stories.map((s) => s.id)).not.toContain(id);
    expect((await getStoryList(staff.reporter, "bogus")).status).toBeUndefined();
    const after = await getDeskActivity(staff.reporter);
    expect(after.stories).not.toBe(before.stories);
    await expect(getDeskActivity(null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
