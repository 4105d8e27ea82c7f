// Public search's bounded phases (lib/db/public-search.ts): the newest-window phase, the GIN phase,
// the capped count, ranking by field weight, and paging, checked against a brute-force
// reference computed by Postgres over every match.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { searchPublishedStories, secondSearchPhase } from "@/lib/db/public-search";
import { createUser } from "@/prisma/factories";

const run = randomUUID().slice(0, 8);
const common = `zqcommon${run}`;
const rare = `zqrare${run}`;
const ids: string[] = [];
let authorId: string;

function doc(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

// Dated a century after now (relative, so the test means the same on any date) so these are
// the newest published stories whatever else the shared test database holds: the window
// phase sees them first.
const END = Date.now() + 100 * 365 * 86_400_000;
const at = (minutesBeforeEnd: number) => new Date(END - minutesBeforeEnd * 60_000);

async function story(
  n: number,
  fields: { headline?: string; standfirst?: string; body?: string },
  status: "PUBLISHED" | "DRAFT" = "PUBLISHED",
) {
  const s = await db().story.create({
    data: {
      slug: `search-${run}-${n}`,
      status,
      headline: fields.headline ?? `Story ${n}`,
      standfirst: fields.standfirst ?? "",
      body: doc(fields.body ?? "Nothing to see."),
      bodyText: fields.body ?? "Nothing to see.",
      authorId,
      firstPublishedAt: status === "PUBLISHED" ? at(n) : null,
      publishedAt: status === "PUBLISHED" ? at(n) : null,
    },
  });
  ids.push(s.id);
  return s.id;
}

let headlineHit: string;
let standfirstHit: string;
const rareIds: string[] = [];

beforeAll(async () => {
  authorId = (
    await createUser({
      email: `search-${run}@test.example`,
      name: `Search ${run}`,
      role: "REPORTER",
      password: "correct horse battery",
    })
  ).id;
  // 0 is the newest. Twelve body matches, one standfirst match (n=4), one headline match (n=6).
  for (let n = 0; n < 14; n++) {
    if (n === 6) headlineHit = await story(n, { headline: `The ${common} affair`, body: "Unrelated words." });
    else if (n === 4) standfirstHit = await story(n, { standfirst: `About ${common} today`, body: "Unrelated words." });
    else await story(n, { body: `A long body that mentions ${common} once among many other words about harbours and trams.` });
  }
  // Not public: never found, whatever the phase.
  await story(50, { headline: `${common} ${rare} draft` }, "DRAFT");
  // Old matches for a rare word: outside any small window, only the GIN phase finds them.
  for (const n of [100, 101]) rareIds.push(await story(n, { body: `Only here: ${rare}.` }));
});

afterAll(async () => {
  await db().story.deleteMany({ where: { id: { in: ids } } });
});

/**
 * Every published match, ranked as the search ranks, computed without any bound, and from
 * the stories' own text (not the StorySearch table the search reads, which a trigger keeps).
 */
async function reference(q: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT id, "firstPublishedAt", wiredesk_story_search_vector(headline, standfirst, "bodyText") AS v
      FROM "Story" WHERE status = 'PUBLISHED') s
    WHERE v @@ websearch_to_tsquery('english', ${q})
    ORDER BY ts_rank(v, websearch_to_tsquery('english', ${q})) DESC, "firstPublishedAt" DESC, id DESC`;
  return rows.map((r) => r.id);
}

describe("searchPublishedStories", () => {
  it("ranks headline over standfirst over body, and matches the unbounded reference", async () => {
    const res = await searchPublishedStories(common, { limit: 20 });
    expect(res.items.map((h) => h.id)).toEqual(await reference(common));
    expect(res.items[0]?.id).toBe(headlineHit);
    expect(res.items[1]?.id).toBe(standfirstHit);
    expect(res.matches).toBe(14);
    expect(res.more).toBe(false);
    // Snippets come from standfirst and body; the headline hit has none to highlight.
    expect(res.items.filter((h) => h.id !== headlineHit).every((h) => h.snippet.includes(`\u0001${common}\u0002`))).toBe(true);
  });

  it("window phase: ranks only the newest `candidates` matches and says there are more", async () => {
    const res = await searchPublishedStories(common, { limit: 3, window: 10, candidates: 5 });
    // The newest five matches are n = 0..4; n = 4 is the standfirst hit, so it ranks first.
    expect(res.matches).toBe(5);
    expect(res.more).toBe(true);
    expect(res.items.map((h) => h.id)[0]).toBe(standfirstHit);
    expect(res.items).toHaveLength(3);
    expect(res.hasNext).toBe(true);
    const last = await searchPublishedStories(common, { limit: 3, offset: 3, window: 10, candidates: 5 });
    expect(last.items).toHaveLength(2);
    expect(last.hasNext).toBe(false);
    expect(new Set([...res.items, ...last.items].map((h) => h.id)).size).toBe(5);
    expect(res.items.map((h) => h.id)).not.toContain(headlineHit); // n = 6 is older than the newest five
  });

  it("GIN phase: finds old matches the window never saw", async () => {
    const res = await searchPublishedStories(rare, { window: 10, candidates: 5 });
    expect(res.items.map((h) => h.id).sort()).toEqual([...rareIds].sort());
    expect(res.matches).toBe(2);
    expect(res.more).toBe(false);
  });

  it("stop words only search nothing and say so; drafts are never found", async () => {
    const res = await searchPublishedStories("the and of");
    expect(res).toMatchObject({ items: [], matches: 0, noTerms: true });
    const all = await searchPublishedStories(`${common} ${rare}`);
    expect(all.items).toEqual([]);
  });
});

describe("the search index (StorySearch, kept by a trigger on Story)", () => {
  const found = async (word: string) =>
    (await searchPublishedStories(word, { window: 10, candidates: 5 })).items.map((h) => h.id);

  it("follows a story through publish, edits, unpublish, republish, kill and deletion", async () => {
    const word = `zqlife${run}`;
    const edited = `zqedited${run}`;
    const id = await story(200, { body: `First text with ${word}.` }, "DRAFT");
    expect(await found(word)).toEqual([]);

    // Published (as the services do it: status and first-publication time together).
    await db().story.update({ where: { id }, data: { status: "PUBLISHED", firstPublishedAt: at(200), publishedAt: at(200) } });
    expect(await found(word)).toEqual([id]);

    // A published story's text is edited: the old word goes, the new one is found.
    await db().story.update({ where: { id }, data: { bodyText: `Second text with ${edited}.` } });
    expect(await found(word)).toEqual([]);
    expect(await found(edited)).toEqual([id]);
    // A headline edit counts too, and with the headline's weight.
    await db().story.update({ where: { id }, data: { headline: `${word} in the headline` } });
    expect(await found(word)).toEqual([id]);

    // Changes that cannot alter the index (a lock heartbeat) leave it as it is.
    await db().$executeRaw`UPDATE "Story" SET "lockExpiresAt" = now() WHERE id = ${id}`;
    expect(await found(edited)).toEqual([id]);

    for (const status of ["UNPUBLISHED", "KILLED"] as const) {
      await db().story.update({ where: { id }, data: { status } });
      expect(await found(edited)).toEqual([]);
      expect(await db().storySearch.count({ where: { storyId: id } })).toBe(0);
      await db().story.update({ where: { id }, data: { status: "PUBLISHED" } });
      expect(await found(edited)).toEqual([id]);
    }

    await db().story.delete({ where: { id } });
    expect(await found(edited)).toEqual([]);
    expect(await db().storySearch.count({ where: { storyId: id } })).toBe(0);
  });

  it("holds exactly the published stories", async () => {
    const [missing, extra] = await Promise.all([
      db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "Story" s
        WHERE s.status = 'PUBLISHED' AND NOT EXISTS (SELECT 1 FROM "StorySearch" x WHERE x."storyId" = s.id)`,
      db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "StorySearch" x JOIN "Story" s ON s.id = x."storyId" WHERE s.status <> 'PUBLISHED'`,
    ]);
    expect(missing[0]?.n).toBe(0);
    expect(extra[0]?.n).toBe(0);
  });
});

describe("range phase: matches spread thinly over time", () => {
  // Newer than every other story in this file, so the first phase's window is theirs.
  const base = END + 365 * 86_400_000;
  const minute = 60_000;

  /** Stories published at `times`; those at `matching` indexes carry `word`; same text otherwise. */
  async function spread(times: number[], matching: (i: number) => boolean, word: string) {
    const made: string[] = [];
    for (const [i, t] of times.entries()) {
      const s = await db().story.create({
        data: {
          slug: `range-${word}-${i}`,
          status: "PUBLISHED",
          headline: `Range story ${i}`,
          body: doc("x"),
          bodyText: matching(i) ? `Filler text about ${word} here.` : "Filler text about nothing here.",
          authorId,
          firstPublishedAt: new Date(t),
          publishedAt: new Date(t),
        },
      });
      made.push(s.id);
    }
    // The phase choice uses the planner's count of published stories.
    await db().$executeRaw`ANALYZE "StorySearch"`;
    return made;
  }

  it("reads only a recent stretch when the pace is steady", async () => {
    const word = `zqsteady${run}`;
    const made = await spread(
      Array.from({ length: 100 }, (_, i) => base - i * minute),
      (i) => i % 3 === 0,
      word,
    );
    try {
      const res = await searchPublishedStories(word, { limit: 5, window: 10, candidates: 5 });
      expect(res.phase).toBe("range");
      // Equal ranks, so the newest five matches, newest first.
      expect(res.items.map((h) => h.id)).toEqual([0, 3, 6, 9, 12].map((i) => made[i]));
      expect(res).toMatchObject({ matches: 5, more: true });
      expect(res.items.every((h) => h.snippet.includes(`\u0001${word}\u0002`))).toBe(true);
    } finally {
      await db().story.deleteMany({ where: { id: { in: made } } });
    }
  });

  it("falls back to every match when the stretch held too few (the pace slowed)", async () => {
    const word = `zqpace${run}`;
    // Ten stories a minute apart, then one a day.
    const times = Array.from({ length: 60 }, (_, i) =>
      i < 10 ? base - i * minute : base - 10 * minute - (i - 9) * 1440 * minute,
    );
    const made = await spread(times, (i) => i % 4 === 0, word);
    try {
      const res = await searchPublishedStories(word, { limit: 5, window: 10, candidates: 5 });
      expect(res.phase).toBe("all");
      expect(res.items.map((h) => h.id)).toEqual([0, 4, 8, 12, 16].map((i) => made[i]));
      expect(res).toMatchObject({ matches: 5, more: true });
    } finally {
      await db().story.deleteMany({ where: { id: { in: made } } });
    }
  });
});

describe("secondSearchPhase", () => {
  const newest = new Date(Date.UTC(2026, 0, 1, 12));
  const oldest = new Date(newest.getTime() - 1000 * 60_000); // a window of 1,000 stories over 1,000 minutes
  const at = (found: number, stories: number) => secondSearchPhase({ found, window: 1000, take: 200, stories, newest, oldest });

  it("takes every match from the GIN index when there are few in all", () => {
    expect(at(0, 100_000)).toEqual({ kind: "index" });
    expect(at(5, 100_000)).toEqual({ kind: "index" }); // ~500 matches in all
    expect(at(150, 0)).toEqual({ kind: "index" }); // table never analysed
    expect(secondSearchPhase({ found: 30, window: 1000, take: 200, stories: 100_000, newest: null, oldest: null })).toEqual({
      kind: "index",
    });
  });

  it("otherwise reaches back as far as the window's pace says twice `take` matches need", () => {
    // 3% hit rate: 400 matches need ~13,334 stories, 13.3 windows of 1,000 minutes.
    expect(at(30, 100_000)).toEqual({
      kind: "range",
      since: new Date(newest.getTime() - Math.ceil((400 / 0.03 / 1000) * 1000 * 60_000)),
    });
    // 15%: 2,667 stories back.
    const r = at(150, 100_000);
    expect(r.kind).toBe("range");
    if (r.kind === "range") expect(Math.round((newest.getTime() - r.since.getTime()) / 60_000)).toBe(2667);
  });
});
