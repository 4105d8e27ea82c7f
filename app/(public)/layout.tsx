import Link from "next/link";
import styles from "@/components/public/public.module.css";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";

export default function PublicLayout({ children }: { children: React.ReactNode }) {
  const siteName = env().SITE_NAME;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={styles.masthead}>
        <div className={styles.shell}>
          <p className={styles.title}>
            <Link href="/">{siteName}</Link>
          </p>
          <p className={styles.dateline}>{formatDate(new Date())}</p>
        </div>
      </header>
      <main id="main" className={styles.shell}>
        {children}
      </main>
      <footer className={styles.footer}>
        <div className={styles.shell}>
          <p>
            {siteName} is published with Wiredesk. Agency copy is credited on each story.
          </p>
        </div>
      </footer>
    </>
  );
}
