"use client";

import { useActionState } from "react";
import desk from "@/components/desk/desk.module.css";
import { changeOwnPasswordAction, signOutEverywhereAction } from "@/app/desk/account/actions";
import styles from "./admin.module.css";

export function AccountForms({ min, max }: { min: number; max: number }) {
  const [state, action, pending] = useActionState(changeOwnPasswordAction, null);
  const [outState, outAction, outPending] = useActionState(signOutEverywhereAction, null);
  const fieldError = (name: string) => (state && !state.ok ? state.error.fieldErrors?.[name]?.[0] : undefined);
  return (
    <div className={desk.columns}>
      <section className={desk.panel} aria-labelledby="pw-head">
        <h2 id="pw-head">Change password</h2>
        <form action={action} className={`${desk.sideSection} ${styles.narrow}`}>
          <div className={desk.field}>
            <label htmlFor="pw-current">Current password</label>
            <input
              id="pw-current"
              name="current"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={!!fieldError("current")}
            />
            {fieldError("current") ? <p className={styles.error}>{fieldError("current")}</p> : null}
          </div>
          <div className={desk.field}>
            <label htmlFor="pw-next">New password</label>
            <input
              id="pw-next"
              name="next"
              type="password"
              autoComplete="new-password"
              required
              minLength={min}
              maxLength={max}
              aria-describedby="pw-rules"
              aria-invalid={!!fieldError("next")}
            />
            <small id="pw-rules" className={desk.muted}>
              {min}–{max} characters; very common passwords are refused.
            </small>
            {fieldError("next") ? <p className={styles.error}>{fieldError("next")}</p> : null}
          </div>
          <button type="submit" className={`${desk.button} ${desk.primary}`} disabled={pending}>
            {pending ? "Saving…" : "Change password"}
          </button>
          <p className={desk.muted}>Every session ends, this one included; you then sign in with the new password.</p>
          {state && !state.ok && !state.error.fieldErrors ? (
            <p role="alert" className={styles.error}>
              {state.error.message}
            </p>
          ) : null}
        </form>
      </section>
      <section className={desk.panel} aria-labelledby="out-head">
        <h2 id="out-head">Sessions</h2>
        <form action={outAction} className={desk.sideSection}>
          <p style={{ marginTop: 0 }}>
            Signed in on a shared or lost device? End every session of your account, on every device.
          </p>
          <button type="submit" className={desk.button} disabled={outPending}>
            Sign out everywhere
          </button>
          {outState && !outState.ok ? (
            <p role="alert" className={styles.error}>
              {outState.error.message}
            </p>
          ) : null}
        </form>
      </section>
    </div>
  );
}
