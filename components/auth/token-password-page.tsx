import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import styles from "@/components/auth/login.module.css";
import { SetPasswordForm } from "@/components/admin/set-password-form";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import type { inspectAuthToken } from "@/lib/services/users";

/** The token is in the URL: never index such a page, never send the URL on in a Referer. */
export function tokenPageMetadata(title: string): Metadata {
  return { title, robots: { index: false, follow: false }, referrer: "no-referrer" };
}

type TokenState = Awaited<ReturnType<typeof inspectAuthToken>>;
type Valid = Extract<TokenState, { valid: true }>;

/** A one-time link's page (invite, password reset): choose a password, or say the link is spent. */
export function TokenPasswordPage({
  title,
  state,
  intro,
  action,
  submitLabel,
}: {
  title: string;
  state: TokenState;
  intro(state: Valid): ReactNode;
  action: Parameters<typeof SetPasswordForm>[0]["action"];
  submitLabel: string;
}) {
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <h1>{title}</h1>
        {state.valid ? (
          <>
            <p>{intro(state)}</p>
            <SetPasswordForm
              action={action}
              email={state.email}
              submitLabel={submitLabel}
              min={PASSWORD_MIN}
              max={PASSWORD_MAX}
            />
          </>
        ) : (
          <p role="alert">
            This link has expired or was already used. Ask an admin for a new one. <Link href="/login">Sign in</Link>
          </p>
        )}
      </div>
    </main>
  );
}
