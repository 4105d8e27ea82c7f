import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { RevisionHistory } from "@/components/desk/revision-history";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/policy";
import { canEditStory } from "@/lib/authz/scopes";
import { isAppError } from "@/lib/errors";
import { getStoryForDesk } from "@/lib/services/stories";
import { listRevisionsFor } from "@/lib/services/revisions";

export const dynamic = "force-dynamic";

export default async function StoryHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/stories/${id}/history`);
  const story = await getStoryForDesk(user, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { revisions } = await listRevisionsFor(user, id);
  const canRestore =
    canEditStory(user, story) && story.status !== "KILLED" && (story.status !== "PUBLISHED" || can(user, "story.publish"));
  return (
    <>
      <div className={styles.pageHead}>
        <h1>History: {story.headline}</h1>
        <Link href={`/desk/stories/${id}`}>Back to the story</Link>
        <span className={styles.muted}>current version {story.version}</span>
      </div>
      <RevisionHistory
        storyId={id}
        version={story.version}
        canRestore={canRestore}
        revisions={revisions.map((r) => ({
          number: r.number,
          kind: r.kind,
          status: r.status,
          createdAt: r.createdAt.toISOString(),
          author: r.author?.name ?? null,
        }))}
      />
    </>
  );
}
