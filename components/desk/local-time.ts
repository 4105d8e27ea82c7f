"use client";

import { useSyncExternalStore } from "react";

/** "YYYY-MM-DDTHH:mm:ss" in the browser's time zone, for a datetime-local input. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * True once rendering in the browser. Times are shown in the browser's zone, which the server
 * cannot know, so controls that show them render on the client only.
 */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
}
