"use client";

import { useEffect, useId, useRef, useState } from "react";
import styles from "./tagging.module.css";
import desk from "./desk.module.css";
import { TagSuggestions } from "./tag-suggestions";

export type TagKind = "MEDIA_TOPIC" | "PERSON" | "ORGANISATION" | "PLACE" | "KEYWORD";
/** A tag on the story: `id` when picked from the vocabulary or an existing tag, else created on save. */
export type PickedTag = { kind: TagKind; name: string; id?: string };

const KIND_LABEL: Record<TagKind, string> = {
  MEDIA_TOPIC: "Topic",
  PERSON: "Person",
  ORGANISATION: "Organisation",
  PLACE: "Place",
  KEYWORD: "Keyword",
};
const GROUP_LABEL: Record<TagKind, string> = {
  MEDIA_TOPIC: "IPTC Media Topics",
  PERSON: "People",
  ORGANISATION: "Organisations",
  PLACE: "Places",
  KEYWORD: "Keywords",
};
const ORDER: TagKind[] = ["MEDIA_TOPIC", "PERSON", "ORGANISATION", "PLACE", "KEYWORD"];

type Result = { id: string; kind: TagKind; name: string; detail: string | null; matchedSynonym: string | null };
type Option = { key: string; tag: PickedTag; label: string; hint: string | null; group: string };

const same = (a: PickedTag, b: PickedTag) =>
  a.kind === b.kind && (a.id && b.id ? a.id === b.id : a.name.toLowerCase() === b.name.toLowerCase());

/**
 * The tags panel: the story's tags, a type-ahead picker over the vocabulary and existing
 * tags (names and synonyms, grouped by kind; an existing tag is reused rather than
 * duplicated), a free entry for new people, organisations, places and keywords, and the
 * offline suggestions.
 */
