import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

/**
 * Editor-only annotation anchors: a ProseMirror plugin that highlights each note's range
 * and maps it through every transaction, so a note stays on its words while the text
 * around it is edited. Not part of storyExtensions (the stored document contract):
 * annotations live in their own table and never enter the body or the public HTML.
 */
export type EditorAnchor = { id: string; from: number; to: number; kind: string; resolved?: boolean };

type PluginState = { anchors: EditorAnchor[]; activeId: string | null; decorations: DecorationSet };

export const annotationPluginKey = new PluginKey<PluginState>("wiredeskAnnotations");

type Meta = { anchors?: EditorAnchor[]; activeId?: string | null };

function build(state: EditorState, anchors: EditorAnchor[], activeId: string | null): DecorationSet {
  const size = state.doc.content.size;
  const decos = anchors
    .filter((a) => a.to > a.from && a.from >= 0 && a.to <= size)
    .map((a) =>
      Decoration.inline(
        a.from,
        a.to,
        {
          class: `wd-annotation wd-annotation-${a.kind.toLowerCase()}${a.resolved ? " wd-annotation-resolved" : ""}${a.id === activeId ? " wd-annotation-active" : ""}`,
          "data-annotation-id": a.id,
        },
        { id: a.id },
      ),
    );
  return DecorationSet.create(state.doc, decos);
}

export function readAnchors(state: EditorState): EditorAnchor[] {
  return annotationPluginKey.getState(state)?.anchors ?? [];
}

export const AnnotationAnchors = Extension.create<{ onAnchorsMapped?: (anchors: EditorAnchor[]) => void }>({
  name: "wiredeskAnnotations",
  addOptions() {
    return { onAnchorsMapped: undefined };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin<PluginState>({
        key: annotationPluginKey,
        state: {
          init: (_config, state) => ({ anchors: [], activeId: null, decorations: DecorationSet.create(state.doc, []) }),
          apply: (tr, prev, _old, state) => {
            const meta = tr.getMeta(annotationPluginKey) as Meta | undefined;
            let anchors = prev.anchors;
            if (tr.docChanged) {
              // Deleting all of a note's words collapses it; it keeps its place (from === to)
              // and the sidebar shows it as detached.
              anchors = anchors.map((a) => {
                const from = tr.mapping.map(a.from, 1);
                const to = Math.max(from, tr.mapping.map(a.to, -1));
                return { ...a, from, to };
              });
            }
            if (meta?.anchors) anchors = meta.anchors;
            const activeId = meta && "activeId" in meta ? (meta.activeId ?? null) : prev.activeId;
            if (!tr.docChanged && !meta) return prev;
            return { anchors, activeId, decorations: build(state, anchors, activeId) };
          },
        },
        props: {
          decorations: (state) => annotationPluginKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});

/** The transaction meta that replaces the anchors (e.g. after a note was added). */
export function setAnchorsMeta(anchors: EditorAnchor[], activeId?: string | null): Meta {
  return activeId === undefined ? { anchors } : { anchors, activeId };
}
