import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import tagging from "@/components/desk/tagging.module.css";
import { LiveRefresh } from "@/components/desk/live-refresh";
import { WireFilters } from "@/components/desk/wire-filters";
import { WireQueue } from "@/components/desk/wire-queue";
import { WireUpload } from "@/components/desk/wire-upload";
import { requireUser } from "@/lib/auth/session";
import { KillAlerts } from "@/components/desk/kill-alerts";
import { getKillAlerts } from "@/lib/services/kill-alerts";
import { can } from "@/lib/authz/policy";
import { getWireQueue } from "@/lib/services/desk-queue";

export const dynamic = "force-dynamic";

export default async function WirePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("/desk/wire");
  const raw = await searchParams;
  const queue = await getWireQueue(user, raw);
  const filtered = Object.entries(queue.params).some(([k, v]) => k !== "before" && v !== undefined);
  const older = new URLSearchParams(
    Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && k !== "before" ? [[k, v]] : [])),
  );
  if (queue.nextCursor) older.set("before", queue.nextCursor);
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Wire</h1>
        <LiveRefresh />
      </div>
      <KillAlerts alerts={await getKillAlerts(user)} />
      <div className={styles.editorGrid}>
        <section className={styles.panel} aria-label="Wire queue">
          <WireFilters params={queue.params} sources={queue.sources} searchIgnored={queue.searchIgnored} />
          <WireQueue
            items={queue.items}
            showSnippet={!!queue.params.q}
            emptyText={filtered ? "Nothing on the wire matches these filters." : undefined}
          />
          {queue.nextCursor ? (
            <p className={tagging.pager}>
              <Link href={`/desk/wire?${older.toString()}`}>Older items →</Link>
            </p>
          ) : null}
        </section>
        {can(user, "wire.import") ? (
          <aside className={styles.panel} aria-label="Import">
            <h2>Import agency copy</h2>
            <WireUpload />
          </aside>
        ) : null}
      </div>
    </>
  );
}
