import type { DiffPart } from "@/lib/diff/words";
import styles from "./desk-review.module.css";

/**
 * Word-level diff parts: added words in <ins>, removed in <del>. With `side`, only what that
 * side of a side-by-side view shows (the old text has no additions, the new no removals).
 */
export function DiffParts({ parts, side }: { parts: DiffPart[] | null; side?: "left" | "right" }) {
  if (!parts) return null;
  const shown = side ? parts.filter((p) => p.kind !== (side === "left" ? "added" : "removed")) : parts;
  return (
    <>
      {shown.map((p, i) =>
        p.kind === "added" ? (
          <ins key={i} className={styles.added}>
            {p.text}
          </ins>
        ) : p.kind === "removed" ? (
          <del key={i} className={styles.removed}>
            {p.text}
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
