"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import styles from "./desk.module.css";

/**
 * Re-renders the current desk page (server components, no reload) when the desk's wire or
 * story activity changes. Polls /api/desk/events with If-None-Match; pauses while the tab
 * is hidden.
 */
export function LiveRefresh({ intervalMs = 10_000 }: { intervalMs?: number }) {
  const router = useRouter();
  const etag = useRef<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      if (document.visibilityState === "visible") {
        try {
          const res = await fetch("/api/desk/events", {
            headers: etag.current ? { "If-None-Match": etag.current } : {},
            cache: "no-store",
          });
          const next = res.headers.get("etag");
          if (res.status === 200 && next) {
            if (etag.current && etag.current !== next) {
              router.refresh();
              setUpdatedAt(new Date());
            }
            etag.current = next;
          }
        } catch {
          // Offline for a moment: try again on the next tick.
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
    }
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [router, intervalMs]);

  return (
    <p className={styles.live} aria-live="polite" data-testid="live-refresh">
      <span aria-hidden="true" className={styles.liveDot} /> Live
      {updatedAt
        ? ` · updated ${updatedAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}`
        : ""}
    </p>
  );
}
