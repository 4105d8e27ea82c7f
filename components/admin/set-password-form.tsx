"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/action";
import styles from "@/components/auth/login.module.css";

type Action = (prev: unknown, form: FormData) => Promise<ActionResult<null>>;

/** Used by the invite and password-reset pages; the server applies the same rules. */
export function SetPasswordForm({
  action,
  email,
  submitLabel,
  min,
  max,
}: {
  action: Action;
  email: string;
  submitLabel: string;
  min: number;
  max: number;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [mismatch, setMismatch] = useState(false);
  const error = state && !state.ok ? (state.error.fieldErrors?.password?.[0] ?? state.error.message) : null;
  return (
    <form
      className={styles.form}
      action={formAction}
      onSubmit={(e) => {
        const f = new FormData(e.currentTarget);
        const differ = f.get("password") !== f.get("confirm");
        setMismatch(differ);
        if (differ) e.preventDefault();
      }}
    >
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={min}
        maxLength={max}
        aria-describedby="pw-rules"
        autoFocus
      />
      <small id="pw-rules">
        {min}–{max} characters; very common passwords are refused.
      </small>
      <label htmlFor="confirm-password">Repeat it</label>
      <input id="confirm-password" name="confirm" type="password" autoComplete="new-password" required />
      {mismatch || error ? (
        <p role="alert" className={styles.error}>
          {mismatch ? "The two passwords differ" : error}
        </p>
      ) : null}
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
