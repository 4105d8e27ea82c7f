"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { republishStoryAction, saveStoryAction, transitionStoryAction } from "@/app/desk/stories/actions";
import { TagPicker } from "./tag-picker";
import { StoryEditor } from "@/components/editor/story-editor";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import styles from "./desk.module.css";

export type TagValue = { kind: "MEDIA_TOPIC" | "PERSON" | "ORGANISATION" | "PLACE" | "KEYWORD"; name: string; id?: string };

export type StoryFormProps = {
  story: {
    id: string;
    version: number;
    status: string;
    headline: string;
    standfirst: string;
    byline: string;
    datelinePlace: string;
    body: StoryDoc;
    tags: TagValue[];
  };
  canEdit: boolean;
  transitions: { name: string; label: string }[];
};

export function StoryForm({ story, canEdit, transitions }: StoryFormProps) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [version, setVersion] = useState(story.version);
  const [fields, setFields] = useState({
    headline: story.headline,
    standfirst: story.standfirst,
    byline: story.byline,
    datelinePlace: story.datelinePlace,
  });
  const [body, setBody] = useState<StoryDoc>(story.body);
  const [tags, setTags] = useState<TagValue[]>(story.tags);
  // Bumped after each save so the suggestions panel reloads (they are recomputed on save).
  const [suggestionsKey, setSuggestionsKey] = useState(0);
  const [correctionNote, setCorrectionNote] = useState("");
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);

  const set = (key: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setFields((f) => ({ ...f, [key]: e.target.value }));
    setDirty(true);
  };

  async function save(): Promise<boolean> {
    const res = await saveStoryAction(story.id, { ...fields, body, tags, baseVersion: version });
    if (res.ok) {
      setVersion(res.data.version);
      setDirty(false);
      setSuggestionsKey((k) => k + 1);
      setMessage({ tone: "ok", text: "Saved" });
      return true;
    }
    setMessage({ tone: "danger", text: res.error.message });
    return false;
  }

  function onSave(e: React.FormEvent) {
    e.preventDefault();
    start(async () => {
      if (await save()) router.refresh();
    });
  }

  function onTransition(name: string) {
    start(async () => {
      if (dirty && canEdit && !(await save())) return;
      const res = name === "republish" ? await republishStoryAction(story.id, correctionNote) : await transitionStoryAction(story.id, name);
      if (res.ok && name === "republish") setCorrectionNote("");
      if (res.ok) {
        setMessage({ tone: "ok", text: `Status: ${res.data.status.toLowerCase().replace("_", " ")}` });
        router.refresh();
      } else setMessage({ tone: "danger", text: res.error.message });
    });
  }

  return (
    <form onSubmit={onSave} aria-label="Edit story">
      {message ? (
        <p role="status" data-testid="story-message" className={`${styles.notice} ${message.tone === "ok" ? styles.noticeOk : styles.noticeDanger}`}>
          {message.text}
        </p>
      ) : null}
      <div className={styles.editorGrid}>
        <div>
          <div className={styles.field}>
            <label htmlFor="headline">Headline</label>
            <input id="headline" className={styles.headlineInput} value={fields.headline} onChange={set("headline")} readOnly={!canEdit} maxLength={300} required />
          </div>
          <div className={styles.field}>
            <label htmlFor="standfirst">Standfirst</label>
            <textarea id="standfirst" rows={2} value={fields.standfirst} onChange={set("standfirst")} readOnly={!canEdit} maxLength={1000} />
          </div>
          <div className={styles.row}>
            <div className={styles.field}>
              <label htmlFor="byline">Byline</label>
              <input id="byline" value={fields.byline} onChange={set("byline")} readOnly={!canEdit} maxLength={200} />
            </div>
            <div className={styles.field}>
              <label htmlFor="dateline">Dateline</label>
              <input id="dateline" value={fields.datelinePlace} onChange={set("datelinePlace")} readOnly={!canEdit} maxLength={100} />
            </div>
          </div>
          <StoryEditor
            initialDoc={story.body}
            label="Story body"
            readOnly={!canEdit}
            onChange={(doc) => {
              setBody(doc);
              setDirty(true);
            }}
          />
        </div>
        <div className={styles.side}>
          <section className={styles.panel} aria-labelledby="workflow-h">
            <h2 id="workflow-h">Workflow</h2>
            <div className={`${styles.sideSection} ${styles.row}`}>
              {canEdit ? (
                <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={pending}>
                  {pending ? "Saving…" : dirty ? "Save" : "Saved"}
                </button>
              ) : null}
              {transitions.map((t) => (
                <button key={t.name} type="button" className={`${styles.button} ${t.name === "kill" ? styles.danger : ""}`} disabled={pending} onClick={() => onTransition(t.name)}>
                  {t.label}
                </button>
              ))}
            </div>
            <div className={styles.sideSection}>
              <a href={`/desk/stories/${story.id}/preview`} target="_blank" rel="noopener" className={styles.button} data-testid="preview-link">
                Preview as published ↗
              </a>
              {transitions.some((t) => t.name === "republish") ? (
                <div className={styles.field} style={{ marginTop: "0.75rem", marginBottom: 0 }}>
                  <label htmlFor="correction-note">Correction note (public, optional)</label>
                  <textarea id="correction-note" rows={2} maxLength={2000} value={correctionNote} onChange={(e) => setCorrectionNote(e.target.value)} placeholder="An earlier version of this story misstated…" />
                </div>
              ) : null}
            </div>
          </section>
          <TagPicker
            storyId={story.id}
            tags={tags}
            canEdit={canEdit}
            refreshKey={suggestionsKey}
            onChange={(next, saved) => {
              setTags(next);
              if (!saved) setDirty(true);
            }}
          />
        </div>
      </div>
    </form>
  );
}
