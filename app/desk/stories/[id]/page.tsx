import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { StatusBadge } from "@/components/desk/status-badge";
import { StoryForm, type TagValue } from "@/components/desk/story-form";
import { ScheduleControl } from "@/components/desk/schedule-control";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { isAppError } from "@/lib/errors";
import { getStoryForDesk } from "@/lib/services/stories";
import { formatDateTime } from "@/lib/format";
import { TRANSITIONS, transitionsFrom } from "@/lib/workflow/story-status";
import type { StoryDoc } from "@/lib/editor/doc-schema";

export const dynamic = "force-dynamic";

export default async function EditStoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/stories/${id}`);
  const story = await getStoryForDesk(user, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const editable = canEditStory(user, story) && story.status !== "KILLED" && (story.status !== "PUBLISHED" || can(user, "story.publish"));
  // Scheduling needs a time: it has its own control (components/desk/schedule-control.tsx).
  const canSchedule = can(user, "story.schedule") && canEditStory(user, story) && ["DRAFT", "IN_REVIEW", "READY", "SCHEDULED"].includes(story.status);
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
          by {story.author.name} · version {story.version}
          {story.publishedAt ? ` · published ${formatDateTime(story.publishedAt)}` : ""}
        </span>
        {story.wireVersionId ? <span className={styles.badge}>from wire</span> : null}
      </div>
      {story.agencyUpdateAvailable ? (
        <p className={`${styles.notice} ${styles.noticeWarn}`}>The agency has sent an update to the copy this story was made from.</p>
      ) : null}
      {story.embargoUntil && story.embargoUntil > new Date() ? (
        <p className={`${styles.notice} ${styles.noticeWarn}`}>Embargoed until {formatDateTime(story.embargoUntil)}: it cannot be published before then.</p>
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
        key={story.version}
        canEdit={editable}
        transitions={transitions.filter((t) => t.name !== "schedule")}
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
