import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/public/public.module.css";
import { Pagination } from "@/components/public/pagination";
import { searchPublishedStories, type SearchResults } from "@/lib/db/public-search";
import { formatDateTime } from "@/lib/format";
import { normalizeSearchQuery, splitSnippet } from "@/lib/public/search";
import { parsePage, storyPath } from "@/lib/public/urls";

export const dynamic = "force-dynamic";

const SEARCH_PAGE_SIZE = 10;

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = normalizeSearchQuery((await searchParams).q);
  // Result pages are endless and thin: keep them out of search engines.
  return { title: q ? `Search: ${q}` : "Search", robots: { index: false, follow: true } };
}

export default async function SearchPage({ searchParams }: Props) {
  const sp = await searchParams;
  const q = normalizeSearchQuery(sp.q);
  const page = parsePage(sp.page);
  if (page === null) notFound();
  const results = q ? await searchPublishedStories(q, { limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE }) : null;
  return (
    <>
      <header className={styles.pageHead}>
        <h1 className={styles.pageTitle}>Search</h1>
        <form action="/search" method="get" role="search" aria-label="Search published stories" className={styles.searchPageForm}>
          <label htmlFor="search-q">Search published stories</label>
          <input id="search-q" name="q" type="search" defaultValue={q} maxLength={200} />
          <button type="submit">Search</button>
        </form>
      </header>
      {results ? (
        <section aria-labelledby="results-head">
          <h2 id="results-head" className={styles.sectionHead}>
            {results.items.length > 0
              ? `Stories matching “${q}”`
              : page > 1 && results.matches > 0
                ? `No more stories match “${q}”`
                : `No stories match “${q}”`}
          </h2>
          <p className={`${styles.meta} ${styles.resultSummary}`}>{resultSummary(results)}</p>
          <ol className={styles.results}>
            {results.items.map((hit) => (
              <li key={hit.id}>
                <article className={styles.card}>
                  <h3 className={styles.cardHeadline}>
                    <Link href={storyPath(hit.slug)} prefetch={false}>
                      {hit.headline}
                    </Link>
                  </h3>
                  <p className={styles.snippet}>
                    {splitSnippet(hit.snippet).map((part, i) =>
                      part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                    )}
                  </p>
                  {hit.firstPublishedAt ? (
                    <p className={styles.meta}>
                      <time dateTime={hit.firstPublishedAt.toISOString()}>{formatDateTime(hit.firstPublishedAt)}</time>
                    </p>
                  ) : null}
                </article>
              </li>
            ))}
          </ol>
          <Pagination path="/search" page={page} hasNext={results.hasNext} params={{ q }} />
        </section>
      ) : null}
    </>
  );
}

/** The count is capped: ranking looks at the newest matches only (lib/db/public-search.ts). */
function resultSummary({ matches, more, noTerms }: SearchResults): string {
  if (noTerms) return "Your search holds only very common words; try more specific ones.";
  if (more) return `More than ${matches} stories match; the ${matches} most recent are ranked here, best first.`;
  return matches === 1 ? "1 story matches." : `${matches} stories match, best first.`;
}
