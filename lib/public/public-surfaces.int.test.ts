// Never public, tested on every surface: pages' queries, feeds, sitemaps, the content API
// and search. One published control story proves each check can see what it looks for.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { onLocalInvalidation } from "./cache-keys";
import {
  getAuthorWithPublishedStories,
  getPublishedStoryBySlug,
  getTagBySlug,
  listFeaturedStories,
  listLatestStories,
  listPublishedStoriesForTag,
  listSections,
  resolveMissingSlug,
} from "@/lib/db/public";
import { searchPublishedStories } from "@/lib/db/public-search";
import { makeStaff } from "@/test/helpers";
import { listContentResponse, storyContentResponse } from "./content-api";
import { feedResponse } from "./feed-routes";
import { ninjsItemSchema, ninjsListSchema } from "./ninjs";
import { normalizeSearchQuery } from "./search";
import { newsSitemapResponse, sitemapResponse } from "./sitemaps";
import { createBlankStory, saveStory, transitionStory } from "@/lib/services/stories";
import { findOrCreateTag, mergeTags, renameTag, setTagSection } from "@/lib/services/tags";
import { getStoryForDesk } from "@/lib/services/stories";
import type { Actor } from "@/lib/authz/policy";

const run = randomUUID().slice(0, 8);
const word = (label: string) => `zq${label}${run}`; // a token no real text contains
// LIVE_EMBARGOED: a PUBLISHED row whose embargo has not ended. The write pipeline never makes
// one; the read side must hide it anyway (defence in depth).
const HIDDEN = ["DRAFT", "IN_REVIEW", "READY", "SCHEDULED", "UNPUBLISHED", "KILLED", "EMBARGOED", "LIVE_EMBARGOED"] as const;

let staff: Awaited<ReturnType<typeof makeStaff>>;
let tagSlug: string;
const ids: Record<string, { id: string; slug: string }> = {};
const annotationWord = word("annotation");

