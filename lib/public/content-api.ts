import "server-only";
import { z } from "zod";
import { getPublishedStoryById, getPublishedStoryBySlug, listPublishedStoriesFull } from "@/lib/db/public";
import { isSlug } from "@/lib/slug";
import { ninjsListSchema } from "./ninjs";
import { storyToNinjs } from "./ninjs-map";
import { absoluteUrl } from "./urls";

/**
 * The read-only content API (GET /api/content/stories[/:idOrSlug]): published stories as
 * IPTC ninjs 2.0. Nothing here can see an unpublished story: it reads lib/db/public.ts only.
 */
/**
 * Freshness: a kill must reach API consumers in seconds, so no downstream cache may keep a
 * response long. Browsers and private caches revalidate every time (max-age=0); a shared
 * cache (a CDN in front of us) may answer from its copy for CONTENT_API_S_MAXAGE seconds,
 * which absorbs bursts, and must-revalidate forbids serving it stale after that (the old
 * stale-while-revalidate=300 let a killed story be served for up to 6 minutes). Behind the
 * public page cache (scripts/server.ts) the revalidation is a 304 from memory.
 */
export const CONTENT_API_S_MAXAGE = 5;
const HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": `public, max-age=0, s-maxage=${CONTENT_API_S_MAXAGE}, must-revalidate`,
  "Access-Control-Allow-Origin": "*",
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: HEADERS });
const problem = (status: number, message: string) => json({ error: { status, message } }, status);

const date = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const listQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  tag: z.string().refine(isSlug, "tag must be a tag slug").optional(),
  since: date.optional(),
  until: date.optional(),
});

export async function listContentResponse(url: URL): Promise<Response> {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in raw) return problem(400, `Repeated parameter: ${key}`);
    raw[key] = value;
  }
  const parsed = listQuery.safeParse(raw);
  if (!parsed.success)
    return problem(400, parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
  const { page, pageSize, tag, since, until } = parsed.data;
  const result = await listPublishedStoriesFull({ limit: pageSize, offset: (page - 1) * pageSize, tagSlug: tag, since, until });
  const link = (p: number) => {
    const next = new URLSearchParams(raw);
    next.set("page", String(p));
    return absoluteUrl(`/api/content/stories?${next.toString()}`);
  };
  const body = ninjsListSchema.parse({
    items: result.items.map(storyToNinjs),
    page,
    pageSize,
    next: result.hasNext ? link(page + 1) : null,
    prev: page > 1 ? link(page - 1) : null,
  });
  return json(body);
}

export async function storyContentResponse(idOrSlug: string): Promise<Response> {
  // Ids are cuids and slugs are lowercase words: both pass isSlug; anything else is 404.
  if (!isSlug(idOrSlug)) return problem(404, "Not found");
  const story = (await getPublishedStoryById(idOrSlug)) ?? (await getPublishedStoryBySlug(idOrSlug));
  if (!story) return problem(404, "Not found");
  return json(storyToNinjs(story));
}
