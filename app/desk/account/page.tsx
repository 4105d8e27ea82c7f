import type { Metadata } from "next";
import styles from "@/components/desk/desk.module.css";
import { AccountForms } from "@/components/admin/account-forms";
import { requireUser } from "@/lib/auth/session";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/desk/account");
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Your account</h1>
        <span className={styles.muted}>
          {user.name} · {user.email} · {user.role.toLowerCase()}
        </span>
      </div>
      <AccountForms min={PASSWORD_MIN} max={PASSWORD_MAX} />
    </>
  );
}
