import "server-only";
import { getTagBySlug, listPublishedStoriesFull } from "@/lib/db/public";
import { env } from "@/lib/env";
import { isSlug } from "@/lib/slug";
import { buildAtom, buildRss, xmlResponse, type FeedMeta } from "./feeds";
import { tagPath } from "./urls";

const FEED_SIZE = 30;

/** The site-wide feed, or one tag's feed (404 for an unknown or malformed tag). */
export async function feedResponse(format: "rss" | "atom", tagSlug?: string): Promise<Response> {
  const siteName = env().SITE_NAME;
  let meta: FeedMeta;
  const file = format === "rss" ? "feed.xml" : "atom.xml";
  if (tagSlug !== undefined) {
    const tag = isSlug(tagSlug) ? await getTagBySlug(tagSlug) : null;
    if (!tag) return new Response("Not found", { status: 404 });
    meta = {
      title: `${tag.name} — ${siteName}`,
      description: `Stories about ${tag.name}.`,
      htmlPath: tagPath(tag.slug),
      selfPath: `${tagPath(tag.slug)}/${file}`,
    };
  } else {
    meta = { title: siteName, description: `The latest news from ${siteName}.`, htmlPath: "/", selfPath: `/${file}` };
  }
  const { items } = await listPublishedStoriesFull({ limit: FEED_SIZE, tagSlug });
  return format === "rss"
    ? xmlResponse(buildRss(meta, items), "application/rss+xml")
    : xmlResponse(buildAtom(meta, items), "application/atom+xml");
}
