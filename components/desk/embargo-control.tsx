"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toLocalInput, useIsClient } from "./local-time";
import { setStoryEmbargoAction } from "@/app/desk/stories/actions";
import styles from "./desk.module.css";
import ingest from "./ingest.module.css";

type Props = { storyId: string; version: number; embargoUntil: string | null; live: boolean };

/**
 * Set, move or lift a story's embargo (editors). The time is entered in the editor's zone and
 * sent as an instant; lifting it or bringing it forward asks for a reason, which is audited.
 */
export function EmbargoControl(props: Props) {
  return useIsClient() ? <EmbargoForm {...props} /> : null;
}

function EmbargoForm({ storyId, version, embargoUntil, live }: Props) {
  const router = useRouter();
  const uid = useId();
  const [pending, start] = useTransition();
  const current = embargoUntil ? new Date(embargoUntil) : null;
  const [value, setValue] = useState(current ? toLocalInput(current) : "");
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = value ? new Date(value) : null;
  const lifting = current !== null && (chosen === null || chosen < current);

  function send(until: Date | null) {
    start(async () => {
      const res = await setStoryEmbargoAction(storyId, {
        until: until ? until.toISOString() : null,
        reason: reason || undefined,
        baseVersion: version,
      });
      if (res.ok) {
        setMessage({ ok: true, text: until ? `Embargoed until ${until.toLocaleString()}` : "Embargo lifted" });
        setReason("");
        router.refresh();
      } else setMessage({ ok: false, text: res.error.fieldErrors?.reason?.[0] ?? res.error.message });
    });
  }

  return (
    <form
      className={`${styles.panel} ${styles.sideSection}`}
      aria-label="Embargo"
      data-testid="embargo-control"
      onSubmit={(e) => {
        e.preventDefault();
        send(chosen);
      }}
    >
      <div className={ingest.schedule}>
        <label htmlFor={`${uid}-until`}>
          Embargo until
          <input
            id={`${uid}-until`}
            type="datetime-local"
            step={1}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            disabled={live && !current}
          />
        </label>
        {lifting ? (
          <label htmlFor={`${uid}-reason`}>
            Reason for lifting
            <input id={`${uid}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
          </label>
        ) : null}
        <button className={styles.button} disabled={pending || (live && !current)}>
          {current ? "Move embargo" : "Set embargo"}
        </button>
        {current ? (
          <button
            type="button"
            className={styles.button}
            disabled={pending}
            onClick={() => {
              setValue("");
              if (reason) send(null);
              else setMessage({ ok: false, text: "Give a reason, then lift the embargo" });
            }}
          >
            Lift embargo
          </button>
        ) : null}
      </div>
      {live && !current ? (
        <p className={ingest.message}>This story is live: unpublish it before putting it under embargo.</p>
      ) : null}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`${ingest.message} ${message.ok ? "" : ingest.failed}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
