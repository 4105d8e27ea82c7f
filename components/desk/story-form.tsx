"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { getSavedStoryAction, republishStoryAction, saveStoryAction, transitionStoryAction } from "@/app/desk/stories/actions";
import { TagPicker } from "./tag-picker";
import { StoryEditor } from "@/components/editor/story-editor";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { plainJson } from "@/lib/editor/plain-json";
import type { EditorAnchor } from "@/lib/editor/annotation-plugin";
import type { AnnotationView } from "@/lib/services/annotations";
import type { LockView } from "@/lib/services/locks";
import styles from "./desk.module.css";
import review from "./desk-review.module.css";
import { AnnotationsSidebar } from "./annotations-sidebar";
import { clearLocalDrafts, readLocalDrafts, useAutosave, type DraftInput } from "./autosave";
import { LockBanner } from "./lock-banner";
import { StaleSavePanel, type SavedStory } from "./stale-save";
import { announceStoryVersion } from "./story-version";
import { StoryTextFields, type StoryTextValues } from "./story-text-fields";
import { StoryWorkflowPanel } from "./story-workflow-panel";
import { conflictReason } from "@/lib/errors";

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
  /** Desk-only notes on the body (never published). */
  annotations?: AnnotationView[];
  canAnnotate?: boolean;
  /** The edit lock as the page saw it; null when this person cannot edit. */
  lock?: LockView | null;
  canTakeOver?: boolean;
  /** When the story was last saved, to tell whether a browser draft is newer. */
  updatedAt?: string;
  /** This person's server autosave newer than the last save (e.g. after a crash). */
  pendingAutosave?: { createdAt: string; baseVersion: number | null; input: Omit<DraftInput, "baseVersion"> } | null;
};

const toAnchor = (n: AnnotationView): EditorAnchor => ({
  id: n.id,
  from: n.anchorFrom,
  to: n.anchorTo,
  kind: n.kind,
  resolved: Boolean(n.resolvedAt),
});

