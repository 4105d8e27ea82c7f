import "server-only";
import type { PublicStory } from "@/lib/db/public";
import { renderStoryHtml } from "@/lib/editor/render";
import { absoluteUrl, storyPath } from "./urls";
import { publicCredit } from "./credit";
import { xmlEscape as x } from "./xml";

export interface FeedMeta {
  title: string;
  description: string;
  /** Site-relative path of the HTML page the feed mirrors ("/" or "/tags/x"). */
  htmlPath: string;
  /** Site-relative path of this feed. */
  selfPath: string;
}

const published = (s: PublicStory) => s.firstPublishedAt ?? s.publishedAt ?? new Date(0);
const updated = (s: PublicStory) => s.publishedAt ?? published(s);
/** CDATA cannot hold "]]>"; split it across two sections. */
const cdata = (html: string) => `<![CDATA[${html.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;

/** RSS 2.0 with the full (sanitized) text in content:encoded. */
export function buildRss(meta: FeedMeta, stories: PublicStory[]): string {
  const lastBuild = stories[0] ? updated(stories[0]) : new Date(0);
  const items = stories.map((s) => {
    const url = absoluteUrl(storyPath(s.slug));
    return [
      "<item>",
      `<title>${x(s.headline)}</title>`,
      `<link>${x(url)}</link>`,
      `<guid isPermaLink="false">${x(`urn:wiredesk:story:${s.id}`)}</guid>`,
      `<pubDate>${published(s).toUTCString()}</pubDate>`,
      `<dc:creator>${x(publicCredit(s).name)}</dc:creator>`,
      ...s.tags.map(({ tag }) => `<category>${x(tag.name)}</category>`),
      `<description>${x(s.standfirst)}</description>`,
      `<content:encoded>${cdata(renderStoryHtml(s.body))}</content:encoded>`,
      "</item>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "<channel>",
    `<title>${x(meta.title)}</title>`,
    `<link>${x(absoluteUrl(meta.htmlPath))}</link>`,
    `<description>${x(meta.description)}</description>`,
    "<language>en</language>",
    `<lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate>`,
    `<atom:link href="${x(absoluteUrl(meta.selfPath))}" rel="self" type="application/rss+xml"/>`,
    ...items,
    "</channel>",
    "</rss>",
  ].join("\n");
}

/** Atom 1.0 (RFC 4287). */
export function buildAtom(meta: FeedMeta, stories: PublicStory[]): string {
  const feedUpdated = stories[0] ? updated(stories[0]) : new Date(0);
  const entries = stories.map((s) => {
    const url = absoluteUrl(storyPath(s.slug));
    return [
      "<entry>",
      `<id>${x(`urn:wiredesk:story:${s.id}`)}</id>`,
      `<title>${x(s.headline)}</title>`,
      `<link rel="alternate" type="text/html" href="${x(url)}"/>`,
      `<published>${published(s).toISOString()}</published>`,
      `<updated>${updated(s).toISOString()}</updated>`,
      `<author><name>${x(publicCredit(s).name)}</name></author>`,
      ...s.tags.map(({ tag }) => `<category term="${x(tag.slug)}" label="${x(tag.name)}"/>`),
      s.standfirst ? `<summary>${x(s.standfirst)}</summary>` : "",
      `<content type="html">${x(renderStoryHtml(s.body))}</content>`,
      "</entry>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `<id>${x(absoluteUrl(meta.selfPath))}</id>`,
    `<title>${x(meta.title)}</title>`,
    `<subtitle>${x(meta.description)}</subtitle>`,
    `<updated>${feedUpdated.toISOString()}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${x(absoluteUrl(meta.selfPath))}"/>`,
    `<link rel="alternate" type="text/html" href="${x(absoluteUrl(meta.htmlPath))}"/>`,
    ...entries,
    "</feed>",
  ].join("\n");
}

/** Public XML responses: cached briefly by browsers and proxies; our server invalidates its copy. */
export function xmlResponse(body: string, contentType: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": `${contentType}; charset=utf-8`,
      "Cache-Control": "public, max-age=60, stale-while-revalidate=300",
    },
  });
}
