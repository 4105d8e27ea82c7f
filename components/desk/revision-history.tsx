"use client";

import Link from "@/components/desk/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreRevisionAction } from "@/app/desk/stories/[id]/history/actions";
import styles from "./desk-review.module.css";
import desk from "./desk.module.css";

export type RevisionItem = { number: number; kind: string; status: string; createdAt: string; author: string | null };

const KIND_TEXT: Record<string, string> = {
  CREATE: "Created",
  SAVE: "Saved",
  AUTOSAVE: "Autosave",
  TRANSITION: "Status",
  PUBLISH: "Published",
  RESTORE: "Restored",
  TAKEOVER: "Taken over",
};

/** The timeline: pick any two revisions to compare, or restore one (as a new revision). */
export function RevisionHistory({
  storyId,
  version,
  revisions,
  canRestore,
}: {
  storyId: string;
  version: number;
  revisions: RevisionItem[];
  canRestore: boolean;
}) {
  const router = useRouter();
  const [a, setA] = useState(revisions[1]?.number ?? revisions[0]?.number ?? 1);
  const [b, setB] = useState(revisions[0]?.number ?? 1);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();

  function restore(n: number) {
    if (!window.confirm(`Restore revision ${n}? The current text stays in the history.`)) return;
    start(async () => {
      const res = await restoreRevisionAction(storyId, n, version);
      if (res.ok) {
        setMessage({ ok: true, text: `Restored revision ${n} as version ${res.data.version}.` });
        router.refresh();
      } else setMessage({ ok: false, text: res.error.message });
    });
  }

  const options = revisions.map((r) => (
    <option key={r.number} value={r.number}>
      #{r.number} {KIND_TEXT[r.kind] ?? r.kind} ·{" "}
      {new Date(r.createdAt).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}
    </option>
  ));

  return (
    <>
      {message ? (
        <p role="status" className={`${desk.notice} ${message.ok ? desk.noticeOk : desk.noticeDanger}`}>
          {message.text}
        </p>
      ) : null}
      <form
        className={styles.toolbar}
        onSubmit={(e) => {
          e.preventDefault();
          router.push(`/desk/stories/${storyId}/compare?a=${a}&b=${b}`);
        }}
        aria-label="Compare two revisions"
      >
        <label htmlFor="rev-a">Compare</label>
        <select id="rev-a" value={a} onChange={(e) => setA(Number(e.target.value))}>
          {options}
        </select>
        <label htmlFor="rev-b">with</label>
        <select id="rev-b" value={b} onChange={(e) => setB(Number(e.target.value))}>
          {options}
        </select>
        <button type="submit" className={desk.button}>
          Compare
        </button>
      </form>
      <section className={desk.panel} aria-labelledby="timeline-h">
        <h2 id="timeline-h">{revisions.length} revisions, newest first</h2>
        <ol className={styles.timeline} reversed>
          {revisions.map((r, i) => (
            <li key={r.number} data-testid="revision">
              <span className={desk.muted}>#{r.number}</span>
              <span className={styles.revKind}>{KIND_TEXT[r.kind] ?? r.kind}</span>
              <span>
                {r.author ?? "system"} ·{" "}
                <time dateTime={r.createdAt}>
                  {new Date(r.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" })}
                </time>{" "}
                <span className={desk.muted}>· {r.status.toLowerCase().replace("_", " ")}</span>
              </span>
              <span style={{ display: "flex", gap: "0.4rem" }}>
                {revisions[i + 1] ? (
                  <Link
                    className={styles.small}
                    href={`/desk/stories/${storyId}/compare?a=${revisions[i + 1]!.number}&b=${r.number}`}
                  >
                    Changes
                  </Link>
                ) : null}
                {canRestore && i > 0 ? (
                  <button type="button" className={styles.small} disabled={pending} onClick={() => restore(r.number)}>
                    Restore
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