export function StoryForm({
  story,
  canEdit: mayEdit,
  transitions,
  annotations = [],
  canAnnotate = false,
  lock = null,
  canTakeOver = false,
  updatedAt,
  pendingAutosave = null,
}: StoryFormProps) {
  const router = useRouter();
  const formId = useId();
  const [pending, start] = useTransition();
  const [version, setVersion] = useState(story.version);
  const [fields, setFields] = useState<StoryTextValues>({
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

  // Edit lock: without it the form is read-only (someone else is editing).
  const [lockState, setLockState] = useState({ heldByMe: lock?.heldByMe ?? false, sessionEnded: false });
  const canEdit = mayEdit && (lock === null || lockState.heldByMe || lockState.sessionEnded);
  // The editor is re-created (key) when its text is replaced wholesale (restore, load theirs).
  const [editorDoc, setEditorDoc] = useState<{ key: number; doc: StoryDoc }>({ key: 0, doc: story.body });

  // Annotations: the editor maps positions through edits; we keep the latest for save and ordering.
  const [notes, setNotes] = useState<AnnotationView[]>(annotations);
  const [editorAnchors, setEditorAnchors] = useState<EditorAnchor[]>(() => annotations.map(toAnchor));
  const mapped = useRef<EditorAnchor[]>(editorAnchors);
  const [positions, setPositions] = useState<Map<string, { from: number; to: number }>>(
    () => new Map(editorAnchors.map((a) => [a.id, a])),
  );
  const [selection, setSelection] = useState<{ from: number; to: number; quote: string } | null>(null);
  const [activeNote, setActiveNote] = useState<string | null>(null);
  const onNotesChange = useCallback((next: AnnotationView[]) => {
    const at = new Map(mapped.current.map((a) => [a.id, a]));
    const anchors = next.map((n) => ({
      ...toAnchor(n),
      ...(at.get(n.id) ? { from: at.get(n.id)!.from, to: at.get(n.id)!.to } : {}),
    }));
    mapped.current = anchors;
    setNotes(next);
    setEditorAnchors(anchors);
    setPositions(new Map(anchors.map((a) => [a.id, a])));
  }, []);

  // The form stays mounted across router.refresh() (after a save, a transition, a live update),
  // so the editor keeps its selection, undo history and anything typed meanwhile. When the
  // server's story moved past ours (a transition, another editor's save) and nothing is
  // unsaved here, adopt it; with unsaved text, keep ours: the next save is refused as stale and
  // the reconcile panel shows both.
  const [seenVersion, setSeenVersion] = useState(story.version);
  if (story.version !== seenVersion) {
    setSeenVersion(story.version);
    if (story.version > version && !dirty) {
      setVersion(story.version);
      setFields({
        headline: story.headline,
        standfirst: story.standfirst,
        byline: story.byline,
        datelinePlace: story.datelinePlace,
      });
      setTags(story.tags);
      if (JSON.stringify(story.body) !== JSON.stringify(body)) {
        setBody(story.body);
        setEditorDoc((d) => ({ key: d.key + 1, doc: story.body }));
        // A new text comes with the server's note anchors for it.
        setNotes(annotations);
        setEditorAnchors(annotations.map(toAnchor));
        setPositions(new Map(annotations.map((n) => [n.id, { from: n.anchorFrom, to: n.anchorTo }])));
      }
    }
  }

  // Stale save: the newer saved story, shown beside ours.
  type Mine = Omit<DraftInput, "baseVersion" | "body"> & { body: StoryDoc };
  const [stale, setStale] = useState<{ theirs: SavedStory; loaded: boolean; mine: Mine } | null>(null);

  const draft: DraftInput = useMemo(() => ({ ...fields, body, tags, baseVersion: version }), [fields, body, tags, version]);
  const showStale = useCallback(
    async (mine: Mine) => {
      const res = await getSavedStoryAction(story.id);
      if (res.ok) setStale({ theirs: res.data, loaded: false, mine });
    },
    [story.id],
  );
  const autosave = useAutosave({
    storyId: story.id,
    input: draft,
    dirty: dirty && canEdit,
    enabled: !lockState.sessionEnded,
    onConflict: () => void showStale({ ...fields, body, tags }),
  });

  // Unsaved text from an earlier session (browser draft or server autosave) newer than the saved story.
  const [offer, setOffer] = useState<{
    source: string;
    savedAt: string;
    baseVersion: number | null;
    input: Omit<DraftInput, "baseVersion">;
  } | null>(null);
  // Checked once per mount (opening the story): later refreshes come from our own saves and
  // transitions, which must not re-apply a browser draft over what is in the editor.
  const draftsChecked = useRef(false);
  useEffect(() => {
    if (!mayEdit || draftsChecked.current) return;
    draftsChecked.current = true;
    const local = readLocalDrafts(story.id)[0];
    const candidates = [
      ...(local ? [{ source: "this browser", savedAt: local.savedAt, baseVersion: local.baseVersion, input: local.input }] : []),
      ...(pendingAutosave
        ? [
            {
              source: "an autosave",
              savedAt: pendingAutosave.createdAt,
              baseVersion: pendingAutosave.baseVersion,
              input: pendingAutosave.input,
            },
          ]
        : []),
    ].sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    const best = candidates[0];
    const differs =
      best && (JSON.stringify(best.input.body) !== JSON.stringify(story.body) || best.input.headline !== story.headline);
    // A browser draft based on exactly this version holds edits made on top of it (typically
    // keystrokes typed while the page refreshed after a save, which re-mounts this form):
    // applying it cannot overwrite anyone, so it comes back at once.
    if (best && differs && best.source === "this browser" && best.baseVersion === story.version) {
      const i = best.input;
      /* eslint-disable react-hooks/set-state-in-effect -- localStorage is only readable after mount */
      setFields({ headline: i.headline, standfirst: i.standfirst, byline: i.byline, datelinePlace: i.datelinePlace });
      setBody(i.body as StoryDoc);
      setTags(i.tags as TagValue[]);
      setEditorDoc((d) => ({ key: d.key + 1, doc: i.body as StoryDoc }));
      setDirty(true);
      setMessage({ tone: "ok", text: "Your unsaved text was restored from this browser. Save to keep it." });
      return;
    }
    if (best && differs && (!updatedAt || best.savedAt > updatedAt)) setOffer(best);
    /* eslint-enable react-hooks/set-state-in-effect */
  }, [mayEdit, story.id, story.version, story.body, story.headline, updatedAt, pendingAutosave]);

  function restoreOffer() {
    if (!offer) return;
    const i = offer.input;
    setFields({ headline: i.headline, standfirst: i.standfirst, byline: i.byline, datelinePlace: i.datelinePlace });
    setBody(i.body as StoryDoc);
    setTags(i.tags as TagValue[]);
    setEditorDoc((d) => ({ key: d.key + 1, doc: i.body as StoryDoc }));
    setDirty(true);
    setMessage({
      tone: "ok",
      text:
        offer.baseVersion !== null && offer.baseVersion !== version
          ? `Restored your unsaved text. It was based on version ${offer.baseVersion}; the story is now at version ${version}: check it before saving.`
          : "Restored your unsaved text. Save to keep it.",
    });
    setOffer(null);
  }

  const set = (key: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setFields((f) => ({ ...f, [key]: e.target.value }));
    setDirty(true);
  };

  async function save(baseVersion = version, content: Mine = { ...fields, body, tags }): Promise<boolean> {
    const anchors = mapped.current.map(({ id, from, to }) => ({ id, from, to }));
    // A "Saved" left over from the previous save must not stand for this one while it is in flight.
    setMessage({ tone: "ok", text: "Saving…" });
    const res = await saveStoryAction(story.id, plainJson({ ...content, baseVersion, anchors })).catch(() => null);
    if (!res) {
      // Signed out (the desk redirects the action to sign-in) or offline: nothing is lost.
      setMessage({
        tone: "danger",
        text: "Not saved: you are signed out or offline. Your text is kept in this browser; sign in again in a new tab, then save.",
      });
      return false;
    }
    if (res.ok) {
      setVersion(res.data.version);
      announceStoryVersion(story.id, res.data.version);
      setDirty(false);
      setSuggestionsKey((k) => k + 1);
      setStale(null);
      clearLocalDrafts(story.id);
      setMessage({ tone: "ok", text: "Saved" });
      return true;
    }
    setMessage({ tone: "danger", text: res.error.message });
    if (conflictReason(res.error) === "stale") await showStale(content);
    return false;
  }

  // After a save the page around the form needs nothing new but the version number, which the
  // header takes from announceStoryVersion. Only a live story's page (its "published" time)
  // is refreshed, in the background: a server action waits for a refresh in flight, so
  // refreshing after every save held up the next one (bench:desk: ~235 -> ~80 ms p50).
  const refreshSoon = useCallback(() => {
    if (story.status === "PUBLISHED") window.setTimeout(() => router.refresh(), 0);
  }, [router, story.status]);

  // Not a transition: React commits transitions together, so a save's "Saved" would wait for
  // the page refresh (itself a transition) to finish rendering.
  const [saving, setSaving] = useState(false);
  async function onSave(e: React.FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      if (await save()) refreshSoon();
    } finally {
      setSaving(false);
    }
  }

  function onTransition(name: string) {
    start(async () => {
      if (dirty && canEdit && !(await save())) return;
      const res =
        name === "republish" ? await republishStoryAction(story.id, correctionNote) : await transitionStoryAction(story.id, name);
      if (res.ok && name === "republish") setCorrectionNote("");
      if (res.ok) {
        setMessage({ tone: "ok", text: `Status: ${res.data.status.toLowerCase().replace("_", " ")}` });
        router.refresh();
      } else setMessage({ tone: "danger", text: res.error.message });
    });
  }

  return (
    <div>
      {lock ? <LockBanner storyId={story.id} initial={lock} canTakeOver={canTakeOver} onStateChange={setLockState} /> : null}
      {offer ? (
        <div className={`${styles.notice} ${styles.noticeWarn}`} role="alert" data-testid="restore-offer">
          There is unsaved text for this story from {offer.source} ({new Date(offer.savedAt).toLocaleString("en-GB")}).{" "}
          <button type="button" className={review.small} onClick={restoreOffer}>
            Restore unsaved text
          </button>{" "}
          <button type="button" className={review.small} onClick={() => setOffer(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {stale ? (
        <StaleSavePanel
          mine={stale.mine}
          theirs={stale.theirs}
          loadedTheirs={stale.loaded}
          onDismiss={() => setStale(null)}
          onKeepMine={() => {
            const theirsVersion = stale.theirs.version;
            const mine = stale.mine;
            start(async () => {
              setFields({
                headline: mine.headline,
                standfirst: mine.standfirst,
                byline: mine.byline,
                datelinePlace: mine.datelinePlace,
              });
              setBody(mine.body);
              setTags(mine.tags as TagValue[]);
              if (stale.loaded) setEditorDoc((d) => ({ key: d.key + 1, doc: mine.body }));
              if (await save(theirsVersion, mine)) refreshSoon();
            });
          }}
          onLoadTheirs={() => {
            const t = stale.theirs;
            setFields({ headline: t.headline, standfirst: t.standfirst, byline: t.byline, datelinePlace: t.datelinePlace });
            setBody(t.body);
            setVersion(t.version);
            setEditorDoc((d) => ({ key: d.key + 1, doc: t.body }));
            setStale({ ...stale, loaded: true });
            setDirty(false);
          }}
        />
      ) : null}
      {message ? (
        <p
          role="status"
          data-testid="story-message"
          className={`${styles.notice} ${message.tone === "ok" ? styles.noticeOk : styles.noticeDanger}`}
        >
          {message.text}
        </p>
      ) : null}
      <div className={styles.editorGrid}>
        {/* Only the text is the form: the side column holds forms of its own (notes), and
            nested forms are invalid HTML (the parser drops the inner one and its submit
            button then submits the story). The Save button joins this form by id. */}
        <form id={formId} onSubmit={onSave} aria-label="Edit story">
          <StoryTextFields fields={fields} onChange={set} readOnly={!canEdit} />
          <StoryEditor
            key={editorDoc.key}
            initialDoc={editorDoc.doc}
            label="Story body"
            readOnly={!canEdit}
            onChange={(doc) => {
              setBody(doc);
              setDirty(true);
            }}
            annotations={editorAnchors}
            activeAnnotationId={activeNote}
            onAnnotationsMapped={(a) => {
              mapped.current = a;
              setPositions(new Map(a.map((x) => [x.id, x])));
            }}
            onSelectionChange={setSelection}
            onAnnotationClick={setActiveNote}
          />
        </form>
        <div className={styles.side}>
          <StoryWorkflowPanel
            storyId={story.id}
            formId={formId}
            canEdit={canEdit}
            pending={pending}
            saving={saving}
            dirty={dirty}
            autosave={autosave}
            transitions={transitions}
            onTransition={onTransition}
            correctionNote={correctionNote}
            onCorrectionNoteChange={setCorrectionNote}
          />
          <AnnotationsSidebar
            className={styles.panel}
            target={{ storyId: story.id }}
            notes={notes}
            onNotesChange={onNotesChange}
            positions={positions}
            selection={selection}
            activeId={activeNote}
            onActivate={setActiveNote}
            canAnnotate={canAnnotate}
          />
          <TagPicker
            storyId={story.id}
            tags={tags}
            canEdit={canEdit}
            refreshKey={suggestionsKey}
            onChange={(next, saved, versions) => {
              setTags(next);
              if (!saved) setDirty(true);
              // The server applied an accepted suggestion on top of exactly the version this
              // form is based on, and the form already shows that tag: follow it, so the
              // next save is not refused as stale.
              if (versions && versions.from === version) {
                setVersion(versions.to);
                announceStoryVersion(story.id, versions.to);
              }
            }}
          />
        </div>
      </div>
    </div>
  );
}
