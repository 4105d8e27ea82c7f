"use client";

import { useActionState } from "react";
import { createBlankStoryAction } from "@/app/desk/stories/actions";
import styles from "./desk.module.css";

export function NewStoryForm() {
  const [state, action, pending] = useActionState(createBlankStoryAction, null);
  return (
    <form action={action} className={styles.row}>
      <label htmlFor="new-headline" className="visually-hidden">
        Headline for a new story
      </label>
      <input id="new-headline" name="headline" placeholder="Headline for a new story" required maxLength={300} />
      <button className={styles.button} disabled={pending}>
        New story
      </button>
      {state && !state.ok ? (
        <span role="alert" className={styles.danger}>
          {state.error.message}
        </span>
      ) : null}
    </form>
  );
}
