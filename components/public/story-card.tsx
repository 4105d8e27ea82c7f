import Link from "next/link";
import type { StoryCard as Card } from "@/lib/db/public";
import { formatDateTime } from "@/lib/format";
import { storyPath } from "@/lib/public/urls";
import styles from "./public.module.css";

export function StoryCard({ story, lead = false, level = 3 }: { story: Card; lead?: boolean; level?: 2 | 3 }) {
  const Heading = lead ? "h2" : level === 2 ? "h2" : "h3";
  const published = story.firstPublishedAt ?? story.publishedAt;
  return (
    <article className={lead ? `${styles.card} ${styles.leadCard}` : styles.card}>
      <Heading className={styles.cardHeadline}>
        <Link href={storyPath(story.slug)} prefetch={false}>
          {story.headline}
        </Link>
      </Heading>
      {story.standfirst ? <p className={styles.cardStandfirst}>{story.standfirst}</p> : null}
      <p className={styles.meta}>
        {story.datelinePlace ? <span>{story.datelinePlace} · </span> : null}
        {published ? <time dateTime={published.toISOString()}>{formatDateTime(published)}</time> : null}
      </p>
    </article>
  );
}

/** `level`: the cards' heading level, one below the section's heading (h1 on tag and author pages). */
export function StoryList({ stories, level = 3 }: { stories: Card[]; level?: 2 | 3 }) {
  return (
    <ul className={styles.list}>
      {stories.map((s) => (
        <li key={s.id}>
          <StoryCard story={s} level={level} />
        </li>
      ))}
    </ul>
  );
}
