"use client";

import { useState, useTransition } from "react";
import {
  createAnnotationAction,
  listAnnotationsAction,
  replyToAnnotationAction,
  resolveAnnotationAction,
} from "@/app/desk/stories/[id]/annotation-actions";
import type { AnnotationView } from "@/lib/services/annotations";
import styles from "./desk-review.module.css";

export const KIND_LABELS = { COMMENT: "Comment", FACT_CHECK: "Fact-check", LEGAL: "Legal", STYLE: "Style" } as const;
type Kind = keyof typeof KIND_LABELS;

export type AnnotationTargetProp = { storyId: string } | { wireVersionId: string };

type Props = {
  target: AnnotationTargetProp;
  notes: AnnotationView[];
  onNotesChange(notes: AnnotationView[]): void;
  /** Current (mapped) positions by id, for text order; falls back to the stored anchor. */
  positions: ReadonlyMap<string, { from: number; to: number }>;
  selection: { from: number; to: number; quote: string } | null;
  activeId: string | null;
  onActivate(id: string | null): void;
  canAnnotate: boolean;
};

/**
 * The notes beside a text, in text order: attach one to the selected words, reply,
 * resolve and reopen. Internal only (see lib/services/annotations.ts).
 */
export function AnnotationsSidebar({
  target,
  notes,
  onNotesChange,
  positions,
  selection,
  activeId,
  onActivate,
  canAnnotate,
  className,
}: Props & { className?: string }) {
  const [kind, setKind] = useState<Kind>("COMMENT");
  const [body, setBody] = useState("");
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const pos = (n: AnnotationView) => positions.get(n.id)?.from ?? n.anchorFrom;
  const ordered = [...notes].sort((a, b) => pos(a) - pos(b) || a.createdAt.localeCompare(b.createdAt));
  const visible = ordered.filter((n) => showResolved || !n.resolvedAt);
  const resolvedCount = notes.filter((n) => n.resolvedAt).length;

  async function refresh() {
    const res = await listAnnotationsAction(target);
    if (res.ok) {
      // Keep browser-mapped positions for notes the editor is tracking.
      onNotesChange(res.data.map((n) => ({ ...n, detached: notes.find((o) => o.id === n.id)?.detached ?? n.detached })));
    }
  }

  function add(e: React.FormEvent) {
    e.preventDefault();
    if (!selection) return;
    start(async () => {
      const res = await createAnnotationAction({
        ...target,
        kind,
        from: selection.from,
        to: selection.to,
        quote: selection.quote,
        body,
      });
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      setError(null);
      setBody("");
      onNotesChange([...notes, res.data]);
      onActivate(res.data.id);
    });
  }

  return (
    <section className={className} aria-labelledby="notes-h">
      <h2 id="notes-h">
        Notes <span className={styles.hint}>({notes.length - resolvedCount} open)</span>
      </h2>
      {canAnnotate ? (
        <form className={styles.compose} onSubmit={add} aria-label="Add a note">
          <p className={styles.hint}>
            {selection ? (
              <>
                On: <q>{selection.quote.length > 80 ? `${selection.quote.slice(0, 80)}…` : selection.quote}</q>
              </>
            ) : (
              "Select words in the text to attach a note."
            )}
          </p>
          <label htmlFor="note-kind" className="visually-hidden">
            Note kind
          </label>
          <select id="note-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {Object.entries(KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
          <label htmlFor="note-body" className="visually-hidden">
            Note
          </label>
          <textarea
            id="note-body"
            rows={2}
            value={body}
            maxLength={5000}
            placeholder="Note for the desk (never published)"
            onChange={(e) => setBody(e.target.value)}
          />
          <div>
            <button type="submit" className={styles.small} disabled={!selection || !body.trim() || pending}>
              Add note
            </button>
          </div>
          {error ? (
            <p role="alert" className={styles.detached}>
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
      {notes.length === 0 ? (
        <p className={styles.hint} style={{ padding: "0.6rem 0.75rem" }}>
          No notes yet.
        </p>
      ) : null}
      <ol className={styles.notes} aria-label="Notes in text order">
        {visible.map((n) => (
          <NoteItem
            key={n.id}
            note={n}
            active={n.id === activeId}
            onActivate={onActivate}
            canAnnotate={canAnnotate}
            onChanged={refresh}
          />
        ))}
      </ol>
      {resolvedCount > 0 ? (
        <p style={{ padding: "0.4rem 0.75rem" }}>
          <button type="button" className={styles.small} onClick={() => setShowResolved(!showResolved)}>
            {showResolved ? "Hide resolved" : `Show ${resolvedCount} resolved`}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function NoteItem({
  note,
  active,
  onActivate,
  canAnnotate,
  onChanged,
}: {
  note: AnnotationView;
  active: boolean;
  onActivate(id: string | null): void;
  canAnnotate: boolean;
  onChanged(): Promise<void>;
}) {
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const [pending, start] = useTransition();
  const kind = note.kind as Kind;
  return (
    <li
      className={`${styles.note} ${active ? styles.noteActive : ""} ${note.resolvedAt ? styles.noteResolved : ""}`}
      data-testid="annotation"
      aria-current={active ? "true" : undefined}
      onClick={() => onActivate(note.id)}
    >
      <div className={styles.noteHead}>
        <span className={`${styles.kind} ${styles[`kind_${kind}`]}`}>{KIND_LABELS[kind] ?? kind}</span>
        <span>{note.author.name}</span>
        <time dateTime={note.createdAt}>
          {new Date(note.createdAt).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}
        </time>
        {note.resolvedAt ? <span>· resolved{note.resolvedBy ? ` by ${note.resolvedBy.name}` : ""}</span> : null}
      </div>
      <p className={styles.quote}>{note.quote}</p>
      {note.detached ? <p className={styles.detached}>The words this note was on have changed.</p> : null}
      <p className={styles.noteBody}>{note.body}</p>
      {note.replies.length ? (
        <ul className={styles.replies} aria-label="Replies">
          {note.replies.map((r) => (
            <li key={r.id}>
              <strong>{r.author.name}:</strong> {r.body}
            </li>
          ))}
        </ul>
      ) : null}
      {canAnnotate ? (
        <div style={{ display: "flex", gap: "0.4rem" }}>
          <button type="button" className={styles.small} onClick={() => setReplying(!replying)}>
            Reply
          </button>
          <button
            type="button"
            className={styles.small}
            disabled={pending}
            onClick={(e) => {
              e.stopPropagation();
              start(async () => {
                const res = await resolveAnnotationAction(note.id, !note.resolvedAt);
                if (res.ok) await onChanged();
              });
            }}
          >
            {note.resolvedAt ? "Reopen" : "Resolve"}
          </button>
        </div>
      ) : null}
      {replying ? (
        <form
          className={styles.replyForm}
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const res = await replyToAnnotationAction(note.id, reply);
              if (res.ok) {
                setReply("");
                setReplying(false);
                await onChanged();
              }
            });
          }}
        >
          <label htmlFor={`reply-${note.id}`} className="visually-hidden">
            Reply
          </label>
          <textarea id={`reply-${note.id}`} rows={2} value={reply} maxLength={5000} onChange={(e) => setReply(e.target.value)} />
          <div>
            <button type="submit" className={styles.small} disabled={!reply.trim() || pending}>
              Send reply
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
