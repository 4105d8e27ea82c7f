// Issue #12 item 1: a kill reaches every spelling of every public URL of a story.
//
// The public page cache (scripts/server.ts) in miniature, wired to the real pieces: requests
// become keys through cacheKeyFor, entries live in a PublicCache, the real services publish,
// update, unpublish and kill, and the invalidations they announce (pg_notify, or the local
// emitter when embedded) evict entries. Misses are "rendered" from lib/db/public.ts the way
// Next resolves a URL: each path segment decoded once. e2e/public-canonical-urls.spec.ts
// checks the same against the real server and a production build.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/authz/policy";
import { db } from "@/lib/db/client";
import {
  getAuthorWithPublishedStories,
  getPublishedStoryBySlug,
  getTagBySlug,
  listPublishedStoriesForTag,
} from "@/lib/db/public";
import { env } from "@/lib/env";
import { createBlankStory, getStoryForDesk, saveStory, transitionStory } from "@/lib/services/stories";
import { isSlug } from "@/lib/slug";
import { makeStaff } from "@/test/helpers";
import { CHANNEL, onLocalInvalidation } from "./cache-keys";
import { storyContentResponse } from "./content-api";
import { feedResponse } from "./feed-routes";
import { cacheKeyFor, PublicCache } from "./page-cache";

const run = randomUUID().slice(0, 8);

/** What Next would answer for a URL: it decodes each path segment once, then routes. */
async function renderLikeNext(url: string): Promise<string> {
  const path = url.split("?")[0]!;
  let parts: string[];
  try {
    parts = path.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return "400";
  }
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop(); // Next redirects a trailing slash away
  const [first, second, third, fourth] = parts;
  if (first === "stories" && parts.length === 2)
    return isSlug(second!) ? ((await getPublishedStoryBySlug(second!))?.headline ?? "404") : "404";
  if (first === "api" && second === "content" && third === "stories" && parts.length === 4)
    return (await storyContentResponse(fourth!)).text();
  if (first === "authors" && parts.length === 2) {
    const data = isSlug(second!) ? await getAuthorWithPublishedStories(second!) : null;
    return data ? data.page.items.map((s) => s.headline).join("\n") : "404";
  }
  if (first === "tags" && parts.length === 2) {
    const tag = isSlug(second!) ? await getTagBySlug(second!) : null;
    return tag ? (await listPublishedStoriesForTag(tag.id)).items.map((s) => s.headline).join("\n") : "404";
  }
  if (first === "tags" && parts.length === 3 && (third === "feed.xml" || third === "atom.xml"))
    return (await feedResponse(third === "feed.xml" ? "rss" : "atom", second)).text();
  return "404";
}

const req = (url: string) => ({ url, method: "GET", headers: {} }) as unknown as IncomingMessage;

/** The server's request path: redirects followed, hits from memory, misses rendered and stored. */
async function serve(cache: PublicCache, url: string, hops = 0): Promise<string> {
  const decision = cacheKeyFor(req(url));
  if (!decision) return renderLikeNext(url);
  if (decision.kind === "redirect") {
    expect(hops, `${url} redirects in a loop`).toBeLessThan(3);
    return serve(cache, decision.location, hops + 1);
  }
  if (decision.kind === "reject") return String(decision.status);
  const hit = cache.get(decision.url);
  if (hit) return hit.body.toString("utf8");
  const startedAt = cache.currentGeneration;
  const body = await renderLikeNext(decision.url);
  cache.set(
    decision.url,
    { status: 200, headers: {}, body: Buffer.from(body), gzip: null, etag: '"x"', keys: decision.keys, storedAt: Date.now() },
    startedAt,
  );
  return body;
}

const hex = (c: string, upper = false) => `%${upper ? c.charCodeAt(0).toString(16).toUpperCase() : c.charCodeAt(0).toString(16)}`;

