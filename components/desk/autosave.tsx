"use client";

import { useEffect, useRef, useState } from "react";
import { autosaveStoryAction } from "@/app/desk/stories/actions";
import { plainJson } from "@/lib/editor/plain-json";
import styles from "./desk-review.module.css";
import { conflictReason } from "@/lib/errors";

/** Autosave fires this long after the last change (the promise is "within 5 s"). */
export const AUTOSAVE_DELAY_MS = 2_500;
const DRAFT_PREFIX = "wiredesk:draft:";
const SIGNED_OUT_MESSAGE = "Not saved to the server (signed out): your text is kept in this browser";

export type DraftInput = {
  headline: string;
  standfirst: string;
  byline: string;
  datelinePlace: string;
  body: unknown;
  tags: { kind: string; name: string }[];
  baseVersion: number;
};

export type LocalDraft = { storyId: string; baseVersion: number; savedAt: string; input: DraftInput };

const draftKey = (storyId: string, baseVersion: number) => `${DRAFT_PREFIX}${storyId}:${baseVersion}`;

/** Unsaved text in this browser, keyed by story and base version; survives an ended session. */
export function writeLocalDraft(storyId: string, input: DraftInput) {
  try {
    const draft: LocalDraft = { storyId, baseVersion: input.baseVersion, savedAt: new Date().toISOString(), input };
    window.localStorage.setItem(draftKey(storyId, input.baseVersion), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the server autosave still runs.
  }
}

export function readLocalDrafts(storyId: string): LocalDraft[] {
  const out: LocalDraft[] = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (!key?.startsWith(`${DRAFT_PREFIX}${storyId}:`)) continue;
      const value = JSON.parse(window.localStorage.getItem(key) ?? "null") as LocalDraft | null;
      if (value?.input) out.push(value);
    }
  } catch {
    // Unreadable storage is treated as empty.
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** After a successful save every older draft of this story is obsolete. */
export function clearLocalDrafts(storyId: string) {
  try {
    for (const d of readLocalDrafts(storyId)) window.localStorage.removeItem(draftKey(storyId, d.baseVersion));
  } catch {
    // ignore
  }
}

export type AutosaveState = {
  kind: "idle" | "saving" | "saved" | "conflict" | "locked" | "signed-out" | "error";
  at?: string;
  message?: string;
};

/**
 * Debounced autosave: the working copy goes to localStorage at once and to the server
 * (an AUTOSAVE revision, same base-version rule as a save) AUTOSAVE_DELAY_MS after the
 * last change. A refusal is reported, never retried over a newer save.
 */
export function useAutosave({
  storyId,
  input,
  dirty,
  enabled,
  onConflict,
}: {
  storyId: string;
  input: DraftInput;
  dirty: boolean;
  enabled: boolean;
  onConflict(): void;
}): AutosaveState {
  const [state, setState] = useState<AutosaveState>({ kind: "idle" });
  const latest = useRef(input);
  const conflictRef = useRef(onConflict);
  useEffect(() => {
    latest.current = input;
    conflictRef.current = onConflict;
  });

  useEffect(() => {
    if (!dirty) return;
    writeLocalDraft(storyId, input);
    if (!enabled) return;
    const run = async () => {
      setState({ kind: "saving" });
      // Signed out, the desk redirects the action to the sign-in page and the call throws.
      const res = await autosaveStoryAction(storyId, plainJson(latest.current)).catch(() => null);
      if (!res) {
        setState({
          kind: "signed-out",
          message: "Not saved to the server (signed out or offline): your text is kept in this browser",
        });
        return;
      }
      if (res.ok) setState({ kind: "saved", at: res.data.savedAt });
      else if (res.error.code === "UNAUTHENTICATED") setState({ kind: "signed-out", message: SIGNED_OUT_MESSAGE });
      else if (conflictReason(res.error) === "locked") setState({ kind: "locked", message: res.error.message });
      else if (conflictReason(res.error) === "stale") {
        setState({ kind: "conflict", message: res.error.message });
        conflictRef.current();
      } else setState({ kind: "error", message: res.error.message });
    };
    const timer = window.setTimeout(() => void run(), AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [storyId, input, dirty, enabled]);

  // With the server path closed (the session ended), changes still go to this browser: say so
  // in the status line rather than showing nothing.
  if (dirty && !enabled) return { kind: "signed-out", message: SIGNED_OUT_MESSAGE };
  return state;
}

export function AutosaveStatus({ state }: { state: AutosaveState }) {
  const text =
    state.kind === "saving"
      ? "Autosaving…"
      : state.kind === "saved" && state.at
        ? `Autosaved ${new Date(state.at).toLocaleTimeString("en-GB")}`
        : (state.message ?? "");
  return (
    <span className={styles.autosave} role="status" aria-live="polite" data-testid="autosave-status">
      {text}
    </span>
  );
}
