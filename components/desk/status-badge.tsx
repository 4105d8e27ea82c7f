import styles from "./desk.module.css";

const TONE: Record<string, string | undefined> = {
  PUBLISHED: styles.badgeOk,
  SCHEDULED: styles.badgeWarn,
  IN_REVIEW: styles.badgeWarn,
  READY: styles.badgeWarn,
  KILLED: styles.badgeDanger,
  UNPUBLISHED: styles.badgeDanger,
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`${styles.badge} ${TONE[status] ?? ""}`}>{status.toLowerCase().replace("_", " ")}</span>;
}
