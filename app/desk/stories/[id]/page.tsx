import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { StatusBadge } from "@/components/desk/status-badge";
import { StoryForm, type TagValue } from "@/components/desk/story-form";
import { ScheduleControl } from "@/components/desk/schedule-control";
import { StoryVersion } from "@/components/desk/story-version";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { isAppError } from "@/lib/errors";
import { getStoryForDesk } from "@/lib/services/stories";
import { formatDateTime } from "@/lib/format";
import { TRANSITIONS, transitionsFrom } from "@/lib/workflow/story-status";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { listAnnotationsFor } from "@/lib/services/annotations";
import { getStoryLockView } from "@/lib/services/locks";
import { VerifyControl } from "@/components/desk/verify-control";
import { EmbargoControl } from "@/components/desk/embargo-control";
import { getStoryWireStatus } from "@/lib/services/merge";
import { findMyPendingAutosave } from "@/lib/services/revisions";

export const dynamic = "force-dynamic";

export default async function EditStoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/stories/${id}`);
  const story = await getStoryForDesk(user, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const editable =
    canEditStory(user, story) && story.status !== "KILLED" && (story.status !== "PUBLISHED" || can(user, "story.publish"));
  const [annotations, lock, wire, autosaved] = await Promise.all([
    listAnnotationsFor(user, { storyId: story.id }, story.body),
    editable ? getStoryLockView(user, story.id) : null,
    story.wireVersionId ? getStoryWireStatus(user, story.id) : null,
    editable ? findMyPendingAutosave(user, story.id) : null,
  ]);
  // Scheduling needs a time: it has its own control (components/desk/schedule-control.tsx).
  // A killed source blocks publishing unless an editor verified the story independently.
  const sourceBlocked = Boolean(wire?.killed && !story.independentlyVerified);
  const canSchedule =
    !sourceBlocked &&
    can(user, "story.schedule") &&
    canEditStory(user, story) &&
    ["DRAFT", "IN_REVIEW", "READY", "SCHEDULED"].includes(story.status);
  const transitions = transitionsFrom(story.status)
    .filter((n) => can(user, TRANSITIONS[n].permission) && canEditStory(user, story))
    .map((n) => ({ name: n, label: TRANSITIONS[n].label }));
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Edit story</h1>
        <StatusBadge status={story.status} />
        {story.status === "PUBLISHED" ? (
          <Link href={`/stories/${story.slug}`} target="_blank">
            View on site
          </Link>
        ) : null}
        <span className={styles.muted}>
          by {story.author.name} · <StoryVersion storyId={story.id} initial={story.version} />
          {story.publishedAt ? ` · published ${formatDateTime(story.publishedAt)}` : ""}
        </span>
        {story.wireVersionId ? <span className={styles.badge}>from wire</span> : null}
        <nav aria-label="Story tools" className={styles.row}>
          <Link href={`/desk/stories/${story.id}/history`}>History</Link>
          {story.wireVersionId ? <Link href={`/desk/stories/${story.id}/original`}>Agency original vs edited</Link> : null}
          {wire && can(user, "story.publish") && story.status !== "KILLED" ? (
            <VerifyControl storyId={story.id} version={story.version} verified={story.independentlyVerified} />
          ) : null}
        </nav>
      </div>
      {wire?.killed ? (
        <p
          className={`${styles.notice} ${styles.noticeDanger}`}
          role="alert"
          data-testid="kill-notice"
          style={{ fontWeight: 700, borderWidth: 2 }}
        >
          KILL: {wire.source} withdrew the copy this story was made from
          {wire.killedAt ? ` at ${formatDateTime(wire.killedAt)}` : ""}.{" "}
          {story.independentlyVerified
            ? "An editor marked this story independently verified, so it stands on the newsroom's own reporting."
            : "Do not publish or use it unless the newsroom verifies it independently."}
        </p>
      ) : story.agencyUpdateAvailable || (wire && wire.latestVersion > wire.baseVersion) ? (
        <p className={`${styles.notice} ${styles.noticeWarn}`} data-testid="agency-update-notice">
          {wire?.source ?? "The agency"} sent version {wire?.latestVersion} of the copy this story was made from (v
          {wire?.baseVersion}). <Link href={`/desk/stories/${story.id}/merge`}>Review the changes and merge</Link>
        </p>
      ) : null}
      {story.embargoUntil && story.embargoUntil > new Date() ? (
        <p className={`${styles.notice} ${styles.noticeWarn}`}>
          Embargoed until {formatDateTime(story.embargoUntil)}: it cannot be published before then.
        </p>
      ) : null}
      {/* A live story cannot be put under embargo, so it gets the control only to lift one. */}
      {can(user, "story.publish") &&
      (["DRAFT", "IN_REVIEW", "READY", "SCHEDULED", "UNPUBLISHED"].includes(story.status) ||
        (story.status === "PUBLISHED" && story.embargoUntil)) ? (
        <EmbargoControl
          key={`embargo-${story.version}`}
          storyId={story.id}
          version={story.version}
          embargoUntil={story.embargoUntil?.toISOString() ?? null}
          live={story.status === "PUBLISHED"}
        />
      ) : null}
      {canSchedule ? (
        <ScheduleControl
          key={`schedule-${story.version}`}
          storyId={story.id}
          scheduledAt={story.status === "SCHEDULED" && story.scheduledAt ? story.scheduledAt.toISOString() : null}
          embargoUntil={story.embargoUntil?.toISOString() ?? null}
        />
      ) : null}
      <StoryForm
        key={story.id}
        canEdit={editable}
        transitions={
          sourceBlocked
            ? transitions.filter((t) => t.name === "kill" || t.name === "unpublish")
            : transitions.filter((t) => t.name !== "schedule")
        }
        annotations={annotations}
        canAnnotate={can(user, "annotation.create")}
        lock={lock}
        canTakeOver={can(user, "story.lock.takeover")}
        updatedAt={story.updatedAt.toISOString()}
        pendingAutosave={
          autosaved?.snapshot.body
            ? {
                createdAt: autosaved.createdAt,
                baseVersion: autosaved.baseVersion,
                input: { ...autosaved.snapshot, body: autosaved.snapshot.body, tags: autosaved.snapshot.tags },
              }
            : null
        }
        story={{
          id: story.id,
          version: story.version,
          status: story.status,
          headline: story.headline,
          standfirst: story.standfirst,
          byline: story.byline,
          datelinePlace: story.datelinePlace,
          body: story.body as StoryDoc,
          tags: story.tags.map(({ tag }) => ({ kind: tag.kind as TagValue["kind"], name: tag.name, id: tag.id })),
        }}
      />
    </>
  );
}
