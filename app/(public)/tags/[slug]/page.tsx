import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import styles from "@/components/public/public.module.css";
import { Pagination } from "@/components/public/pagination";
import { StoryList } from "@/components/public/story-card";
import { getTagBySlug, listPublishedStoriesForTag } from "@/lib/db/public";
import { isSection } from "@/lib/db/tags";
import { PAGE_SIZE, pageHref, parsePage, tagPath } from "@/lib/public/urls";
import { isSlug } from "@/lib/slug";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

const load = cache(async (slug: string, page: number | null) => {
  if (!isSlug(slug) || page === null) return null;
  const tag = await getTagBySlug(slug);
  if (!tag) return null;
  const stories = await listPublishedStoriesForTag(tag.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  // A tag with no published story is not a public page (it may name something unpublished),
  // unless the editors made it a section: that they chose to show, stories or not yet.
  if (stories.items.length === 0 && !(isSection(tag) && page === 1)) return null;
  return { tag, stories, page };
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const data = await load((await params).slug, parsePage((await searchParams).page));
  if (!data) return {};
  const path = tagPath(data.tag.slug);
  return {
    title: data.page > 1 ? `${data.tag.name}, page ${data.page}` : data.tag.name,
    description: data.tag.description ?? `Stories about ${data.tag.name}.`,
    alternates: {
      canonical: pageHref(path, data.page),
      types: {
        "application/rss+xml": [{ url: `${path}/feed.xml`, title: `${data.tag.name} (RSS)` }],
        "application/atom+xml": [{ url: `${path}/atom.xml`, title: `${data.tag.name} (Atom)` }],
      },
    },
  };
}

export default async function TagPage({ params, searchParams }: Props) {
  const data = await load((await params).slug, parsePage((await searchParams).page));
  if (!data) notFound();
  const path = tagPath(data.tag.slug);
  return (
    <>
      <header className={styles.pageHead}>
        <h1 className={styles.pageTitle}>{data.tag.name}</h1>
        {data.tag.description ? <p>{data.tag.description}</p> : null}
        <p className={styles.meta}>
          <a href={`${path}/feed.xml`}>RSS</a> · <a href={`${path}/atom.xml`}>Atom</a>
        </p>
      </header>
      {data.stories.items.length === 0 ? (
        <p className={styles.empty}>Nothing has been published in this section yet.</p>
      ) : (
        <StoryList stories={data.stories.items} level={2} />
      )}
      <Pagination path={path} page={data.page} hasNext={data.stories.hasNext} />
    </>
  );
}
