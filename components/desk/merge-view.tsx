"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { applyAgencyMergeAction } from "@/app/desk/stories/[id]/merge/actions";
import type { BodyChunk, FieldMerge } from "@/lib/diff/doc-merge";
import { docToBlockTexts } from "@/lib/diff/doc-blocks";
import type { StoryBlock } from "@/lib/editor/doc-schema";
import styles from "./desk-review.module.css";
import desk from "./desk.module.css";

type Choice = "ours" | "theirs";

const texts = (blocks: StoryBlock[]) => docToBlockTexts({ type: "doc", content: blocks });

function Blocks({ blocks, className }: { blocks: StoryBlock[]; className?: string }) {
  return (
    <>
      {texts(blocks).map((t, i) => (
        <p key={i} className={`${styles.mergeBlock} ${className ?? ""}`}>
          {t || "\u00a0"}
        </p>
      ))}
    </>
  );
}

function ChoiceBox({
  name,
  label,
  ours,
  theirs,
  value,
  onChange,
}: {
  name: string;
  label: string;
  ours: React.ReactNode;
  theirs: React.ReactNode;
  value: Choice | undefined;
  onChange(c: Choice): void;
}) {
  return (
    <fieldset className={styles.conflict} data-testid="merge-conflict">
      <legend className={styles.fieldLabel} style={{ padding: "0 0.4rem" }}>
        {label}
      </legend>
      <div className={`${styles.conflictBody} ${styles.choice}`}>
        <label>
          <span className={styles.fieldLabel}>
            <input type="radio" name={name} checked={value === "ours"} onChange={() => onChange("ours")} /> Keep the desk&apos;s
            text
          </span>
          {ours}
        </label>
        <label>
          <span className={styles.fieldLabel}>
            <input type="radio" name={name} checked={value === "theirs"} onChange={() => onChange("theirs")} /> Take the
            agency&apos;s update
          </span>
          {theirs}
        </label>
      </div>
    </fieldset>
  );
}

/**
 * The proposed merge of an agency update into the edited story: what merges cleanly is
 * shown in place (green: from the agency, blue: words merged inside a paragraph); each
 * conflict asks for a decision. The server recomputes the merge and applies the
 * decisions in one transaction.
 */
export function MergeView({
  storyId,
  baseVersion,
  theirsVersionId,
  fields,
  chunks,
}: {
  storyId: string;
  baseVersion: number;
  theirsVersionId: string;
  fields: Record<"headline" | "standfirst" | "byline", FieldMerge>;
  chunks: BodyChunk[];
}) {
  const router = useRouter();
  const [body, setBody] = useState<Record<number, Choice>>({});
  const [fieldChoice, setFieldChoice] = useState<Partial<Record<keyof typeof fields, Choice>>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const fieldConflicts = (Object.entries(fields) as [keyof typeof fields, FieldMerge][]).filter(([, f]) => f.kind === "conflict");
  const bodyConflicts = chunks.filter((c) => c.kind === "conflict");
  const undecided =
    bodyConflicts.filter((c) => c.kind === "conflict" && !body[c.index]).length +
    fieldConflicts.filter(([k]) => !fieldChoice[k]).length;

  function apply() {
    start(async () => {
      const res = await applyAgencyMergeAction(storyId, { baseVersion, theirsVersionId, body, fields: fieldChoice });
      if (res.ok) router.push(`/desk/stories/${storyId}`);
      else setError(res.error.message);
    });
  }

  return (
    <div>
      <p className={styles.legend}>
        <span className={styles.mergeFromAgency}>&nbsp;from the agency&nbsp;</span>
        <span className={styles.mergeWords}>&nbsp;merged word by word&nbsp;</span>
        <span>
          {bodyConflicts.length + fieldConflicts.length} conflict{bodyConflicts.length + fieldConflicts.length === 1 ? "" : "s"}{" "}
          to decide
        </span>
      </p>
      {fieldConflicts.map(([k, f]) =>
        f.kind === "conflict" ? (
          <ChoiceBox
            key={k}
            name={`field-${k}`}
            label={k}
            ours={<p className={styles.mergeBlock}>{f.ours}</p>}
            theirs={<p className={styles.mergeBlock}>{f.theirs}</p>}
            value={fieldChoice[k]}
            onChange={(c) => setFieldChoice({ ...fieldChoice, [k]: c })}
          />
        ) : null,
      )}
      <section className={desk.panel} aria-labelledby="merged-h">
        <h2 id="merged-h">Merged story</h2>
        <div style={{ padding: "0.5rem 0" }}>
          {chunks.map((c, i) =>
            c.kind === "resolved" ? (
              <Blocks
                key={i}
                blocks={c.blocks}
                className={c.source === "theirs" ? styles.mergeFromAgency : c.source === "words" ? styles.mergeWords : undefined}
              />
            ) : (
              <div key={i} style={{ padding: "0 0.75rem" }}>
                <ChoiceBox
                  name={`conflict-${c.index}`}
                  label={`Conflict ${c.index + 1}: both the desk and the agency changed this`}
                  ours={<Blocks blocks={c.ours} />}
                  theirs={<Blocks blocks={c.theirs} />}
                  value={body[c.index]}
                  onChange={(v) => setBody({ ...body, [c.index]: v })}
                />
              </div>
            ),
          )}
        </div>
      </section>
      {error ? (
        <p role="alert" className={`${desk.notice} ${desk.noticeDanger}`}>
          {error}
        </p>
      ) : null}
      <p className={desk.row} style={{ marginTop: "0.75rem" }}>
        <button type="button" className={`${desk.button} ${desk.primary}`} disabled={undecided > 0 || pending} onClick={apply}>
          {pending ? "Merging…" : "Apply merge and save"}
        </button>
        {undecided > 0 ? (
          <span className={desk.muted}>
            Decide {undecided} more conflict{undecided === 1 ? "" : "s"} first.
          </span>
        ) : null}
      </p>
    </div>
  );
}
