import Link from "next/link";
import type { listWireQueue } from "@/lib/db/wire";
import { formatCompact } from "@/lib/format";
import styles from "./desk.module.css";

type Row = Awaited<ReturnType<typeof listWireQueue>>[number];

export function WireQueue({ items }: { items: Row[] }) {
  if (items.length === 0) return <p className={styles.empty}>The wire is quiet. Upload agency copy to start.</p>;
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Agency</th>
          <th scope="col">Headline</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const v = item.latest;
          const headline = v?.headline ?? v?.proposedHeadline ?? "(no headline)";
          return (
            <tr key={item.id}>
              <td className={`${styles.nowrap} ${styles.muted}`}>{v ? formatCompact(v.receivedAt) : ""}</td>
              <td className={styles.nowrap}>{item.source.name}</td>
              <td>
                <Link href={`/desk/wire/${item.id}`}>{headline}</Link>
                {v?.datelinePlace ? <span className={styles.muted}> · {v.datelinePlace}</span> : null}
                {!v?.headline ? <span className={styles.muted}> (proposed headline)</span> : null}
              </td>
              <td className={styles.nowrap}>
                {item.state === "KILLED" ? <span className={`${styles.badge} ${styles.badgeDanger}`}>killed</span> : null}
                {v?.embargoUntil && v.embargoUntil > new Date() ? <span className={`${styles.badge} ${styles.badgeWarn}`}>embargo</span> : null}
                {item.latestVersion > 1 ? <span className={styles.badge}>v{item.latestVersion}</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
