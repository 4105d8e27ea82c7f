"use client";

import { useEffect, useId, useState, useTransition } from "react";
import { appendWireToStoryAction, listAppendTargetsAction } from "@/app/desk/wire/append-actions";
import styles from "./desk.module.css";

type Target = { id: string; headline: string; status: string };

/** "Add to an existing story": pick a story, append this wire version's text to it as a revision. */
export function AppendToStory({ wireVersionId }: { wireVersionId: string }) {
  const uid = useId();
  const [q, setQ] = useState("");
  const [targets, setTargets] = useState<Target[]>([]);
  const [chosen, setChosen] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void listAppendTargetsAction(q).then((res) => {
        if (!live) return;
        if (res.ok) {
          setTargets(res.data);
          setChosen((c) => (res.data.some((t) => t.id === c) ? c : (res.data[0]?.id ?? "")));
        } else setError(res.error.message);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  return (
    <form
      aria-label="Add to an existing story"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen) return;
        start(async () => {
          const res = await appendWireToStoryAction(chosen, wireVersionId);
          if (!res.ok) setError(res.error.message);
        });
      }}
      style={{ marginTop: "0.75rem" }}
    >
      <div className={styles.field}>
        <label htmlFor={`${uid}-q`}>Add to an existing story</label>
        <input
          id={`${uid}-q`}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Find a story by headline"
          maxLength={200}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor={`${uid}-story`} className="visually-hidden">
          Story
        </label>
        <select id={`${uid}-story`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {targets.length === 0 ? <option value="">No story you can edit</option> : null}
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.headline} ({t.status.toLowerCase().replace("_", " ")})
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.noticeDanger}`}>
          {error}
        </p>
      ) : null}
      <button type="submit" className={styles.button} disabled={pending || !chosen}>
        {pending ? "Adding…" : "Append wire text"}
      </button>
    </form>
  );
}
