"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { heartbeatLockAction, releaseLockAction, takeOverLockAction } from "@/app/desk/stories/actions";
import type { LockView } from "@/lib/services/locks";
import styles from "./desk-review.module.css";

/** Must stay well under the server's LOCK_TTL_MS (2 min) so a live editor never loses the lock. */
export const HEARTBEAT_MS = 30_000;

type Props = {
  storyId: string;
  initial: LockView;
  canTakeOver: boolean;
  /** Called when we gain or lose the lock, or the session ends. */
  onStateChange(state: { heldByMe: boolean; sessionEnded: boolean }): void;
};

/**
 * Holds the edit lock while the story is open: a heartbeat every 30 s renews it, and it
 * is released when the page closes. Shows who else holds it, with a take-over button
 * for those allowed to (their autosave is kept as a revision).
 */
export function LockBanner({ storyId, initial, canTakeOver, onStateChange }: Props) {
  const [lock, setLock] = useState<LockView>(initial);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const report = useRef(onStateChange);
  useEffect(() => {
    report.current = onStateChange;
  }, [onStateChange]);

  useEffect(() => {
    let stopped = false;
    async function beat() {
      // A thrown call means the session cookie is gone (the desk redirects to sign-in) or we are offline.
      const res = await heartbeatLockAction(storyId).catch(() => null);
      if (stopped) return;
      if (!res) {
        setSessionEnded(true);
        report.current({ heldByMe: false, sessionEnded: true });
      } else if (res.ok) {
        setLock(res.data);
        setSessionEnded(false);
        report.current({ heldByMe: res.data.heldByMe, sessionEnded: false });
      } else if (res.error.code === "UNAUTHENTICATED") {
        setSessionEnded(true);
        report.current({ heldByMe: false, sessionEnded: true });
      }
    }
    void beat();
    const timer = window.setInterval(() => void beat(), HEARTBEAT_MS);
    const release = () => void releaseLockAction(storyId);
    window.addEventListener("pagehide", release);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener("pagehide", release);
      release();
    };
  }, [storyId]);

  if (sessionEnded) {
    return (
      <p className={`${styles.lockBar} ${styles.lockOther}`} role="alert" data-testid="session-ended">
        Your session has ended or the connection dropped. Your text is kept in this browser;{" "}
        <a href={`/login?callbackUrl=${encodeURIComponent(`/desk/stories/${storyId}`)}`} target="_blank" rel="noopener">
          sign in again in a new tab
        </a>
        , then save here.
      </p>
    );
  }
  if (lock.heldByMe || !lock.holder) {
    return (
      <p className={`${styles.lockBar} ${styles.lockMine}`} data-testid="lock-banner">
        {lock.heldByMe ? "You are editing this story; others see it as locked." : "Checking the edit lock…"}
        {message ? ` ${message}` : null}
      </p>
    );
  }
  const until = lock.expiresAt
    ? new Date(lock.expiresAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
    : "";
  return (
    <div className={`${styles.lockBar} ${styles.lockOther}`} role="status" data-testid="lock-banner">
      <span>
        <strong>{lock.holder.name}</strong> is editing this story{until ? ` (lock renews until ${until} while they stay)` : ""}.
        You can read it; saving is blocked.
      </span>
      {canTakeOver ? (
        <button
          type="button"
          className={styles.small}
          disabled={pending}
          onClick={() =>
            start(async () => {
              if (!window.confirm(`Take over editing from ${lock.holder?.name}? Their latest autosave is kept as a revision.`))
                return;
              const res = await takeOverLockAction(storyId);
              if (res.ok) {
                setLock(res.data.lock);
                setMessage(res.data.keptRevision ? `Their unsaved text is kept as revision ${res.data.keptRevision}.` : null);
                report.current({ heldByMe: true, sessionEnded: false });
              } else setMessage(res.error.message);
            })
          }
        >
          Take over editing
        </button>
      ) : null}
      {message ? <span>{message}</span> : null}
    </div>
  );
}
