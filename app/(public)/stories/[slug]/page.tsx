import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/public/public.module.css";
import { getPublishedStoryBySlug } from "@/lib/db/public";
import { renderStoryHtml } from "@/lib/editor/render";
import { formatDateTime } from "@/lib/format";
import { isSlug } from "@/lib/slug";
import type { StoryDoc } from "@/lib/editor/doc-schema";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  if (!isSlug(slug)) return null;
  return getPublishedStoryBySlug(slug);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const story = await load((await params).slug);
  if (!story) return {};
  return { title: story.headline, description: story.standfirst || undefined, alternates: { canonical: `/stories/${story.slug}` } };
}

export default async function StoryPage({ params }: Props) {
  const story = await load((await params).slug);
  if (!story) notFound();
  const published = story.firstPublishedAt ?? story.publishedAt;
  const updated = story.publishedAt && published && story.publishedAt.getTime() - published.getTime() > 60_000 ? story.publishedAt : null;
  const html = renderStoryHtml(story.body as StoryDoc);
  return (
    <article className={styles.article}>
      {story.datelinePlace ? <p className={styles.kicker}>{story.datelinePlace}</p> : null}
      <h1 className={styles.headline}>{story.headline}</h1>
      {story.standfirst ? <p className={styles.standfirst}>{story.standfirst}</p> : null}
      <div className={styles.byline}>
        {story.byline ? <strong>{story.byline}</strong> : null}
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
      </div>
      <div className={styles.body}>
        {story.datelinePlace ? <span className={styles.datelinePlace}>{story.datelinePlace.toUpperCase()} — </span> : null}
        <div dangerouslySetInnerHTML={{ __html: html }} />
        {story.credit ? <p className={styles.credit}>{story.credit}</p> : null}
      </div>
      {story.corrections.length > 0 ? (
        <aside className={styles.corrections} aria-label="Corrections">
          {story.corrections.map((c) => (
            <p key={c.createdAt.toISOString()}>
              <strong>Correction</strong> (<time dateTime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>): {c.note}
            </p>
          ))}
        </aside>
      ) : null}
      {story.tags.length > 0 ? (
        <ul className={styles.tags} aria-label="Topics">
          {story.tags.map(({ tag }) => (
            <li key={tag.slug}>
              <Link href={`/tags/${tag.slug}`}>{tag.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
