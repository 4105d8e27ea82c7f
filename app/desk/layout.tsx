import type { Metadata } from "next";
import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import { SignOutButton } from "@/components/desk/sign-out-button";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/policy";

export const metadata: Metadata = { title: { default: "Desk", template: "%s — Wiredesk" }, robots: { index: false } };

export default async function DeskLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className={styles.app}>
      <header className={styles.bar}>
        <Link href="/desk" className={styles.brand}>
          Wiredesk
        </Link>
        <nav className={styles.nav} aria-label="Desk">
          <Link href="/desk">Overview</Link>
          <Link href="/desk/wire">Wire</Link>
          <Link href="/desk/stories">Stories</Link>
          {can(user, "tag.manage") ? <Link href="/desk/tags">Tags</Link> : null}
          {can(user, "user.manage") ? <Link href="/desk/admin/users">Admin</Link> : null}
          {can(user, "ingest.manage") ? <Link href="/desk/admin/feeds">Feeds</Link> : null}
          <Link href="/" target="_blank">
            Public site
          </Link>
        </nav>
        <span className={styles.spacer} />
        <form method="get" action="/desk/stories" role="search" aria-label="Go to a story" className={styles.goTo}>
          <input type="search" name="q" placeholder="Go to story: headline or id" aria-label="Go to story" maxLength={200} />
        </form>
        <span className={styles.who}>
          <Link href="/desk/account" style={{ color: "inherit" }} title="Your account">
            {user.name}
          </Link>
          <span className={styles.role}>{user.role.toLowerCase()}</span>
        </span>
        <SignOutButton />
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
