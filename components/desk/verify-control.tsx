"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { setIndependentlyVerifiedAction } from "@/app/desk/stories/actions";
import styles from "./desk-review.module.css";
import desk from "./desk.module.css";

/**
 * "Independently verified": an editor records that the story stands on the newsroom's own
 * reporting, so an agency kill of its source does not take it down and it may be published
 * although the source was killed. Shown on stories made from agency copy.
 */
export function VerifyControl({ storyId, version, verified }: { storyId: string; version: number; verified: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  function toggle() {
    start(async () => {
      const res = await setIndependentlyVerifiedAction(storyId, { verified: !verified, baseVersion: version });
      if (!res.ok) setError(res.error.message);
      else {
        setError(null);
        router.refresh();
      }
    });
  }
  return (
    <span data-testid="verify-control">
      {verified ? (
        <span title="An agency kill of its source will not take this story down">Independently verified · </span>
      ) : null}
      <button type="button" className={styles.small} onClick={toggle} disabled={pending} aria-pressed={verified}>
        {verified ? "Withdraw verification" : "Mark independently verified"}
      </button>
      {error ? (
        <span role="alert" className={desk.danger}>
          {" "}
          {error}
        </span>
      ) : null}
    </span>
  );
}
