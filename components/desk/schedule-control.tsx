"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toLocalInput, useIsClient } from "./local-time";
import { scheduleStoryAction } from "@/app/desk/stories/schedule-actions";
import styles from "./desk.module.css";
import ingest from "./ingest.module.css";

type Props = {
  storyId: string;
  scheduledAt: string | null;
  embargoUntil: string | null;
};

/**
 * Pick the publish time and schedule. The time is entered in the editor's own time zone
 * and sent as an instant; the server refuses times in the past and before an embargo.
 */
export function ScheduleControl(props: Props) {
  return useIsClient() ? <ScheduleForm {...props} /> : null;
}

function ScheduleForm({ storyId, scheduledAt, embargoUntil }: Props) {
  const router = useRouter();
  const uid = useId();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const embargo = embargoUntil ? new Date(embargoUntil) : null;
  const earliest = embargo && embargo > new Date() ? embargo : new Date();
  const initial = scheduledAt
    ? new Date(scheduledAt)
    : new Date(Math.ceil((earliest.getTime() + 15 * 60_000) / 300_000) * 300_000);
  const [value, setValue] = useState(toLocalInput(initial));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) {
      setMessage({ ok: false, text: "Choose a date and time" });
      return;
    }
    startTransition(async () => {
      const result = await scheduleStoryAction(storyId, at.toISOString());
      if (result.ok) {
        setMessage({ ok: true, text: `Scheduled for ${at.toLocaleString()}` });
        router.refresh();
      } else setMessage({ ok: false, text: result.error.message });
    });
  }

  return (
    <form
      className={`${styles.panel} ${styles.sideSection}`}
      onSubmit={submit}
      aria-label="Schedule publication"
      data-testid="schedule-control"
    >
      <div className={ingest.schedule}>
        <label htmlFor={`${uid}-at`}>
          Publish at ({zone})
          <input
            id={`${uid}-at`}
            type="datetime-local"
            step={1}
            value={value}
            min={toLocalInput(earliest)}
            onChange={(e) => setValue(e.target.value)}
            required
          />
        </label>
        <button className={styles.button} disabled={pending}>
          {pending ? "Scheduling…" : scheduledAt ? "Reschedule" : "Schedule"}
        </button>
      </div>
      {scheduledAt ? <p className={ingest.message}>Scheduled for {new Date(scheduledAt).toLocaleString()}.</p> : null}
      {embargo && embargo > new Date() ? (
        <p className={ingest.message}>Not before the embargo: {embargo.toLocaleString()}.</p>
      ) : null}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`${ingest.message} ${message.ok ? "" : ingest.failed}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
