"use client";

import { signOut } from "next-auth/react";
import styles from "./desk.module.css";

export function SignOutButton() {
  return (
    <button type="button" className={styles.linkButton} onClick={() => void signOut({ callbackUrl: "/login" })}>
      Sign out
    </button>
  );
}
