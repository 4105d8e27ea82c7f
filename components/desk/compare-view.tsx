import type { DiffPart, SideBySideRow } from "@/lib/diff/words";
import styles from "./desk-review.module.css";
import { DiffParts } from "./diff-parts";

/**
 * Two texts side by side, aligned by paragraph, changed words highlighted (added in
 * green, removed struck through in red). Server component: no script needed to read it.
 */
export function CompareView({
  leftTitle,
  rightTitle,
  fields = [],
  rows,
  caption,
}: {
  leftTitle: string;
  rightTitle: string;
  fields?: { label: string; parts: DiffPart[] }[];
  rows: SideBySideRow[];
  caption: string;
}) {
  return (
    <table className={styles.diffTable} data-testid="compare">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{leftTitle}</th>
          <th scope="col">{rightTitle}</th>
        </tr>
      </thead>
      <tbody>
        {fields
          .filter((f) => f.parts.some((p) => p.text.trim()))
          .map((f) => (
            <tr key={f.label} className={f.parts.some((p) => p.kind !== "same") ? styles.rowChanged : undefined}>
              <td>
                <span className={styles.fieldLabel}>{f.label}</span>
                <DiffParts parts={f.parts} side="left" />
              </td>
              <td>
                <span className={styles.fieldLabel}>{f.label}</span>
                <DiffParts parts={f.parts} side="right" />
              </td>
            </tr>
          ))}
        {rows.map((r, i) => {
          const changed = !r.left || !r.right || r.left.some((p) => p.kind !== "same") || r.right.some((p) => p.kind !== "same");
          return (
            <tr key={i} className={changed ? styles.rowChanged : undefined}>
              <td className={r.left ? undefined : styles.empty}>{r.left ? <DiffParts parts={r.left} side="left" /> : null}</td>
              <td className={r.right ? undefined : styles.empty}>
                {r.right ? <DiffParts parts={r.right} side="right" /> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
