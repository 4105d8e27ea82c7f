import "server-only";
import { getTagBySlug, listPublishedStoriesFull } from "@/lib/db/public";
import { isSection } from "@/lib/db/tags";
import { env } from "@/lib/env";
import { isSlug } from "@/lib/slug";
import { buildAtom, buildRss, xmlResponse, type FeedMeta } from "./feeds";
import { tagPath } from "./urls";

const FEED_SIZE = 30;

/** The site-wide feed, or one tag's feed (404 for an unknown or malformed tag, or one nothing public carries). */
export async function feedResponse(format: "rss" | "atom", tagSlug?: string): Promise<Response> {
  const siteName = env().SITE_NAME;
  let meta: FeedMeta;
  const file = format === "rss" ? "feed.xml" : "atom.xml";
  const tag = tagSlug !== undefined && isSlug(tagSlug) ? await getTagBySlug(tagSlug) : null;
  if (tagSlug !== undefined) {
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
  // Like the tag page: a tag no published story carries is not public (its name may come from
  // something unpublished), unless the editors made it a section.
  if (tag && items.length === 0 && !isSection(tag)) {
    return new Response("Not found", { status: 404 });
  }
  return format === "rss"
    ? xmlResponse(buildRss(meta, items), "application/rss+xml")
    : xmlResponse(buildAtom(meta, items), "application/atom+xml");
}
