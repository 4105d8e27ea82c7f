"use client";

import { useSyncExternalStore } from "react";

// The version a story is at, as this tab last saved it. The story form announces each save
// here, so the page header shows the new version without re-rendering the page: a refresh
// after every save would hold up the next save (server actions wait for a refresh in flight).
const versions = new Map<string, number>();
const listeners = new Set<() => void>();

export function announceStoryVersion(storyId: string, version: number) {
  if (versions.get(storyId) === version) return;
  versions.set(storyId, version);
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** "version N": the server's number, or a newer one saved from this tab since. */
export function StoryVersion({ storyId, initial }: { storyId: string; initial: number }) {
  const saved = useSyncExternalStore(
    subscribe,
    () => versions.get(storyId),
    () => undefined,
  );
  return <>version {Math.max(initial, saved ?? 0)}</>;
}
