"use client";

import { useEffect, useState, useTransition } from "react";
import { acceptSuggestionAction, listSuggestionsAction, rejectSuggestionAction } from "@/app/desk/tags/actions";
import type { SuggestionView } from "@/lib/services/suggestions";
import styles from "./tagging.module.css";
import desk from "./desk.module.css";
import type { PickedTag } from "./tag-picker";

const KIND: Record<string, string> = {
  MEDIA_TOPIC: "Topic",
  PERSON: "Person",
  ORGANISATION: "Organisation",
  PLACE: "Place",
  KEYWORD: "Keyword",
};
const ORIGIN: Record<string, string> = { entity: "found in text", text: "matched from text", agency: "agency subject code" };

const POLL_MS = 1_000;

/**
 * Tags proposed offline for this story. Reloads after each save (`refreshKey`): the server
 * recomputes in the background, and the list is fetched again until that has finished.
 */
export function TagSuggestions({
  storyId,
  refreshKey,
  canEdit,
  onAccepted,
}: {
  storyId: string;
  refreshKey: number;
  canEdit: boolean;
  /** The tag, and the story versions before and after the accept (the server wrote it). */
  onAccepted: (tag: PickedTag, versions: { from: number; to: number }) => void;
}) {
  const [items, setItems] = useState<SuggestionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const load = () =>
      void listSuggestionsAction(storyId).then((res) => {
        if (!live) return;
        if (!res.ok) {
          setError(res.error.message);
          return;
        }
        setItems(res.data.items);
        setError(null);
        // Recomputed in the background after a save: look again shortly rather than hold a
        // request open (the browser sends server actions one at a time; a save would queue).
        if (res.data.computing) timer = window.setTimeout(load, POLL_MS);
      });
    load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [storyId, refreshKey]);

  function decide(s: SuggestionView, accept: boolean) {
    start(async () => {
      const res = accept ? await acceptSuggestionAction(s.id) : await rejectSuggestionAction(s.id);
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      setItems((list) => (list ?? []).filter((x) => x.id !== s.id));
      if (accept && "tag" in res.data) onAccepted(res.data.tag, { from: res.data.previousVersion, to: res.data.version });
    });
  }

  return (
    <div aria-labelledby="suggestions-h" data-testid="tag-suggestions">
      <h3 id="suggestions-h" className={styles.group} style={{ padding: "0.5rem 0 0.25rem" }}>
        Suggested
      </h3>
      {error ? <p className={`${desk.notice} ${desk.noticeDanger}`}>{error}</p> : null}
      {items === null ? <p className={desk.muted}>Finding suggestions…</p> : null}
      {items?.length === 0 ? <p className={desk.muted}>No suggestions.</p> : null}
      <ul className={styles.suggestions}>
        {items?.map((s) => (
          <li key={s.id} className={styles.suggestion}>
            <span title={ORIGIN[s.origin] ?? s.origin}>
              {s.name} <small>{KIND[s.kind]}</small>
            </span>
            <span className={styles.score} title="Confidence">
              {Math.round(s.score * 100)}
            </span>
            {canEdit ? (
              <>
                <button
                  type="button"
                  className={styles.mini}
                  disabled={pending}
                  onClick={() => decide(s, true)}
                  aria-label={`Accept ${s.name}`}
                >
                  Add
                </button>
                <button
                  type="button"
                  className={styles.mini}
                  disabled={pending}
                  onClick={() => decide(s, false)}
                  aria-label={`Reject ${s.name}`}
                >
                  ✕
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
