// Public search's bounded phases (lib/db/public.ts): the newest-window phase, the GIN phase,
// the capped count, ranking by field weight, and paging, checked against a brute-force
// reference computed by Postgres over every match.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { searchPublishedStories, secondSearchPhase } from "@/lib/db/public";
import { createUser } from "@/prisma/factories";

const run = randomUUID().slice(0, 8);
const common = `zqcommon${run}`;
const rare = `zqrare${run}`;
const ids: string[] = [];
let authorId: string;

function doc(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

// Dated far in the future so these are the newest published stories whatever else the
// shared test database holds: the window phase sees them first.
const at = (minutesBeforeEnd: number) => new Date(Date.UTC(2100, 0, 1) - minutesBeforeEnd * 60_000);

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

/** Every published match, ranked as the search ranks, computed without any bound. */
async function reference(q: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM "Story"
    WHERE status = 'PUBLISHED' AND "searchVector" @@ websearch_to_tsquery('english', ${q})
    ORDER BY ts_rank("searchVector", websearch_to_tsquery('english', ${q})) DESC, "firstPublishedAt" DESC, id DESC`;
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

describe("secondSearchPhase", () => {
  it("takes the GIN index for rare words and reads on by recency for common ones", () => {
    expect(secondSearchPhase(0, 1000, 200, 100_000)).toEqual({ kind: "index" });
    expect(secondSearchPhase(30, 1000, 200, 100_000)).toEqual({ kind: "index" }); // ~3,000 GIN matches
    expect(secondSearchPhase(150, 1000, 200, 100_000)).toEqual({ kind: "recent", rows: 2667 }); // ~1,333 rows to read
    expect(secondSearchPhase(150, 1000, 200, 0)).toEqual({ kind: "index" }); // table never analysed
  });
});
