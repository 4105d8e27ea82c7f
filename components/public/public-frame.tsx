import Link from "next/link";
import { listSections } from "@/lib/db/public";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";
import { tagPath } from "@/lib/public/urls";
import styles from "./public.module.css";

/**
 * The newspaper around every public page: skip link, masthead with the date and search,
 * <main>, footer with the feeds. Used by the public layout and by the not-found page for
 * unknown URLs (which no layout but the root one wraps), so a reader who mistypes a URL
 * still lands on the paper.
 */
export async function PublicFrame({ children }: { children: React.ReactNode }) {
  const siteName = env().SITE_NAME;
  // Chosen on the desk's Tags page; cached pages depend on key "frame" for it (cache-keys.ts).
  const sections = await listSections();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={styles.masthead}>
        <div className={`${styles.shell} ${styles.mastheadInner}`}>
          <p className={styles.title}>
            <Link href="/" prefetch={false}>
              {siteName}
            </Link>
          </p>
          <p className={styles.dateline}>{formatDate(new Date())}</p>
          <form className={styles.searchForm} action="/search" method="get" role="search" aria-label="Site search">
            <label htmlFor="site-search" className="visually-hidden">
              Search stories
            </label>
            <input id="site-search" name="q" type="search" placeholder="Search" maxLength={200} />
            <button type="submit">Search</button>
          </form>
        </div>
        {sections.length > 0 ? (
          <nav aria-label="Sections" className={styles.sections}>
            <ul className={styles.shell}>
              {sections.map((s) => (
                <li key={s.slug}>
                  <Link href={tagPath(s.slug)} prefetch={false}>
                    {s.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className={styles.shell}>
        {children}
      </main>
      <footer className={styles.footer}>
        <div className={styles.shell}>
          <p>{siteName} is published with Wiredesk. Agency copy is credited on each story.</p>
          <p>
            {/* Feeds and the JSON API are documents, not pages: plain links on purpose. */}
            <a href="/feed.xml">RSS</a> · <a href="/atom.xml">Atom</a> ·{" "}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a JSON API, not a page */}
            <a href="/api/content/stories">Content API (ninjs)</a>
          </p>
        </div>
      </footer>
    </>
  );
}
