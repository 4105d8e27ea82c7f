import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";
import styles from "@/components/public/public.module.css";
import { getPublishedStoryBySlug, resolveMissingSlug } from "@/lib/db/public";
import { renderStoryHtml } from "@/lib/editor/render";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { storyDescription } from "@/lib/public/description";
import { newsArticleJsonLd } from "@/lib/public/json-ld";
import { GONE_MARKER } from "@/lib/public/status";
import { absoluteUrl, authorPath, storyPath, tagPath } from "@/lib/public/urls";
import { publicCredit } from "@/lib/public/credit";
import { isSlug } from "@/lib/slug";
import { ArticleBody, ArticleCorrections } from "@/components/public/article-body";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

// One database read per request, shared by generateMetadata and the page.
const load = cache(async (slug: string) => {
  if (!isSlug(slug)) return { story: null, missing: null };
  const story = await getPublishedStoryBySlug(slug);
  return { story, missing: story ? null : await resolveMissingSlug(slug) };
});

/** Updated time worth showing: more than a minute after first publication. */
function updatedAt(published: Date | null, latest: Date | null): Date | null {
  return latest && published && latest.getTime() - published.getTime() > 60_000 ? latest : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { story, missing } = await load((await params).slug);
  if (!story) return missing?.kind === "killed" ? { title: "Story withdrawn", robots: { index: false } } : {};
  const url = storyPath(story.slug);
  const published = story.firstPublishedAt ?? story.publishedAt;
  const description = storyDescription(story);
  const credit = publicCredit(story);
  return {
    title: story.headline,
    description,
    alternates: { canonical: url },
    authors: [{ name: credit.name, url: credit.authorSlug ? authorPath(credit.authorSlug) : undefined }],
    openGraph: {
      type: "article",
      url,
      title: story.headline,
      description,
      siteName: env().SITE_NAME,
      publishedTime: published?.toISOString(),
      modifiedTime: story.publishedAt?.toISOString(),
      tags: story.tags.map((t) => t.tag.name),
    },
    twitter: { card: "summary", title: story.headline, description },
  };
}

export default async function StoryPage({ params }: Props) {
  const { story, missing } = await load((await params).slug);
  if (!story) {
    if (missing?.kind === "moved") permanentRedirect(storyPath(missing.slug));
    if (missing?.kind === "killed") return <Withdrawn />;
    notFound();
  }
  const published = story.firstPublishedAt ?? story.publishedAt;
  const updated = updatedAt(published, story.publishedAt);
  const html = renderStoryHtml(story.body);
  const credit = publicCredit(story);
  const jsonLd = newsArticleJsonLd(story, absoluteUrl(storyPath(story.slug)), env().SITE_NAME);
  return (
    <article className={styles.article}>
      {/* Structured data: not executed, so no CSP hash is needed; "<" escaped against breakouts. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }} />
      <header className={styles.articleHead}>
        {story.tags[0] ? (
          <p className={styles.kicker}>
            <Link href={tagPath(story.tags[0].tag.slug)} prefetch={false}>
              {story.tags[0].tag.name}
            </Link>
          </p>
        ) : null}
        <h1 className={styles.headline}>{story.headline}</h1>
        {story.standfirst ? <p className={styles.standfirst}>{story.standfirst}</p> : null}
        <div className={styles.byline}>
          <p>
            By{" "}
            {credit.authorSlug ? (
              <Link href={authorPath(credit.authorSlug)} rel="author" prefetch={false}>
                {credit.name}
              </Link>
            ) : (
              credit.name
            )}
          </p>
          <p className={styles.times}>
            {published ? (
              <span>
                Published <time dateTime={published.toISOString()}>{formatDateTime(published)}</time>
              </span>
            ) : null}
            {updated ? (
              <span>
                Updated <time dateTime={updated.toISOString()}>{formatDateTime(updated)}</time>
              </span>
            ) : null}
          </p>
        </div>
      </header>
      <ArticleBody datelinePlace={story.datelinePlace} datelineDate={story.datelineDate} html={html} credit={story.credit} />
      <ArticleCorrections corrections={story.corrections} />
      {story.tags.length > 0 ? (
        <nav aria-label="Topics">
          <ul className={styles.tags}>
            {story.tags.map(({ tag }) => (
              <li key={tag.slug}>
                <Link href={tagPath(tag.slug)} prefetch={false}>
                  {tag.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </article>
  );
}

/** A killed story: a short notice, served with HTTP 410 (scripts/server.ts reads the marker). */
function Withdrawn() {
  return (
    <section className={styles.notice}>
      <meta name={GONE_MARKER.name} content={GONE_MARKER.content} />
      <h1>This story has been withdrawn</h1>
      <p>It was removed from our site, usually because it could not be stood up or for legal reasons.</p>
      <p>
        <Link href="/">Go to the front page</Link>
      </p>
    </section>
  );
}
