"use client";

import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from "react";

import type { StoryDoc } from "@/lib/editor/doc-schema";
import { normalizeLinkHref, storyExtensions } from "@/lib/editor/extensions";
import { countCharacters, countWords, docToPlainText } from "@/lib/editor/text";
import {
  AnnotationAnchors,
  annotationPluginKey,
  readAnchors,
  setAnchorsMeta,
  type EditorAnchor,
} from "@/lib/editor/annotation-plugin";
import { quoteOf } from "@/lib/editor/annotation-anchors";

import styles from "./story-editor.module.css";

export type StoryEditorProps = {
  /** The stored body, already through parseStoryDoc on the server. */
  initialDoc: StoryDoc;
  /** When set, a hidden input of this name carries JSON.stringify(doc) for plain form posts. */
  name?: string;
  /**
   * Called with the editor's JSON after every change. It is what the editor holds, not
   * yet validated: the server must run parseStoryDoc on whatever it receives.
   */
  onChange?(doc: StoryDoc): void;
  /** Accessible name of the text area, e.g. "Story body". */
  label: string;
  readOnly?: boolean;
  /** Annotation ranges to highlight; the editor maps them through edits (lib/editor/annotation-plugin.ts). */
  annotations?: EditorAnchor[];
  activeAnnotationId?: string | null;
  /** The highlighted ranges after an edit moved them. */
  onAnnotationsMapped?(anchors: EditorAnchor[]): void;
  /** The selected range and its quoted text (null when nothing is selected), for attaching a note. */
  onSelectionChange?(selection: { from: number; to: number; quote: string } | null): void;
  onAnnotationClick?(id: string): void;
};

const editorExtensions = [...storyExtensions, AnnotationAnchors];

type ToolbarState = {
  bold: boolean;
  italic: boolean;
  h2: boolean;
  h3: boolean;
  bulletList: boolean;
  orderedList: boolean;
  blockquote: boolean;
  link: boolean;
  canUndo: boolean;
  canRedo: boolean;
};

type ToolbarButton = {
  id: string;
  label: string;
  glyph: string;
  shortcut: string;
  keys: string;
  pressed?: boolean;
  disabled?: boolean;
  run(): void;
};

const LINK_REFUSED = "Links must start with https://, http:// or mailto:.";
const numberFormat = new Intl.NumberFormat("en");

