import type { PublicStory } from "@/lib/db/public";
import { absoluteUrl, authorPath } from "./urls";
import { publicCredit } from "./credit";

/** The schema.org author: a Person (with their page) or the agency as an Organization. */
export function authorLd(story: Pick<PublicStory, "byline" | "credit" | "author">) {
  const c = publicCredit(story);
  return c.kind === "person"
    ? { "@type": "Person", name: c.name, ...(c.authorSlug ? { url: absoluteUrl(authorPath(c.authorSlug)) } : {}) }
    : { "@type": "Organization", name: c.name };
}

/** schema.org NewsArticle for one story (https://developers.google.com/search/docs/appearance/structured-data/article). */
export function newsArticleJsonLd(story: PublicStory, url: string, siteName: string) {
  const published = story.firstPublishedAt ?? story.publishedAt;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
    headline: story.headline.slice(0, 110),
    description: story.standfirst || undefined,
    datePublished: published?.toISOString(),
    dateModified: (story.publishedAt ?? published)?.toISOString(),
    author: [authorLd(story)],
    publisher: { "@type": "Organization", name: siteName, url: absoluteUrl("/") },
    keywords: story.tags.map((t) => t.tag.name).join(", ") || undefined,
    dateline: story.datelinePlace || undefined,
    isAccessibleForFree: true,
    copyrightNotice: story.credit || undefined,
  };
}
