"use client";

import { useState } from "react";
import { StoryEditor } from "@/components/editor/story-editor";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import type { AnnotationView } from "@/lib/services/annotations";
import { AnnotationsSidebar } from "./annotations-sidebar";
import desk from "./desk.module.css";

/** The agency's text, read-only, with desk notes attached to its words. */
export function AnnotatedOriginal({
  wireVersionId,
  doc,
  annotations,
  canAnnotate,
}: {
  wireVersionId: string;
  doc: StoryDoc;
  annotations: AnnotationView[];
  canAnnotate: boolean;
}) {
  const [notes, setNotes] = useState(annotations);
  const [selection, setSelection] = useState<{ from: number; to: number; quote: string } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const anchors = notes.map((n) => ({
    id: n.id,
    from: n.anchorFrom,
    to: n.anchorTo,
    kind: n.kind,
    resolved: Boolean(n.resolvedAt),
  }));
  return (
    <>
      <StoryEditor
        initialDoc={doc}
        label="Agency text"
        readOnly
        annotations={anchors}
        activeAnnotationId={active}
        onSelectionChange={setSelection}
        onAnnotationClick={setActive}
      />
      <AnnotationsSidebar
        className={desk.panel}
        target={{ wireVersionId }}
        notes={notes}
        onNotesChange={setNotes}
        positions={new Map(anchors.map((a) => [a.id, a]))}
        selection={selection}
        activeId={active}
        onActivate={setActive}
        canAnnotate={canAnnotate}
      />
    </>
  );
}
