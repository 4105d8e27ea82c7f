"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "./desk.module.css";
import ingest from "./ingest.module.css";

type Outcome =
  | { status: "imported" | "updated" | "duplicate"; guid: string; version: number; itemId: string; headline: string }
  | { status: "failed"; reason: string; code: string };
type Report = { file: string; outcomes: Outcome[] };

const STATUSES = ["imported", "updated", "duplicate", "failed"] as const;

/**
 * Multi-file (or .zip) upload with progress and a report per file, archive entries named
 * `archive.zip/inner/file.xml` (XHR, for upload progress events).
 */
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
        <input
          id="wire-files"
          name="files"
          type="file"
          multiple
          required
          aria-describedby="wire-files-hint"
          className={ingest.fileInput}
        />
      </div>
      <p id="wire-files-hint" className={ingest.hint}>
        Any number of files, or .zip archives of them. Formats are recognised from the content.
      </p>
      <button className={`${styles.button} ${styles.primary}`} disabled={progress !== null}>
        Import
      </button>
      {progress !== null ? (
        <>
          <progress className={styles.progress} max={100} value={progress} aria-label="Upload progress" />
          <p className={ingest.hint} aria-live="polite">
            {progress < 100 ? `Uploading… ${progress}%` : "Importing…"}
          </p>
        </>
      ) : null}
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.noticeDanger}`}>
          {error}
        </p>
      ) : null}
      {reports.length > 0 ? <ImportReport reports={reports} /> : null}
    </form>
  );
}

function ImportReport({ reports }: { reports: Report[] }) {
  const rows = reports.flatMap((r) =>
    (r.outcomes.length > 0 ? r.outcomes : [{ status: "failed", reason: "no items found", code: "EMPTY" } as const]).map(
      (o, i) => ({ file: r.file, o, key: `${r.file}-${i}` }),
    ),
  );
  const counts = Object.fromEntries(STATUSES.map((s) => [s, rows.filter((r) => r.o.status === s).length])) as Record<
    (typeof STATUSES)[number],
    number
  >;
  return (
    <div data-testid="import-report">
      <p className={ingest.summary} role="status">
        {STATUSES.map((s) => (
          <span key={s} className={ingest[s]}>
            {counts[s]} {s}
          </span>
        ))}
      </p>
      <ul className={ingest.report} aria-label="Import report">
        {rows.map(({ file, o, key }) => (
          <li key={key}>
            <span className={`${ingest.status} ${ingest[o.status]}`}>{o.status}</span>
            <span>
              <span className={ingest.file}>{file}</span>
              <br />
              {o.status === "failed" ? (
                <span className={ingest.failed}>{o.reason}</span>
              ) : (
                <>
                  <a href={`/desk/wire/${o.itemId}`}>{o.headline}</a> <span className={styles.muted}>v{o.version}</span>
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
