import type { Metadata } from "next";
import Link from "next/link";
import { acceptInviteAction } from "@/app/invite/actions";
import styles from "@/components/auth/login.module.css";
import { SetPasswordForm } from "@/components/admin/set-password-form";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import { inspectAuthToken } from "@/lib/services/users";

// The token is in the URL: never index, never send it on in a Referer.
export const metadata: Metadata = {
  title: "Join the newsroom",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await inspectAuthToken(token, "INVITE");
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <h1>Join the newsroom</h1>
        {state.valid ? (
          <>
            <p>
              Welcome, {state.name}. Choose a password for {state.email}.
            </p>
            <SetPasswordForm
              action={acceptInviteAction.bind(null, token)}
              email={state.email}
              submitLabel="Set password and continue"
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
