"use client";

import { useState, useTransition } from "react";
import { changeUserRoleAction, issuePasswordResetAction, setUserActiveAction } from "@/app/desk/admin/users/actions";
import { IssuedLink } from "./issued-link";
import styles from "./admin.module.css";

type Row = { id: string; name: string; role: "ADMIN" | "EDITOR" | "REPORTER"; active: boolean };
type Link = { url: string; expiresAt: string; mailed: boolean; mailNote: string | null };

export function UserRowActions({ user }: { user: Row }) {
  const [pending, start] = useTransition();
  const [role, setRole] = useState(user.role);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<Link | null>(null);

  const run = (fn: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) =>
    start(async () => {
      setError(null);
      const r = await fn();
      if (!r.ok) setError(r.error.message);
    });

  return (
    <div>
      <div className={styles.actions}>
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>
          Role for {user.name}
        </label>
        <select
          id={`role-${user.id}`}
          className={styles.select}
          value={role}
          onChange={(e) => setRole(e.target.value as Row["role"])}
          disabled={pending}
        >
          <option value="REPORTER">Reporter</option>
          <option value="EDITOR">Editor</option>
          <option value="ADMIN">Admin</option>
        </select>
        <button
          type="button"
          className={styles.small}
          disabled={pending || role === user.role}
          onClick={() =>
            run(async () => {
              const r = await changeUserRoleAction(user.id, role);
              if (!r.ok) setRole(user.role);
              return r;
            })
          }
        >
          Change role
        </button>
        <button
          type="button"
          className={styles.small}
          disabled={pending}
          onClick={() => run(() => setUserActiveAction(user.id, !user.active))}
        >
          {user.active ? "Deactivate" : "Reactivate"}
        </button>
        {user.active ? (
          <button
            type="button"
            className={styles.small}
            disabled={pending}
            onClick={() =>
              run(async () => {
                const r = await issuePasswordResetAction(user.id);
                if (r.ok) setLink(r.data);
                return r;
              })
            }
          >
            Reset link
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      {link ? <IssuedLink label={`One-time link for ${user.name}`} {...link} /> : null}
    </div>
  );
}
