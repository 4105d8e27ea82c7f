import "server-only";
import { listPublicTagSlugs, listSitemapEntries } from "@/lib/db/public";
import { env } from "@/lib/env";
import { xmlResponse } from "./feeds";
import { absoluteUrl, storyPath, tagPath } from "./urls";
import { xmlEscape as x } from "./xml";

/** sitemap.xml: the front page, every tag with published stories, every published story. */
export async function sitemapResponse(): Promise<Response> {
  const [stories, tags] = await Promise.all([listSitemapEntries({ limit: 45_000 }), listPublicTagSlugs()]);
  const urls = [
    `<url><loc>${x(absoluteUrl("/"))}</loc><changefreq>always</changefreq></url>`,
    ...tags.map((t) => `<url><loc>${x(absoluteUrl(tagPath(t.slug)))}</loc></url>`),
    ...stories.map((s) => {
      const lastmod = s.publishedAt ?? s.firstPublishedAt;
      return `<url><loc>${x(absoluteUrl(storyPath(s.slug)))}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ""}</url>`;
    }),
  ];
  return xmlResponse(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...urls,
      "</urlset>",
    ].join("\n"),
    "application/xml",
  );
}

/** Google News sitemap: stories first published in the last 48 hours (at most 1,000). */
export async function newsSitemapResponse(now = new Date()): Promise<Response> {
  const since = new Date(now.getTime() - 48 * 3600_000);
  const stories = await listSitemapEntries({ since, limit: 1_000 });
  const name = env().SITE_NAME;
  const urls = stories.map((s) =>
    [
      "<url>",
      `<loc>${x(absoluteUrl(storyPath(s.slug)))}</loc>`,
      "<news:news>",
      `<news:publication><news:name>${x(name)}</news:name><news:language>en</news:language></news:publication>`,
      `<news:publication_date>${(s.firstPublishedAt ?? now).toISOString()}</news:publication_date>`,
      `<news:title>${x(s.headline)}</news:title>`,
      s.tags.length ? `<news:keywords>${x(s.tags.join(", "))}</news:keywords>` : "",
      "</news:news>",
      "</url>",
    ].join(""),
  );
  return xmlResponse(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
      ...urls,
      "</urlset>",
    ].join("\n"),
    "application/xml",
  );
}
