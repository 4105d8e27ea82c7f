import Link from "next/link";
import type { listDeskStories } from "@/lib/db/stories";
import { formatCompact } from "@/lib/format";
import styles from "./desk.module.css";
import { StatusBadge } from "./status-badge";

type Row = Awaited<ReturnType<typeof listDeskStories>>[number];

export function StoryTable({ stories }: { stories: Row[] }) {
  if (stories.length === 0) return <p className={styles.empty}>No stories yet. Create one from a wire item.</p>;
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Status</th>
          <th scope="col">Author</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {stories.map((s) => (
          <tr key={s.id}>
            <td>
              <Link href={`/desk/stories/${s.id}`}>{s.headline}</Link>
              {s.agencyUpdateAvailable ? <span className={`${styles.badge} ${styles.badgeWarn}`}> agency update</span> : null}
            </td>
            <td>
              <StatusBadge status={s.status} />
            </td>
            <td className={styles.nowrap}>{s.author.name}</td>
            <td className={`${styles.nowrap} ${styles.muted}`}>{formatCompact(s.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
