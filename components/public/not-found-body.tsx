import Link from "next/link";
import styles from "./public.module.css";

/** The not-found message, inside the public frame (the public layout's, or the root not-found page's). */
export function NotFoundBody() {
  return (
    <section className={styles.notice}>
      <h1 className={styles.pageTitle}>Page not found</h1>
      <p>We could not find that page. It may have moved, or it was never published.</p>
      <form action="/search" method="get" role="search" aria-label="Search from this page" className={styles.searchPageForm}>
        <label htmlFor="nf-q">Search published stories</label>
        <input id="nf-q" name="q" type="search" maxLength={200} />
        <button type="submit">Search</button>
      </form>
      <p>
        <Link href="/" prefetch={false}>
          Go to the front page
        </Link>
      </p>
    </section>
  );
}
