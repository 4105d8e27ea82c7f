"use client";

import { useId, useState } from "react";
import styles from "./admin.module.css";

/** A one-time link for the admin to pass on; it is shown once and never stored in clear. */
export function IssuedLink({
  label,
  url,
  expiresAt,
  mailed,
  mailNote,
}: {
  label: string;
  url: string;
  expiresAt: string;
  mailed: boolean;
  mailNote: string | null;
}) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className={styles.linkBox} role="status" data-testid="issued-link">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <div className={styles.actions}>
        <button
          type="button"
          className={styles.small}
          onClick={() =>
            void navigator.clipboard?.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy link"}
        </button>
        <small>
          Works once, until {new Date(expiresAt).toUTCString()}.{" "}
          {mailed ? "Also sent by email." : `Not emailed (${mailNote ?? "no mail server"}): pass it on yourself.`}
        </small>
      </div>
    </div>
  );
}
