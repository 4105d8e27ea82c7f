import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import styles from "@/components/public/public.module.css";
import { Pagination } from "@/components/public/pagination";
import { StoryList } from "@/components/public/story-card";
import { getAuthorWithPublishedStories } from "@/lib/db/public";
import { authorPath, PAGE_SIZE, pageHref, parsePage } from "@/lib/public/urls";
import { isSlug } from "@/lib/slug";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

const load = cache(async (slug: string, page: number | null) => {
  if (!isSlug(slug) || page === null) return null;
  const data = await getAuthorWithPublishedStories(slug, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  if (!data || (page > 1 && data.page.items.length === 0)) return null;
  return { ...data, page: data.page, number: page };
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const data = await load((await params).slug, parsePage((await searchParams).page));
  if (!data) return {};
  return {
    title: data.number > 1 ? `${data.author.name}, page ${data.number}` : data.author.name,
    description: `Stories by ${data.author.name}.`,
    alternates: { canonical: pageHref(authorPath(data.author.slug), data.number) },
    openGraph: { type: "profile" },
  };
}

export default async function AuthorPage({ params, searchParams }: Props) {
  const data = await load((await params).slug, parsePage((await searchParams).page));
  if (!data) notFound();
  return (
    <>
      <header className={styles.pageHead}>
        <p className={styles.kicker}>Author</p>
        <h1 className={styles.pageTitle}>{data.author.name}</h1>
      </header>
      <StoryList stories={data.page.items} level={2} />
      <Pagination path={authorPath(data.author.slug)} page={data.number} hasNext={data.page.hasNext} />
    </>
  );
}
