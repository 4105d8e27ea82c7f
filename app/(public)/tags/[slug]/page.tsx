import type { Metadata } from "next";
import { notFound } from "next/navigation";
import styles from "@/components/public/public.module.css";
import { StoryCard } from "@/components/public/story-card";
import { getTagWithPublishedStories } from "@/lib/db/public";
import { isSlug } from "@/lib/slug";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  return isSlug(slug) ? getTagWithPublishedStories(slug, { limit: 50 }) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await load((await params).slug);
  return data ? { title: data.tag.name } : {};
}

export default async function TagPage({ params }: Props) {
  const data = await load((await params).slug);
  if (!data) notFound();
  return (
    <>
      <h1 className={styles.sectionHead}>{data.tag.name}</h1>
      {data.stories.length === 0 ? (
        <p className={styles.empty}>No published stories on this topic yet.</p>
      ) : (
        <ul className={styles.list}>
          {data.stories.map((s) => (
            <li key={s.id}>
              <StoryCard story={s} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
