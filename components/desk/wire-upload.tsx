"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "./desk.module.css";

type Outcome =
  | { status: "imported" | "updated" | "duplicate"; guid: string; version: number; itemId: string; headline: string }
  | { status: "failed"; reason: string; code: string };
type Report = { file: string; outcomes: Outcome[] };

/** Multi-file upload with progress and a report per file (XHR, for upload progress events). */
export function WireUpload() {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [reports, setReports] = useState<Report[]>([]);
  const [error, setError] = useState<string | null>(null);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    setReports([]);
    setProgress(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/desk/wire/import");
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(Math.round((ev.loaded / ev.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      const body = JSON.parse(xhr.responseText || "{}") as { reports?: Report[]; error?: { message: string } };
      if (xhr.status >= 400 || !body.reports) setError(body.error?.message ?? `Upload failed (${xhr.status})`);
      else {
        setReports(body.reports);
        router.refresh();
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("The upload did not reach the server. Check your connection and try again.");
    };
    xhr.send(form);
  }

  return (
    <form onSubmit={onSubmit} className={styles.sideSection} aria-label="Upload wire copy">
      <div className={styles.field}>
        <label htmlFor="wire-files">Agency files</label>
        <input id="wire-files" name="files" type="file" multiple required />
      </div>
      <button className={`${styles.button} ${styles.primary}`} disabled={progress !== null}>
        Import
      </button>
      {progress !== null ? <progress className={styles.progress} max={100} value={progress} aria-label="Upload progress" /> : null}
      {error ? <p role="alert" className={`${styles.notice} ${styles.noticeDanger}`}>{error}</p> : null}
      {reports.length > 0 ? (
        <ul className={styles.uploadReport} aria-label="Import report" data-testid="import-report">
          {reports.flatMap((r) =>
            r.outcomes.map((o, i) => (
              <li key={`${r.file}-${i}`}>
                <strong>{r.file}</strong>:{" "}
                {o.status === "failed" ? (
                  <span className={styles.danger}>failed — {o.reason}</span>
                ) : (
                  <>
                    {o.status} · <a href={`/desk/wire/${o.itemId}`}>{o.headline}</a> (v{o.version})
                  </>
                )}
              </li>
            )),
          )}
        </ul>
      ) : null}
    </form>
  );
}
