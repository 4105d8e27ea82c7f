"use client";

import { useActionState } from "react";
import desk from "@/components/desk/desk.module.css";
import { inviteUserAction } from "@/app/desk/admin/users/actions";
import { IssuedLink } from "./issued-link";
import styles from "./admin.module.css";

export function InviteUserForm() {
  const [state, action, pending] = useActionState(inviteUserAction, null);
  const fieldError = (name: string) => (state && !state.ok ? state.error.fieldErrors?.[name]?.[0] : undefined);
  return (
    <form action={action} className={styles.narrow} aria-describedby="invite-help">
      <p id="invite-help" className={desk.muted} style={{ marginTop: 0 }}>
        Creates the account and a one-time link (valid 72 hours) with which they choose their own password.
      </p>
      <div className={desk.field}>
        <label htmlFor="invite-name">Name</label>
        <input id="invite-name" name="name" required maxLength={120} aria-invalid={!!fieldError("name")} />
        {fieldError("name") ? <p className={styles.error}>{fieldError("name")}</p> : null}
      </div>
      <div className={desk.field}>
        <label htmlFor="invite-email">Email</label>
        <input id="invite-email" name="email" type="email" required maxLength={320} aria-invalid={!!fieldError("email")} />
        {fieldError("email") ? <p className={styles.error}>{fieldError("email")}</p> : null}
      </div>
      <div className={desk.field}>
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" name="role" defaultValue="REPORTER">
          <option value="REPORTER">Reporter</option>
          <option value="EDITOR">Editor</option>
          <option value="ADMIN">Admin</option>
        </select>
      </div>
      <button type="submit" className={`${desk.button} ${desk.primary}`} disabled={pending}>
        {pending ? "Inviting…" : "Create and invite"}
      </button>
      {state && !state.ok && !state.error.fieldErrors ? (
        <p role="alert" className={styles.error}>
          {state.error.message}
        </p>
      ) : null}
      {state?.ok ? <IssuedLink label={`Invite link for ${state.data.email}`} {...state.data} /> : null}
    </form>
  );
}
