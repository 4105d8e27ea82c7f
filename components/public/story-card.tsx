import Link from "next/link";
import type { StoryCard as Card } from "@/lib/db/public";
import { formatDateTime } from "@/lib/format";
import styles from "./public.module.css";

export function StoryCard({ story, lead = false }: { story: Card; lead?: boolean }) {
  const Heading = lead ? "h2" : "h3";
  const published = story.firstPublishedAt ?? story.publishedAt;
  return (
    <article className={styles.card}>
      <Heading>
        <Link href={`/stories/${story.slug}`}>{story.headline}</Link>
      </Heading>
      {story.standfirst ? <p>{story.standfirst}</p> : null}
      <div className={styles.meta}>
        {story.datelinePlace ? <span>{story.datelinePlace} · </span> : null}
        {published ? <time dateTime={published.toISOString()}>{formatDateTime(published)}</time> : null}
      </div>
    </article>
  );
}
