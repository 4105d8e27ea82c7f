import type { Metadata } from "next";
import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import admin from "@/components/admin/admin.module.css";
import { InviteUserForm } from "@/components/admin/invite-user-form";
import { UserRowActions } from "@/components/admin/user-row-actions";
import { requirePermission } from "@/lib/auth/session";
import { listUsersForAdmin } from "@/lib/services/users";
import { formatCompact } from "@/lib/format";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const actor = await requirePermission("user.manage", "/desk/admin/users");
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q : "";
  const { rows, total, page, pages } = await listUsersForAdmin(actor, { q, page: Number(sp.page) || 1 });
  const pageHref = (p: number) => `/desk/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Users</h1>
        <span className={styles.muted}>{total} in total</span>
        <span className={styles.spacer} />
        <Link href="/desk/admin/audit">Audit log</Link>
      </div>
      <div className={admin.usersGrid}>
        <section className={styles.panel} aria-labelledby="user-list">
          <h2 id="user-list">Staff</h2>
          <form role="search" className={styles.row} style={{ padding: "0.6rem 0.75rem" }}>
            <label htmlFor="user-q" className="visually-hidden">
              Search users
            </label>
            <input id="user-q" name="q" type="search" defaultValue={q} placeholder="Name or email" className={admin.input} />
            <button type="submit" className={styles.button}>
              Search
            </button>
          </form>
          {rows.length === 0 ? (
            <p className={styles.empty}>No users match.</p>
          ) : (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Role and access</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr key={u.id} data-testid={`user-${u.email}`} data-role={u.role} data-active={u.active}>
                    <td>
                      {u.name}
                      {u.id === actor.id ? <span className={styles.muted}> (you)</span> : null}
                    </td>
                    <td>{u.email}</td>
                    <td>
                      {!u.active ? (
                        <span className={`${styles.badge} ${styles.badgeDanger}`}>deactivated</span>
                      ) : !u.hasPassword ? (
                        <span className={`${styles.badge} ${styles.badgeWarn}`}>invited</span>
                      ) : (
                        <span className={`${styles.badge} ${styles.badgeOk}`}>active</span>
                      )}
                    </td>
                    <td className={styles.nowrap}>
                      {u.lastSignInAt ? formatCompact(u.lastSignInAt) : <span className={styles.muted}>never</span>}
                    </td>
                    <td>
                      <UserRowActions user={{ id: u.id, name: u.name, role: u.role, active: u.active }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 ? (
            <nav aria-label="Pages" className={styles.row} style={{ padding: "0.6rem 0.75rem" }}>
              {page > 1 ? <Link href={pageHref(page - 1)}>Previous</Link> : null}
              <span className={styles.muted}>
                Page {page} of {pages}
              </span>
              {page < pages ? <Link href={pageHref(page + 1)}>Next</Link> : null}
            </nav>
          ) : null}
        </section>
        <section className={styles.panel} aria-labelledby="invite-head">
          <h2 id="invite-head">Invite a colleague</h2>
          <div className={styles.sideSection}>
            <InviteUserForm />
          </div>
        </section>
      </div>
    </>
  );
}
