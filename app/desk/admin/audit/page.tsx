import type { Metadata } from "next";
import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import admin from "@/components/admin/admin.module.css";
import { requirePermission } from "@/lib/auth/session";
import { readAuditLog } from "@/lib/services/audit-log";
import { formatCompact } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePermission("audit.read", "/desk/admin/audit");
  const sp = await searchParams;
  const raw = Object.fromEntries(Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string"));
  const { query, rows, next } = await readAuditLog(actor, raw);
  const keep = Object.fromEntries(
    Object.entries(query).filter(([k, v]) => k !== "before" && typeof v === "string" && v !== ""),
  ) as Record<string, string>;
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Audit log</h1>
        <span className={styles.spacer} />
        <Link href="/desk/admin/users">Users</Link>
      </div>
      <section className={styles.panel} aria-label="Audit entries">
        <form className={admin.filters} role="search" aria-label="Filter the audit log">
          <label>
            Actor
            <input name="actor" defaultValue={query.actor ?? ""} placeholder="name or email" />
          </label>
          <label>
            Action
            <input name="action" defaultValue={query.action ?? ""} placeholder="e.g. user. or story.publish" />
          </label>
          <label>
            Target id
            <input name="target" defaultValue={query.target ?? ""} />
          </label>
          <label>
            From
            <input name="from" type="date" defaultValue={query.from ?? ""} />
          </label>
          <label>
            To
            <input name="to" type="date" defaultValue={query.to ?? ""} />
          </label>
          <button type="submit" className={styles.button}>
            Filter
          </button>
          <Link href="/desk/admin/audit">Clear</Link>
        </form>
        {rows.length === 0 ? (
          <p className={styles.empty}>No entries match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">IP</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className={styles.nowrap}>
                    <time dateTime={r.createdAt.toISOString()}>{formatCompact(r.createdAt)}</time>
                  </td>
                  <td>{r.actor ? `${r.actor.name} <${r.actor.email}>` : <span className={styles.muted}>—</span>}</td>
                  <td className={admin.mono}>{r.action}</td>
                  <td className={admin.mono}>{r.targetType ? `${r.targetType} ${r.targetId ?? ""}` : ""}</td>
                  <td className={admin.mono}>{r.ip ?? ""}</td>
                  <td className={admin.mono}>
                    {r.meta && JSON.stringify(r.meta) !== "{}" ? JSON.stringify(r.meta).slice(0, 300) : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next ? (
          <nav aria-label="Pages" style={{ padding: "0.6rem 0.75rem" }}>
            <Link href={`/desk/admin/audit?${new URLSearchParams({ ...keep, before: next })}`}>Older entries</Link>
          </nav>
        ) : null}
      </section>
    </>
  );
}
