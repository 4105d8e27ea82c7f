import styles from "@/components/public/public.module.css";
import { StoryCard } from "@/components/public/story-card";
import { listPublishedStories } from "@/lib/db/public";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const stories = await listPublishedStories({ limit: 30 });
  const [lead, ...rest] = stories;
  return (
    <>
      <h1 className="visually-hidden">Latest news</h1>
      {lead ? (
        <section aria-label="Top story" className={styles.lead}>
          <StoryCard story={lead} lead />
        </section>
      ) : (
        <p className={styles.empty}>No stories have been published yet.</p>
      )}
      {rest.length > 0 ? (
        <section aria-labelledby="latest">
          <h2 id="latest" className={styles.sectionHead}>
            Latest
          </h2>
          <ul className={styles.list}>
            {rest.map((s) => (
              <li key={s.id}>
                <StoryCard story={s} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
