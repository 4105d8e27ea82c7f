import { formatDate, formatDateTime } from "@/lib/format";
import styles from "./public.module.css";

/**
 * The article body as readers see it: dateline, the sanitized story HTML (from
 * renderStoryHtml) and the credit line. Shared by the public article page and the desk
 * preview, so the preview is identical by construction.
 */
export function ArticleBody({
  datelinePlace,
  datelineDate,
  html,
  credit,
}: {
  datelinePlace: string;
  datelineDate: Date | null;
  html: string;
  credit: string;
}) {
  return (
    <div className={styles.body}>
      {datelinePlace ? (
        <p className={styles.datelineLine}>
          <span className={styles.datelinePlace}>{datelinePlace.toUpperCase()} — </span>
          {datelineDate ? <time dateTime={datelineDate.toISOString()}>{formatDate(datelineDate)}</time> : null}
        </p>
      ) : null}
      <div dangerouslySetInnerHTML={{ __html: html }} />
      {credit ? <p className={styles.credit}>{credit}</p> : null}
    </div>
  );
}

/** The public correction notes, each with its time (article page and desk preview). */
export function ArticleCorrections({ corrections }: { corrections: { createdAt: Date; note: string }[] }) {
  if (corrections.length === 0) return null;
  return (
    <aside className={styles.corrections} aria-labelledby="corrections-head">
      <h2 id="corrections-head">Corrections</h2>
      {corrections.map((c) => (
        <p key={`${c.createdAt.toISOString()} ${c.note}`}>
          <time dateTime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>: {c.note}
        </p>
      ))}
    </aside>
  );
}
