import styles from "./desk.module.css";
import { AutosaveStatus, type AutosaveState } from "./autosave";

/**
 * The story form's workflow column: Save (joins the text form by id), the autosave state,
 * the transitions this person may make, the preview link and the correction note.
 */
export function StoryWorkflowPanel({
  storyId,
  formId,
  canEdit,
  pending,
  saving,
  dirty,
  autosave,
  transitions,
  onTransition,
  correctionNote,
  onCorrectionNoteChange,
}: {
  storyId: string;
  formId: string;
  canEdit: boolean;
  pending: boolean;
  saving: boolean;
  dirty: boolean;
  autosave: AutosaveState;
  transitions: { name: string; label: string }[];
  onTransition: (name: string) => void;
  correctionNote: string;
  onCorrectionNoteChange: (note: string) => void;
}) {
  return (
    <section className={styles.panel} aria-labelledby="workflow-h">
      <h2 id="workflow-h">Workflow</h2>
      <div className={`${styles.sideSection} ${styles.row}`}>
        {canEdit ? (
          <button type="submit" form={formId} className={`${styles.button} ${styles.primary}`} disabled={pending || saving}>
            {pending || saving ? "Saving…" : dirty ? "Save" : "Saved"}
          </button>
        ) : null}
        {canEdit ? <AutosaveStatus state={autosave} /> : null}
        {transitions.map((t) => (
          <button
            key={t.name}
            type="button"
            className={`${styles.button} ${t.name === "kill" ? styles.danger : ""}`}
            disabled={pending || saving}
            onClick={() => onTransition(t.name)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className={styles.sideSection}>
        <a
          href={`/desk/stories/${storyId}/preview`}
          target="_blank"
          rel="noopener"
          className={styles.button}
          data-testid="preview-link"
        >
          Preview as published ↗
        </a>
        {transitions.some((t) => t.name === "republish") ? (
          <div className={styles.field} style={{ marginTop: "0.75rem", marginBottom: 0 }}>
            <label htmlFor="correction-note">Correction note (public, optional)</label>
            <textarea
              id="correction-note"
              rows={2}
              maxLength={2000}
              value={correctionNote}
              onChange={(e) => onCorrectionNoteChange(e.target.value)}
              placeholder="An earlier version of this story misstated…"
            />
          </div>
        ) : null}
      </div>
    </section>
  );
}
