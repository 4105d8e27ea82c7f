"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveStoryAction, transitionStoryAction } from "@/app/desk/stories/actions";
import { StoryEditor } from "@/components/editor/story-editor";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import styles from "./desk.module.css";

export type TagValue = { kind: "MEDIA_TOPIC" | "PERSON" | "ORGANISATION" | "PLACE" | "KEYWORD"; name: string };

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

const KIND_LABEL: Record<TagValue["kind"], string> = {
  KEYWORD: "Keyword",
  PLACE: "Place",
  PERSON: "Person",
  ORGANISATION: "Organisation",
  MEDIA_TOPIC: "Topic",
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
  const [tagName, setTagName] = useState("");
  const [tagKind, setTagKind] = useState<TagValue["kind"]>("KEYWORD");
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);

  const set = (key: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setFields((f) => ({ ...f, [key]: e.target.value }));
    setDirty(true);
  };

  function addTag() {
    const name = tagName.trim();
    if (!name) return;
    if (!tags.some((t) => t.kind === tagKind && t.name.toLowerCase() === name.toLowerCase())) {
      setTags([...tags, { kind: tagKind, name }]);
      setDirty(true);
    }
    setTagName("");
  }

  async function save(): Promise<boolean> {
    const res = await saveStoryAction(story.id, { ...fields, body, tags, baseVersion: version });
    if (res.ok) {
      setVersion(res.data.version);
      setDirty(false);
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
      const res = await transitionStoryAction(story.id, name);
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
          </section>
          <section className={styles.panel} aria-labelledby="tags-h">
            <h2 id="tags-h">Tags</h2>
            <div className={styles.sideSection}>
              <ul className={styles.tagList} aria-label="Tags on this story">
                {tags.map((t) => (
                  <li key={`${t.kind}:${t.name}`} className={styles.tag}>
                    {t.name} <small>{KIND_LABEL[t.kind]}</small>
                    {canEdit ? (
                      <button
                        type="button"
                        aria-label={`Remove tag ${t.name}`}
                        onClick={() => {
                          setTags(tags.filter((x) => x !== t));
                          setDirty(true);
                        }}
                      >
                        ×
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {canEdit ? (
                <div className={styles.row}>
                  <label htmlFor="tag-kind" className="visually-hidden">
                    Tag kind
                  </label>
                  <select id="tag-kind" value={tagKind} onChange={(e) => setTagKind(e.target.value as TagValue["kind"])}>
                    {Object.entries(KIND_LABEL).map(([k, label]) => (
                      <option key={k} value={k}>
                        {label}
                      </option>
                    ))}
                  </select>
                  <label htmlFor="tag-name" className="visually-hidden">
                    Tag name
                  </label>
                  <input
                    id="tag-name"
                    value={tagName}
                    placeholder="Add a tag"
                    maxLength={100}
                    onChange={(e) => setTagName(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        addTag();
                      }
                    }}
                  />
                  <button type="button" className={styles.button} onClick={addTag}>
                    Add
                  </button>
                </div>
              ) : null}
            </div>
          </section>
        </div>
      </div>
    </form>
  );
}
