import Link from "@/components/desk/link";
import type { WireQueueRow } from "@/lib/db/wire-queue";
import { formatCompact } from "@/lib/format";
import styles from "./desk.module.css";
import tagging from "./tagging.module.css";

export function WireQueue({
  items,
  showSnippet = false,
  emptyText,
}: {
  items: WireQueueRow[];
  showSnippet?: boolean;
  emptyText?: string;
}) {
  if (items.length === 0) return <p className={styles.empty}>{emptyText ?? "The wire is quiet. Upload agency copy to start."}</p>;
  const now = new Date();
  return (
    <table className={styles.table} data-testid="wire-queue">
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Agency</th>
          <th scope="col" title="Agency urgency (1 = flash)">
            Urg.
          </th>
          <th scope="col">Headline</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const v = item.latest;
          const headline = v.headline ?? v.proposedHeadline ?? "(no headline)";
          return (
            <tr key={item.id}>
              <td className={`${styles.nowrap} ${styles.muted}`}>
                <time dateTime={v.receivedAt.toISOString()}>{formatCompact(v.receivedAt)}</time>
              </td>
              <td className={styles.nowrap}>{item.source.name}</td>
              <td className={`${styles.nowrap} ${v.urgency != null && v.urgency <= 2 ? tagging.urgent : styles.muted}`}>
                {v.urgency ?? "–"}
              </td>
              <td>
                <Link href={`/desk/wire/${item.id}`}>{headline}</Link>
                {v.datelinePlace ? <span className={styles.muted}> · {v.datelinePlace}</span> : null}
                {!v.headline ? <span className={styles.muted}> (proposed headline)</span> : null}
                {showSnippet ? <span className={tagging.snippet}>{v.snippet}</span> : null}
              </td>
              <td className={styles.nowrap}>
                {item.state === "KILLED" ? <span className={`${styles.badge} ${styles.badgeDanger}`}>killed</span> : null}
                {v.signal !== "new" && item.state !== "KILLED" ? (
                  <span className={`${styles.badge} ${styles.badgeWarn}`}>{v.signal}</span>
                ) : null}
                {v.embargoUntil && v.embargoUntil > now ? (
                  <span className={`${styles.badge} ${styles.badgeWarn}`}>embargo</span>
                ) : null}
                {item.latestVersion > 1 ? <span className={styles.badge}>v{item.latestVersion}</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
