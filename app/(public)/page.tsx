import type { Metadata } from "next";
import { notFound } from "next/navigation";
import styles from "@/components/public/public.module.css";
import { Pagination } from "@/components/public/pagination";
import { StoryCard, StoryList } from "@/components/public/story-card";
import { listFeaturedStories, listLatestStories } from "@/lib/db/public";
import { env } from "@/lib/env";
import { PAGE_SIZE, pageHref, parsePage } from "@/lib/public/urls";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const page = parsePage((await searchParams).page) ?? 1;
  const title = page > 1 ? `Latest news, page ${page}` : { absolute: env().SITE_NAME };
  return { title, description: `The latest news from ${env().SITE_NAME}.`, alternates: { canonical: pageHref("/", page) } };
}

export default async function HomePage({ searchParams }: Props) {
  const page = parsePage((await searchParams).page);
  if (page === null) notFound();
  // Page 1: the editors' picks first (up to five), then everything else newest first.
  const featured = page === 1 ? await listFeaturedStories(5) : [];
  const latest = await listLatestStories({
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    excludeIds: featured.map((s) => s.id),
  });
  if (page > 1 && latest.items.length === 0) notFound();
  // Without editors' picks, the newest stories lead: one large, two beside it.
  const top = page === 1 ? (featured.length > 0 ? featured : latest.items.slice(0, 3)) : [];
  const [lead, ...rest] = top;
  const list = page === 1 && featured.length === 0 ? latest.items.slice(top.length) : latest.items;
  return (
    <>
      <h1 className="visually-hidden">{page > 1 ? `Latest news, page ${page}` : "Front page"}</h1>
      {lead ? (
        <section aria-label="Top stories" className={styles.top}>
          <div className={styles.lead}>
            <StoryCard story={lead} lead />
          </div>
          {rest.length > 0 ? (
            <ul className={styles.secondary}>
              {rest.map((s) => (
                <li key={s.id}>
                  <StoryCard story={s} />
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {page === 1 && !lead ? <p className={styles.empty}>No stories have been published yet.</p> : null}
      {list.length > 0 ? (
        <section aria-labelledby="latest">
          <h2 id="latest" className={styles.sectionHead}>
            Latest
          </h2>
          <StoryList stories={list} />
        </section>
      ) : null}
      <Pagination path="/" page={page} hasNext={latest.hasNext} />
    </>
  );
}
