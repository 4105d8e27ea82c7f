import type { Metadata } from "next";
import Link from "next/link";
import { resetPasswordAction } from "@/app/reset-password/actions";
import styles from "@/components/auth/login.module.css";
import { SetPasswordForm } from "@/components/admin/set-password-form";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import { inspectAuthToken } from "@/lib/services/users";

// The token is in the URL: never index, never send it on in a Referer.
export const metadata: Metadata = {
  title: "Choose a new password",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await inspectAuthToken(token, "PASSWORD_RESET");
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <h1>Choose a new password</h1>
        {state.valid ? (
          <>
            <p>For {state.email}. Every existing session of this account will end.</p>
            <SetPasswordForm
              action={resetPasswordAction.bind(null, token)}
              email={state.email}
              submitLabel="Set new password"
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