export function StoryEditor({
  initialDoc,
  name,
  onChange,
  label,
  readOnly = false,
  annotations,
  activeAnnotationId,
  onAnnotationsMapped,
  onSelectionChange,
  onAnnotationClick,
}: StoryEditorProps) {
  const [json, setJson] = useState(() => JSON.stringify(initialDoc));
  const [counts, setCounts] = useState(() => countsOf(initialDoc));
  const [notice, setNotice] = useState<string | null>(null);
  const noticeId = useId();

  const onChangeRef = useRef(onChange);
  const annotationCallbacks = useRef({ onAnnotationsMapped, onSelectionChange, onAnnotationClick });
  useEffect(() => {
    onChangeRef.current = onChange;
    annotationCallbacks.current = { onAnnotationsMapped, onSelectionChange, onAnnotationClick };
  }, [onChange, onAnnotationsMapped, onSelectionChange, onAnnotationClick]);
  const editLinkRef = useRef<() => void>(() => {});

  const editorProps = useMemo(
    () => ({
      attributes: {
        class: styles.prose ?? "",
        role: "textbox",
        "aria-label": label,
        "aria-multiline": "true",
        "aria-readonly": readOnly ? "true" : "false",
        "aria-describedby": noticeId,
        "data-testid": "story-body-editor",
        spellcheck: "true",
      },
      handleClickOn: (_view: unknown, _pos: number, _node: unknown, _nodePos: number, event: MouseEvent) => {
        const id = (event.target as HTMLElement | null)?.closest?.("[data-annotation-id]")?.getAttribute("data-annotation-id");
        if (id) annotationCallbacks.current.onAnnotationClick?.(id);
        return false;
      },
      handleKeyDown: (_view: unknown, event: KeyboardEvent) => {
        if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
          event.preventDefault();
          editLinkRef.current();
          return true;
        }
        return false;
      },
    }),
    [label, readOnly, noticeId],
  );

  const editor = useEditor({
    extensions: editorExtensions,
    content: initialDoc,
    editable: !readOnly,
    // Next.js renders this component on the server too; the editor exists only in the browser.
    immediatelyRender: false,
    // The few rules ProseMirror needs are in the CSS module, so no inline <style> (CSP).
    injectCSS: false,
    editorProps,
    onUpdate: ({ editor: current }) => {
      const doc = current.getJSON() as StoryDoc;
      setJson(JSON.stringify(doc));
      setCounts(countsOf(doc));
      onChangeRef.current?.(doc);
      annotationCallbacks.current.onAnnotationsMapped?.(readAnchors(current.state));
    },
    onSelectionUpdate: ({ editor: current }) => {
      const { from, to, empty } = current.state.selection;
      annotationCallbacks.current.onSelectionChange?.(empty ? null : { from, to, quote: quoteOf(current.state.doc, from, to) });
    },
  });

  useEffect(() => {
    // Push the parent's anchors into the plugin (a note added or removed); not an edit.
    if (!editor || !annotations) return;
    editor.view.dispatch(
      editor.state.tr
        .setMeta(annotationPluginKey, setAnchorsMeta(annotations, activeAnnotationId ?? null))
        .setMeta("addToHistory", false),
    );
  }, [editor, annotations, activeAnnotationId]);

  useEffect(() => {
    // emitUpdate=false: toggling read-only is not an edit.
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly, false);
  }, [editor, readOnly]);

  const state = useEditorState({
    editor,
    selector: ({ editor: current }): ToolbarState | null =>
      current
        ? {
            bold: current.isActive("bold"),
            italic: current.isActive("italic"),
            h2: current.isActive("heading", { level: 2 }),
            h3: current.isActive("heading", { level: 3 }),
            bulletList: current.isActive("bulletList"),
            orderedList: current.isActive("orderedList"),
            blockquote: current.isActive("blockquote"),
            link: current.isActive("link"),
            canUndo: current.can().undo(),
            canRedo: current.can().redo(),
          }
        : null,
  });

  const editLink = useCallback(() => {
    if (!editor || !editor.isEditable) return;
    const current = editor.getAttributes("link").href;
    const input = window.prompt(
      "Link address (https://… or mailto:…). Leave empty to remove the link.",
      typeof current === "string" ? current : "https://",
    );
    if (input === null) return;
    const typed = input.trim();
    if (typed === "" || typed === "https://" || typed === "http://") {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      setNotice(null);
      return;
    }
    const href = normalizeLinkHref(withScheme(typed));
    if (!href) {
      setNotice(LINK_REFUSED);
      editor.commands.focus();
      return;
    }
    setNotice(null);
    if (editor.state.selection.empty && !editor.isActive("link")) {
      editor
        .chain()
        .focus()
        .insertContent({ type: "text", text: typed, marks: [{ type: "link", attrs: { href } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    }
  }, [editor]);

  useEffect(() => {
    editLinkRef.current = editLink;
  }, [editLink]);

  const buttons = useMemo(() => toolbarButtons(editor, state, editLink), [editor, state, editLink]);

  const focusEditor = (event: ReactMouseEvent<HTMLDivElement>) => {
    // Clicks on the padding around the text still put the caret in it.
    if (editor && event.target === event.currentTarget) {
      event.preventDefault();
      editor.commands.focus("end");
    }
  };

  return (
    <div className={styles.root}>
      {readOnly ? null : <Toolbar label={label} buttons={buttons} ready={Boolean(editor)} />}
      <div className={styles.surface} onMouseDown={focusEditor} aria-busy={editor ? undefined : true}>
        {editor ? <EditorContent editor={editor} /> : <div className={styles.prose} aria-hidden="true" />}
      </div>
      <div className={styles.footer}>
        <p id={noticeId} className={styles.notice} role="status" aria-live="polite">
          {notice}
        </p>
        <p className={styles.counts}>
          {plural(counts.words, "word")} · {plural(counts.characters, "character")}
        </p>
      </div>
      {name ? <input type="hidden" name={name} value={json} /> : null}
    </div>
  );
}

function Toolbar({ label, buttons, ready }: { label: string; buttons: ToolbarButton[]; ready: boolean }) {
  const [active, setActive] = useState(0);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const enabled = buttons.map((b, i) => (ready && !b.disabled ? i : -1)).filter((i) => i >= 0);
  // One tab stop for the whole toolbar (arrow keys move inside it); if the remembered
  // button became disabled, the first enabled one takes its place.
  const tabStop = enabled.includes(active) ? active : (enabled[0] ?? -1);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (!enabled.length) return;
    const position = Math.max(0, enabled.indexOf(tabStop));
    let next: number | undefined;
    if (event.key === "ArrowRight") next = enabled[(position + 1) % enabled.length];
    else if (event.key === "ArrowLeft") next = enabled[(position - 1 + enabled.length) % enabled.length];
    else if (event.key === "Home") next = enabled[0];
    else if (event.key === "End") next = enabled[enabled.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    refs.current[next]?.focus();
  };

  return (
    <div className={styles.toolbar} role="toolbar" aria-label={`${label} formatting`} onKeyDown={onKeyDown}>
      {buttons.map((button, i) => (
        <button
          key={button.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          className={`${styles.button} ${button.id === "undo" || button.id === "link" ? styles.groupStart : ""}`}
          aria-label={button.label}
          aria-pressed={button.pressed}
          aria-keyshortcuts={button.keys}
          title={`${button.label} (${button.shortcut})`}
          tabIndex={i === tabStop ? 0 : -1}
          disabled={!ready || button.disabled}
          onFocus={() => setActive(i)}
          // Keep the text selection while the button is pressed.
          onMouseDown={(e) => e.preventDefault()}
          onClick={button.run}
        >
          <span aria-hidden="true" className={styles[`glyph_${button.id}`]}>
            {button.glyph}
          </span>
        </button>
      ))}
    </div>
  );
}

function toolbarButtons(editor: Editor | null, s: ToolbarState | null, editLink: () => void): ToolbarButton[] {
  const chain = () => editor?.chain().focus();
  return [
    {
      id: "bold",
      label: "Bold",
      glyph: "B",
      shortcut: "Ctrl/⌘+B",
      keys: "Control+B Meta+B",
      pressed: s?.bold ?? false,
      run: () => chain()?.toggleBold().run(),
    },
    {
      id: "italic",
      label: "Italic",
      glyph: "I",
      shortcut: "Ctrl/⌘+I",
      keys: "Control+I Meta+I",
      pressed: s?.italic ?? false,
      run: () => chain()?.toggleItalic().run(),
    },
    {
      id: "h2",
      label: "Heading",
      glyph: "H2",
      shortcut: "Ctrl/⌘+Alt+2",
      keys: "Control+Alt+2 Meta+Alt+2",
      pressed: s?.h2 ?? false,
      run: () => chain()?.toggleHeading({ level: 2 }).run(),
    },
    {
      id: "h3",
      label: "Subheading",
      glyph: "H3",
      shortcut: "Ctrl/⌘+Alt+3",
      keys: "Control+Alt+3 Meta+Alt+3",
      pressed: s?.h3 ?? false,
      run: () => chain()?.toggleHeading({ level: 3 }).run(),
    },
    {
      id: "bulletList",
      label: "Bulleted list",
      glyph: "•",
      shortcut: "Ctrl/⌘+Shift+8",
      keys: "Control+Shift+8 Meta+Shift+8",
      pressed: s?.bulletList ?? false,
      run: () => chain()?.toggleBulletList().run(),
    },
    {
      id: "orderedList",
      label: "Numbered list",
      glyph: "1.",
      shortcut: "Ctrl/⌘+Shift+7",
      keys: "Control+Shift+7 Meta+Shift+7",
      pressed: s?.orderedList ?? false,
      run: () => chain()?.toggleOrderedList().run(),
    },
    {
      id: "blockquote",
      label: "Quote",
      glyph: "“",
      shortcut: "Ctrl/⌘+Shift+B",
      keys: "Control+Shift+B Meta+Shift+B",
      pressed: s?.blockquote ?? false,
      run: () => chain()?.toggleBlockquote().run(),
    },
    {
      id: "link",
      label: "Link",
      glyph: "Link",
      shortcut: "Ctrl/⌘+K",
      keys: "Control+K Meta+K",
      pressed: s?.link ?? false,
      run: editLink,
    },
    {
      id: "undo",
      label: "Undo",
      glyph: "↶",
      shortcut: "Ctrl/⌘+Z",
      keys: "Control+Z Meta+Z",
      disabled: !(s?.canUndo ?? false),
      run: () => chain()?.undo().run(),
    },
    {
      id: "redo",
      label: "Redo",
      glyph: "↷",
      shortcut: "Ctrl/⌘+Shift+Z",
      keys: "Control+Shift+Z Meta+Shift+Z",
      disabled: !(s?.canRedo ?? false),
      run: () => chain()?.redo().run(),
    },
  ];
}

/** "example.com" → "https://example.com", "desk@example.com" → "mailto:desk@example.com". */
function withScheme(typed: string): string {
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(typed)) return typed;
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(typed)) return `mailto:${typed}`;
  if (typed.startsWith("//")) return `https:${typed}`;
  return `https://${typed}`;
}

function countsOf(doc: StoryDoc) {
  const text = docToPlainText(doc);
  return { words: countWords(text), characters: countCharacters(text) };
}

function plural(n: number, unit: string): string {
  return `${numberFormat.format(n)} ${unit}${n === 1 ? "" : "s"}`;
}