export function TagPicker({
  storyId,
  tags,
  canEdit,
  onChange,
  refreshKey,
}: {
  storyId: string;
  tags: PickedTag[];
  canEdit: boolean;
  /** `saved` is true when the server already stored the change (an accepted suggestion). */
  /** `saved`: the server already has it; `versions`: the story version it moved from and to. */
  onChange: (next: PickedTag[], saved: boolean, versions?: { from: number; to: number }) => void;
  refreshKey: number;
}) {
  const listId = useId();
  const [q, setQ] = useState("");
  const [newKind, setNewKind] = useState<Exclude<TagKind, "MEDIA_TOPIC">>("KEYWORD");
  const [results, setResults] = useState<Result[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const term = q.trim();
    if (!term) return;
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/desk/tags?q=${encodeURIComponent(term)}`, { signal: ctrl.signal })
        .then((r) => (r.ok ? (r.json() as Promise<{ tags: Result[] }>) : { tags: [] }))
        .then((d) => {
          setResults(d.tags);
          setActive(0);
        })
        .catch(() => {});
    }, 120);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  const term = q.trim();
  // Results of an earlier term are not shown once the box is empty.
  const shown = term ? results : [];
  const options: Option[] = [];
  for (const kind of ORDER) {
    for (const r of shown.filter((x) => x.kind === kind)) {
      options.push({
        key: r.id,
        tag: { kind: r.kind, name: r.name, id: r.id },
        label: r.name,
        hint: r.matchedSynonym ? `also “${r.matchedSynonym}”` : r.detail,
        group: GROUP_LABEL[kind],
      });
    }
  }
  // Free entry, unless that exact name already exists for the chosen kind.
  const exists = shown.some(
    (r) =>
      r.kind === newKind &&
      (r.name.toLowerCase() === term.toLowerCase() || r.matchedSynonym?.toLowerCase() === term.toLowerCase()),
  );
  if (term && !exists) {
    options.push({
      key: `new:${newKind}`,
      tag: { kind: newKind, name: term },
      label: `Add “${term}”`,
      hint: `new ${KIND_LABEL[newKind].toLowerCase()}`,
      group: "New tag",
    });
  }

  function pick(o: Option | undefined) {
    if (!o) return;
    if (!tags.some((t) => same(t, o.tag))) onChange([...tags, o.tag], false);
    setQ("");
    setOpen(false);
    inputRef.current?.focus();
  }

  let lastGroup = "";
  return (
    <section className={desk.panel} aria-labelledby="tags-h">
      <h2 id="tags-h">Tags</h2>
      <div className={desk.sideSection}>
        <ul className={desk.tagList} aria-label="Tags on this story" data-testid="story-tags">
          {tags.length === 0 ? <li className={desk.muted}>No tags yet.</li> : null}
          {tags.map((t) => (
            <li key={`${t.kind}:${t.id ?? t.name}`} className={desk.tag}>
              {t.name} <small>{KIND_LABEL[t.kind]}</small>
              {canEdit ? (
                <button
                  type="button"
                  aria-label={`Remove tag ${t.name}`}
                  onClick={() =>
                    onChange(
                      tags.filter((x) => x !== t),
                      false,
                    )
                  }
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <div className={styles.picker}>
            <div className={styles.pickerRow}>
              <label htmlFor={`${listId}-input`} className="visually-hidden">
                Find or add a tag
              </label>
              <input
                ref={inputRef}
                id={`${listId}-input`}
                role="combobox"
                aria-expanded={open && options.length > 0}
                aria-controls={`${listId}-list`}
                aria-autocomplete="list"
                aria-activedescendant={open && options[active] ? `${listId}-opt-${active}` : undefined}
                value={q}
                placeholder="Find a topic, person, place…"
                maxLength={100}
                autoComplete="off"
                onChange={(e) => {
                  setQ(e.target.value);
                  setOpen(true);
                }}
                onFocus={() => setOpen(true)}
                onBlur={() => setTimeout(() => setOpen(false), 150)}
                onKeyDown={(e) => {
                  if (e.key === "ArrowDown") {
                    e.preventDefault();
                    setOpen(true);
                    setActive((a) => Math.min(a + 1, options.length - 1));
                  } else if (e.key === "ArrowUp") {
                    e.preventDefault();
                    setActive((a) => Math.max(a - 1, 0));
                  } else if (e.key === "Enter") {
                    e.preventDefault();
                    if (open) pick(options[active]);
                  } else if (e.key === "Escape") {
                    setOpen(false);
                  }
                }}
              />
              <label htmlFor={`${listId}-kind`} className="visually-hidden">
                Kind for a new tag
              </label>
              <select
                id={`${listId}-kind`}
                value={newKind}
                onChange={(e) => setNewKind(e.target.value as typeof newKind)}
                title="Kind for a new tag"
              >
                {(["KEYWORD", "PERSON", "ORGANISATION", "PLACE"] as const).map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            </div>
            {open && options.length > 0 ? (
              <ul id={`${listId}-list`} role="listbox" className={styles.listbox} aria-label="Matching tags">
                {options.map((o, i) => {
                  const header = o.group !== lastGroup ? o.group : null;
                  lastGroup = o.group;
                  return (
                    <li key={o.key} role="presentation">
                      {header ? (
                        <div className={styles.group} aria-hidden="true">
                          {header}
                        </div>
                      ) : null}
                      <div
                        id={`${listId}-opt-${i}`}
                        role="option"
                        aria-selected={i === active}
                        className={styles.option}
                        onMouseDown={(e) => {
                          e.preventDefault();
                          pick(o);
                        }}
                        onMouseEnter={() => setActive(i)}
                      >
                        <span>{o.label}</span>
                        {o.hint ? <small>{o.hint}</small> : null}
                      </div>
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </div>
        ) : null}
        <TagSuggestions
          storyId={storyId}
          refreshKey={refreshKey}
          canEdit={canEdit}
          onAccepted={(tag, versions) => {
            onChange(tags.some((t) => same(t, tag)) ? tags : [...tags, tag], true, versions);
          }}
        />
      </div>
    </section>
  );
}
