import Link from "@/components/desk/link";
import type { DeskStoryRow } from "@/lib/db/desk-lists";
import { formatCompact } from "@/lib/format";
import styles from "./desk.module.css";
import { StatusBadge } from "./status-badge";

export function StoryTable({ stories, emptyText }: { stories: DeskStoryRow[]; emptyText?: string }) {
  if (stories.length === 0) return <p className={styles.empty}>{emptyText ?? "No stories yet. Create one from a wire item."}</p>;
  return (
    <table className={styles.table} data-testid="story-table">
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Status</th>
          <th scope="col">Author</th>
          <th scope="col">Editing</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {stories.map((s) => (
          <tr key={s.id}>
            <td>
              <Link href={`/desk/stories/${s.id}`}>{s.headline}</Link>{" "}
              {s.agencyKilled ? <span className={`${styles.badge} ${styles.badgeDanger}`}>agency kill</span> : null}
              {s.agencyUpdateAvailable && !s.agencyKilled ? (
                <span className={`${styles.badge} ${styles.badgeWarn}`}>agency update</span>
              ) : null}
            </td>
            <td className={styles.nowrap}>
              <StatusBadge status={s.status} />
            </td>
            <td className={styles.nowrap}>{s.author.name}</td>
            <td className={`${styles.nowrap} ${styles.muted}`}>
              {s.lockHolder ? <span title="Holds the edit lock">🔒 {s.lockHolder}</span> : "–"}
            </td>
            <td className={`${styles.nowrap} ${styles.muted}`}>
              <time dateTime={s.updatedAt.toISOString()}>{formatCompact(s.updatedAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