function doc(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

async function makeStory(label: string, status: (typeof HIDDEN)[number] | "PUBLISHED", author: Actor) {
  const marker = word(label.toLowerCase().replace(/_/g, ""));
  const now = new Date();
  const story = await db().story.create({
    data: {
      slug: `${marker}-story`,
      status: status === "EMBARGOED" ? "READY" : status === "LIVE_EMBARGOED" ? "PUBLISHED" : status,
      headline: `Headline ${marker}`,
      standfirst: `Standfirst ${marker}`,
      body: doc(`Body text ${marker} about the harbour.`),
      bodyText: `Body text ${marker} about the harbour.`,
      authorId: author.id,
      embargoUntil: status === "EMBARGOED" || status === "LIVE_EMBARGOED" ? new Date(now.getTime() + 86_400_000) : null,
      scheduledAt: status === "SCHEDULED" ? new Date(now.getTime() + 86_400_000) : null,
      firstPublishedAt: ["PUBLISHED", "UNPUBLISHED", "KILLED", "LIVE_EMBARGOED"].includes(status) ? now : null,
      publishedAt: ["PUBLISHED", "UNPUBLISHED", "KILLED", "LIVE_EMBARGOED"].includes(status) ? now : null,
      killedAt: status === "KILLED" ? now : null,
      featured: 1,
      tags: { create: { tagId: (await getTagBySlug(tagSlug))!.id } },
    },
  });
  ids[label] = { id: story.id, slug: story.slug };
  return marker;
}

const markers: Record<string, string> = {};

beforeAll(async () => {
  staff = await makeStaff();
  tagSlug = `surface-tag-${run}`;
  await db().tag.create({ data: { kind: "KEYWORD", name: `Surface ${run}`, slug: tagSlug } });
  markers.PUBLISHED = await makeStory("PUBLISHED", "PUBLISHED", staff.editor);
  for (const status of HIDDEN) markers[status] = await makeStory(status, status, staff.editor);
  await db().annotation.create({
    data: {
      storyId: ids.PUBLISHED!.id,
      anchorFrom: 1,
      anchorTo: 5,
      quote: "Body",
      body: `Internal note ${annotationWord}`,
      authorId: staff.editor.id,
    },
  });
});

afterAll(async () => {
  await db().story.deleteMany({ where: { id: { in: Object.values(ids).map((s) => s.id) } } });
});

/** Asserts the control marker is present and no hidden marker (nor the annotation) is. */
function expectOnlyPublic(text: string) {
  expect(text).toContain(markers.PUBLISHED);
  for (const status of HIDDEN) expect(text, `${status} leaked`).not.toContain(markers[status]);
  expect(text, "annotation leaked").not.toContain(annotationWord);
}

describe("never public", () => {
  it("pages: home, featured, tag, author and story lookups", async () => {
    const home = await listLatestStories({ limit: 1000 });
    const featured = await listFeaturedStories(1000);
    const tag = await listPublishedStoriesForTag((await getTagBySlug(tagSlug))!.id, { limit: 100 });
    const author = await getAuthorWithPublishedStories(
      (await db().user.findUniqueOrThrow({ where: { id: staff.editor.id } })).slug,
      { limit: 100 },
    );
    expectOnlyPublic(JSON.stringify([home, featured, tag, author]));
    expect(await getPublishedStoryBySlug(ids.PUBLISHED!.slug)).not.toBeNull();
    for (const status of HIDDEN) {
      expect(await getPublishedStoryBySlug(ids[status]!.slug), status).toBeNull();
      // Only a story that was public and was killed answers 410; everything else is a plain 404.
      expect(await resolveMissingSlug(ids[status]!.slug), status).toEqual(status === "KILLED" ? { kind: "killed" } : null);
    }
    expectOnlyPublic(JSON.stringify(await getPublishedStoryBySlug(ids.PUBLISHED!.slug)));
  });

  it("feeds: RSS and Atom, site-wide and per tag", async () => {
    for (const format of ["rss", "atom"] as const) {
      expectOnlyPublic(await (await feedResponse(format)).text());
      const tagged = await feedResponse(format, tagSlug);
      expect(tagged.status).toBe(200);
      expectOnlyPublic(await tagged.text());
    }
    // A tag only unpublished stories carry has no feed (its name is not public); a section does.
    const hidden = await findOrCreateTag(db(), { kind: "PERSON", name: `Unpublished Person ${run}` });
    const hiddenSlug = (await db().tag.findUniqueOrThrow({ where: { id: hidden.id } })).slug;
    expect((await feedResponse("rss", hiddenSlug)).status).toBe(404);
    await setTagSection(staff.editor, hidden.id, 50);
    const section = await feedResponse("rss", hiddenSlug);
    expect(section.status).toBe(200);
    expect(await section.text()).toContain(`Unpublished Person ${run}`);
    await setTagSection(staff.editor, hidden.id, null);
    expect((await feedResponse("atom", hiddenSlug)).status).toBe(404);
  });

  it("sitemaps: sitemap.xml and the Google News sitemap", async () => {
    expectOnlyPublic(await (await sitemapResponse()).text());
    expectOnlyPublic(await (await newsSitemapResponse()).text());
  });

  it("content API: list (valid ninjs 2.0) and single story by id and by slug", async () => {
    const list = await listContentResponse(new URL(`http://x/api/content/stories?tag=${tagSlug}&pageSize=100`));
    const body = (await list.json()) as unknown;
    expect(ninjsListSchema.safeParse(body).success).toBe(true);
    expectOnlyPublic(JSON.stringify(body));
    for (const key of [ids.PUBLISHED!.id, ids.PUBLISHED!.slug]) {
      const res = await storyContentResponse(key);
      expect(res.status).toBe(200);
      const item = ninjsItemSchema.parse(await res.json());
      expect(item.headlines?.[0]?.value).toContain(markers.PUBLISHED);
      expect(JSON.stringify(item)).not.toContain(annotationWord);
    }
    for (const status of HIDDEN) {
      expect((await storyContentResponse(ids[status]!.id)).status, status).toBe(404);
      expect((await storyContentResponse(ids[status]!.slug)).status, status).toBe(404);
    }
  });

  it("search", async () => {
    const hits = await searchPublishedStories(`harbour ${run}`);
    expect((await searchPublishedStories(markers.PUBLISHED!)).items.map((h) => h.id)).toEqual([ids.PUBLISHED!.id]);
    for (const status of HIDDEN) expect((await searchPublishedStories(markers[status]!)).items, status).toEqual([]);
    expect((await searchPublishedStories(annotationWord)).items).toEqual([]);
    expect(JSON.stringify(hits)).not.toContain(annotationWord);
  });
});

describe("search", () => {
  it("ranks, highlights and survives every bad input", async () => {
    const hit = (await searchPublishedStories(markers.PUBLISHED!)).items[0];
    expect(hit?.snippet).toContain(`\u0001${markers.PUBLISHED}\u0002`);
    const bad = [
      "& | ! <-> :* ( )",
      "harbour & | !",
      "'",
      "\\",
      '"unterminated',
      "a:* | !b <-> (c",
      "\u0000nul",
      "the and of a",
      Array.from({ length: 1000 }, (_, i) => `term${i}`).join(" "),
      "x".repeat(10_000),
      "\u202e\u200bharbour",
      "",
    ];
    for (const input of bad) {
      const q = normalizeSearchQuery(input);
      if (!q) continue;
      await expect(searchPublishedStories(q), JSON.stringify(input.slice(0, 40))).resolves.toBeDefined();
    }
    expect((await searchPublishedStories(normalizeSearchQuery("the and of a"))).items).toEqual([]);
  });
});

/**
 * What the server listens to: Postgres notifications, or on the embedded database (one
 * connection: a second one hears nothing) the in-process emitter. Each entry is one event's keys.
 */
async function listenForInvalidations(): Promise<{ received: string[][]; stop: () => Promise<void> }> {
  const received: string[][] = [];
  if (env().WIREDESK_EMBEDDED === "1") {
    const off = onLocalInvalidation((keys) => received.push(keys));
    return { received, stop: async () => off() };
  }
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  client.on("notification", (m) => received.push((JSON.parse(m.payload ?? "{}") as { keys: string[] }).keys));
  await client.query("LISTEN wiredesk_public");
  return { received, stop: () => client.end() };
}

describe("invalidation", () => {
  it("notifies on commit with the story's keys, and never for a rollback", async () => {
    const { received, stop } = await listenForInvalidations();
    try {
      const { id } = await createBlankStory(staff.editor, `Invalidation ${run}`);
      const draft = await getStoryForDesk(staff.editor, id);
      await saveStory(staff.editor, id, {
        baseVersion: draft.version,
        headline: `Invalidation ${run}`,
        standfirst: "",
        byline: "",
        datelinePlace: "",
        body: doc("Text"),
        tags: [{ kind: "KEYWORD", name: `Inv ${run}` }],
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(received, "a draft save changes nothing public").toEqual([]);
      await transitionStory(staff.editor, id, "publish");
      const published = await getStoryForDesk(staff.editor, id);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(1);
      expect(received[0]).toEqual(
        expect.arrayContaining([
          `story:${published.slug}`,
          `story:${id}`,
          `author:${(await db().user.findUniqueOrThrow({ where: { id: staff.editor.id } })).slug}`,
          "home",
          "feeds",
          "sitemaps",
          "api",
          `tag:inv-${run}`,
        ]),
      );
      // A failing transition (already published) rolls back: nothing is announced.
      await expect(transitionStory(staff.editor, id, "publish")).rejects.toBeDefined();
      await transitionStory(staff.editor, id, "kill");
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(2);
      await db().story.delete({ where: { id } });
    } finally {
      await stop();
    }
  });

  it("sections: in the masthead in their order; each change refreshes every page's frame, and only then", async () => {
    const { received, stop } = await listenForInvalidations();
    const settle = () => new Promise((r) => setTimeout(r, 300));
    const mine = async () => (await listSections()).filter((s) => s.slug.endsWith(run)).map((s) => s.name);
    try {
      const tag = (name: string) => findOrCreateTag(db(), { kind: "KEYWORD", name: `${name} ${run}` });
      const [world, sport, arts] = [await tag("World"), await tag("Sport"), await tag("Arts")];
      await setTagSection(staff.editor, sport.id, 2);
      await setTagSection(staff.editor, world.id, 1);
      await setTagSection(staff.editor, arts.id, 2); // a tie: by name
      expect(await mine()).toEqual([`World ${run}`, `Arts ${run}`, `Sport ${run}`]);
      await settle();
      expect(received).toEqual([["frame"], ["frame"], ["frame"]]);

      // Setting the same position again changes nothing, so announces nothing.
      await setTagSection(staff.editor, arts.id, 2);
      await expect(setTagSection(staff.editor, arts.id, 0)).rejects.toMatchObject({ code: "VALIDATION" });
      await expect(setTagSection(staff.editor, arts.id, 2.5)).rejects.toMatchObject({ code: "VALIDATION" });
      // A section renamed is renamed in the masthead; merged away, it hands its place on.
      await renameTag(staff.editor, sport.id, `Sports ${run}`);
      const other = await tag("Culture");
      await mergeTags(staff.editor, arts.id, other.id);
      expect(await mine()).toEqual([`World ${run}`, `Culture ${run}`, `Sports ${run}`]);
      // Out of the sections.
      await setTagSection(staff.editor, world.id, null);
      expect(await mine()).toEqual([`Culture ${run}`, `Sports ${run}`]);
      await settle();
      expect(received).toHaveLength(6);
      expect(received.every((keys) => keys.length === 1 && keys[0] === "frame")).toBe(true);
      const audits = await db().auditLog.count({
        where: { action: "tag.section", targetId: { in: [world.id, sport.id, arts.id] } },
      });
      expect(audits).toBe(4);
      for (const t of [sport, other]) await setTagSection(staff.editor, t.id, null);
    } finally {
      await stop();
    }
  });
});
