"use client";

import { useState, useTransition } from "react";
import { createStoryFromWireAction } from "@/app/desk/stories/actions";
import styles from "./desk.module.css";

export function CreateStoryButton({ wireVersionId, version }: { wireVersionId: string; version: number }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className={styles.row}>
      <button
        type="button"
        className={`${styles.button} ${styles.primary}`}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await createStoryFromWireAction(wireVersionId);
            if (res && !res.ok) setError(res.error.message);
          })
        }
      >
        {pending ? "Creating…" : `Create story from v${version}`}
      </button>
      {error ? (
        <span role="alert" className={styles.danger}>
          {error}
        </span>
      ) : null}
    </span>
  );
}
