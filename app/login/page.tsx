import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import styles from "@/components/auth/login.module.css";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { siteUrl } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await getCurrentUser()) redirect("/desk");
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <h1>Wiredesk</h1>
        <p>Sign in to the newsroom.</p>
        <LoginForm callbackUrl={safeRedirectPath(callbackUrl, siteUrl())} />
      </div>
    </main>
  );
}
