"use client";

import { diffBlocksSideBySide } from "@/lib/diff/words";
import { docToBlockTexts } from "@/lib/diff/doc-blocks";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import styles from "./desk-review.module.css";
import { DiffParts } from "./diff-parts";

export type SavedStory = {
  version: number;
  headline: string;
  standfirst: string;
  byline: string;
  datelinePlace: string;
  body: StoryDoc;
  updatedAt: string;
};

/**
 * Shown when a save was refused because someone saved first: both texts side by side,
 * word-level. The user's text is never dropped: "Keep mine" saves it on top (the other
 * version stays a revision), "Load theirs" puts their text in the editor while this panel
 * keeps showing mine (and the browser draft keeps it too).
 */
export function StaleSavePanel({
  mine,
  theirs,
  onKeepMine,
  onLoadTheirs,
  onDismiss,
  loadedTheirs,
}: {
  mine: { headline: string; body: StoryDoc };
  theirs: SavedStory;
  onKeepMine(): void;
  onLoadTheirs(): void;
  onDismiss(): void;
  loadedTheirs: boolean;
}) {
  const rows = diffBlocksSideBySide(
    [theirs.headline, ...docToBlockTexts(theirs.body)],
    [mine.headline, ...docToBlockTexts(mine.body)],
  );
  return (
    <section className={styles.conflict} aria-labelledby="stale-h" data-testid="stale-save">
      <h2 id="stale-h">
        Someone else saved this story (version {theirs.version}) after you opened it. Nothing of yours was lost.
      </h2>
      <div className={styles.conflictBody}>
        <div className={styles.row} style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
          <button type="button" className={styles.small} onClick={onKeepMine}>
            Keep my text (save it over version {theirs.version})
          </button>
          {!loadedTheirs ? (
            <button type="button" className={styles.small} onClick={onLoadTheirs}>
              Load their text into the editor
            </button>
          ) : null}
          <button type="button" className={styles.small} onClick={onDismiss}>
            Close
          </button>
        </div>
        <table className={styles.diffTable}>
          <thead>
            <tr>
              <th scope="col">Saved by someone else (v{theirs.version})</th>
              <th scope="col">Your text</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td className={r.left ? undefined : styles.empty}>
                  <DiffParts parts={r.left} />
                </td>
                <td className={r.right ? undefined : styles.empty}>
                  <DiffParts parts={r.right} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
