"use client";

import { useActionState, useId } from "react";
import type { ActionResult } from "@/lib/action";
import styles from "./desk.module.css";
import ingest from "./ingest.module.css";

export type FeedFormValues = { name: string; url: string; intervalSeconds: number; enabled: boolean };

type Props = {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<{ id: string }>>;
  initial?: FeedFormValues;
  submitLabel: string;
};

/** Add or edit a polled feed. The server validates again (URL scheme, private addresses, interval). */
export function FeedForm({ action, initial, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const uid = useId();
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;
  const field = (name: keyof FeedFormValues) => ({
    id: `${uid}-${name}`,
    name,
    "aria-invalid": errors?.[name] ? true : undefined,
    "aria-describedby": errors?.[name] ? `${uid}-${name}-error` : undefined,
  });
  const fieldError = (name: keyof FeedFormValues) =>
    errors?.[name] ? (
      <span id={`${uid}-${name}-error`} className={ingest.errorText}>
        {errors[name]?.[0]}
      </span>
    ) : null;
  return (
    <form action={formAction} aria-label={submitLabel}>
      <div className={styles.field}>
        <label htmlFor={`${uid}-name`}>Name</label>
        <input {...field("name")} defaultValue={initial?.name} required maxLength={120} />
        {fieldError("name")}
      </div>
      <div className={styles.field}>
        <label htmlFor={`${uid}-url`}>Feed URL (RSS, Atom or ninjs)</label>
        <input {...field("url")} type="url" defaultValue={initial?.url} required maxLength={2000} placeholder="https://…" />
        {fieldError("url")}
      </div>
      <div className={styles.field}>
        <label htmlFor={`${uid}-intervalSeconds`}>Poll every (seconds)</label>
        <input
          {...field("intervalSeconds")}
          type="number"
          min={60}
          max={86400}
          step={1}
          defaultValue={initial?.intervalSeconds ?? 300}
          required
        />
        {fieldError("intervalSeconds")}
      </div>
      <label className={ingest.checkbox}>
        <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} /> Enabled
      </label>
      <button className={`${styles.button} ${styles.primary}`} disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </button>
      {state && !state.ok ? (
        <p role="alert" className={`${ingest.message} ${ingest.failed}`}>
          {state.error.message}
        </p>
      ) : state?.ok ? (
        <p role="status" className={ingest.message}>
          Saved. A poll is on its way.
        </p>
      ) : null}
    </form>
  );
}

export function DeleteFeedButton({ action, name }: { action: () => Promise<ActionResult<{ id: string }>>; name: string }) {
  const [state, formAction, pending] = useActionState(async () => action(), null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`Remove the feed “${name}”? Items already received stay.`)) e.preventDefault();
      }}
    >
      <button className={`${styles.button} ${styles.danger}`} disabled={pending}>
        Remove
      </button>
      {state && !state.ok ? (
        <p role="alert" className={ingest.errorText}>
          {state.error.message}
        </p>
      ) : null}
    </form>
  );
}
