"use client";

import { useActionState } from "react";
import styles from "@/components/desk/desk.module.css";
import tagging from "@/components/desk/tagging.module.css";
import type { TagAdminRow as Row } from "@/lib/db/tags";
import { mergeTagAction, renameTagAction, setSectionAction, setSynonymsAction } from "./actions";

const KIND: Record<string, string> = {
  MEDIA_TOPIC: "Topic",
  PERSON: "Person",
  ORGANISATION: "Organisation",
  PLACE: "Place",
  KEYWORD: "Keyword",
};

export function TagAdminRow({ tag }: { tag: Row }) {
  const [renamed, rename, renaming] = useActionState(renameTagAction, null);
  const [syn, saveSynonyms, savingSyn] = useActionState(setSynonymsAction, null);
  const [merged, merge, merging] = useActionState(mergeTagAction, null);
  const [sectioned, setSection, sectioning] = useActionState(setSectionAction, null);
  const error = [renamed, syn, merged, sectioned].find((r) => r && !r.ok);
  return (
    <tr data-testid={`tag-row-${tag.slug}`}>
      <td>
        {tag.code ? (
          <span title="IPTC vocabulary names come from the vocabulary; add synonyms instead">{tag.name}</span>
        ) : (
          <form action={rename} className={tagging.inlineForm}>
            <input type="hidden" name="id" value={tag.id} />
            <label className="visually-hidden" htmlFor={`name-${tag.id}`}>
              Name of {tag.name}
            </label>
            <input id={`name-${tag.id}`} name="name" defaultValue={tag.name} maxLength={100} size={24} required />
            <button type="submit" className={tagging.mini} disabled={renaming}>
              Rename
            </button>
          </form>
        )}
        {error && !error.ok ? (
          <p role="alert" className={styles.danger} style={{ margin: "0.25rem 0 0" }}>
            {error.error.message}
          </p>
        ) : null}
      </td>
      <td className={styles.nowrap}>
        {KIND[tag.kind]}
        {tag.code ? <span className={styles.muted}> · {tag.code}</span> : null}
      </td>
      <td className={styles.nowrap}>{tag.stories}</td>
      <td>
        <form action={saveSynonyms} className={tagging.inlineForm}>
          <input type="hidden" name="id" value={tag.id} />
          <label className="visually-hidden" htmlFor={`syn-${tag.id}`}>
            Synonyms of {tag.name}, comma-separated
          </label>
          <input
            id={`syn-${tag.id}`}
            name="synonyms"
            defaultValue={tag.synonyms.join(", ")}
            placeholder="comma-separated"
            size={28}
          />
          <button type="submit" className={tagging.mini} disabled={savingSyn}>
            Save
          </button>
        </form>
      </td>
      <td>
        {tag.code ? (
          <span className={styles.muted}>vocabulary</span>
        ) : (
          <form action={merge} className={tagging.inlineForm}>
            <input type="hidden" name="id" value={tag.id} />
            <label className="visually-hidden" htmlFor={`merge-${tag.id}`}>
              Merge {tag.name} into
            </label>
            <input id={`merge-${tag.id}`} name="target" placeholder="into tag…" size={16} required maxLength={100} />
            <button type="submit" className={tagging.mini} disabled={merging}>
              Merge
            </button>
          </form>
        )}
      </td>
      <td>
        <form action={setSection} className={tagging.inlineForm}>
          <input type="hidden" name="id" value={tag.id} />
          <label className="visually-hidden" htmlFor={`section-${tag.id}`}>
            Position of {tag.name} in the site&apos;s sections (blank: not a section)
          </label>
          <input
            id={`section-${tag.id}`}
            name="position"
            type="number"
            min={1}
            max={99}
            defaultValue={tag.sectionOrder ?? ""}
            placeholder="–"
            style={{ width: "4.5rem" }}
          />
          <button type="submit" className={tagging.mini} disabled={sectioning}>
            Set
          </button>
        </form>
      </td>
    </tr>
  );
}