/** `prefix + slug + suffix` in the spellings readers and probes send. */
function spellings(prefix: string, slug: string, suffix = ""): string[] {
  const [a, b] = [slug[0]!, slug[1]!];
  const rest = slug.slice(2);
  return [
    prefix + slug + suffix,
    prefix + hex(a) + b + rest + suffix, // %6dy-story
    prefix + hex(a, true) + b + rest + suffix, // %6D
    prefix + hex(a).replace("%", "%25") + b + rest + suffix, // %256d
    prefix + slug.toUpperCase() + suffix,
    prefix + a.toUpperCase() + hex(b, true) + rest + suffix, // mixed
    prefix + [...slug].map((c) => hex(c)).join("") + suffix,
    prefix + slug.replace(/-/g, "%2d") + suffix,
    `${prefix + slug + suffix}/`,
    `/${hex(prefix[1]!)}${prefix.slice(2)}${slug}${suffix}`,
    `${prefix}${hex(a)}${b}${rest}${suffix}?page=1&utm_source=x`,
  ];
}

async function listen(onKeys: (keys: string[]) => void): Promise<() => Promise<void>> {
  if (env().WIREDESK_EMBEDDED === "1") {
    const off = onLocalInvalidation(onKeys);
    return async () => off();
  }
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  client.on("notification", (m) => onKeys((JSON.parse(m.payload ?? "{}") as { keys: string[] }).keys));
  await client.query(`LISTEN ${CHANNEL}`);
  return () => client.end();
}

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

let editor: Actor;
let stop: () => Promise<void>;
const cache = new PublicCache();

beforeAll(async () => {
  editor = (await makeStaff()).editor;
  stop = await listen((keys) => cache.invalidate(keys));
});
afterAll(async () => {
  await stop();
});

describe("public cache: one key per story, whatever the spelling", () => {
  it("after publish, update, unpublish, republish and kill, no spelling of any route serves the old text", async () => {
    const first = `Alpha ferry ${run}`;
    const [second, third] = [`Bravo crane ${run}`, `Charlie quay ${run}`];
    const { id } = await createBlankStory(editor, first);
    const save = async (headline: string) => {
      const story = await getStoryForDesk(editor, id);
      await saveStory(editor, id, {
        baseVersion: story.version,
        headline,
        standfirst: "",
        byline: "",
        datelinePlace: "",
        body: doc("The ferry timetable changes."),
        tags: [{ kind: "KEYWORD", name: `Ferries ${run}` }],
      });
    };
    const settle = () => new Promise((r) => setTimeout(r, 300)); // notifications arrive after COMMIT
    await save(first);
    await transitionStory(editor, id, "publish");
    await settle();
    const story = await getStoryForDesk(editor, id);
    const authorSlug = (await db().user.findUniqueOrThrow({ where: { id: editor.id } })).slug;
    const tagSlug = `ferries-${run}`;
    const urls = [
      ...spellings("/stories/", story.slug),
      ...spellings("/api/content/stories/", story.slug),
      ...spellings("/api/content/stories/", id),
      ...spellings("/authors/", authorSlug),
      ...spellings("/tags/", tagSlug),
      ...spellings("/tags/", tagSlug, "/feed.xml"),
      ...spellings("/tags/", tagSlug, "/atom.xml"),
    ];
    const warm = async () => {
      for (const url of urls) await serve(cache, url);
    };
    const leaks = async (old: string) => {
      const found: string[] = [];
      for (const url of urls) if ((await serve(cache, url)).includes(old)) found.push(url);
      return found;
    };

    await warm();
    // The checks can see what they look for: the encoded spellings do show the story.
    expect(await serve(cache, `/stories/${hex(story.slug[0]!)}${story.slug.slice(1)}`)).toContain(first);
    expect(await serve(cache, `/api/content/stories/${hex(id[0]!, true)}${id.slice(1)}`)).toContain(first);

    await save(second); // an update of the live story
    await settle();
    expect(await serve(cache, `/stories/${story.slug}`)).toBe(second);
    expect(await leaks(first), "spellings still serving the text before the update").toEqual([]);

    await warm();
    await transitionStory(editor, id, "unpublish");
    await settle();
    expect(await leaks(second), "spellings still serving the unpublished text").toEqual([]);

    await save(third);
    await transitionStory(editor, id, "publish");
    await settle();
    await warm();
    expect(await serve(cache, `/authors/${authorSlug.toUpperCase()}`)).toContain(third);
    await transitionStory(editor, id, "kill");
    await settle();
    expect(await leaks(third), "spellings still serving the killed text").toEqual([]);
  });
});
