import Link from "next/link";
import { pageHref } from "@/lib/public/urls";
import styles from "./public.module.css";

/**
 * Older/newer links for any list. React 19 hoists the <link rel=prev/next> elements into
 * <head>, where crawlers look for them; the visible links carry the same rel.
 */
export function Pagination({
  path,
  page,
  hasNext,
  params,
}: {
  path: string;
  page: number;
  hasNext: boolean;
  params?: Record<string, string>;
}) {
  if (page <= 1 && !hasNext) return null;
  const prev = page > 1 ? pageHref(path, page - 1, params) : null;
  const next = hasNext ? pageHref(path, page + 1, params) : null;
  return (
    <nav className={styles.pagination} aria-label="Pages">
      {prev ? <link rel="prev" href={prev} /> : null}
      {next ? <link rel="next" href={next} /> : null}
      {prev ? (
        <Link href={prev} rel="prev" prefetch={false}>
          ← Newer stories
        </Link>
      ) : (
        <span />
      )}
      <span className={styles.pageNumber}>Page {page}</span>
      {next ? (
        <Link href={next} rel="next" prefetch={false}>
          Older stories →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
