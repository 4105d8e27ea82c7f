import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { CompareView } from "@/components/desk/compare-view";
import { MergeView } from "@/components/desk/merge-view";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getAgencyUpdate } from "@/lib/services/merge";
import { getStoryForDesk } from "@/lib/services/stories";
import { canEditStory } from "@/lib/authz/scopes";

export const dynamic = "force-dynamic";

export default async function AgencyMergePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/stories/${id}/merge`);
  const story = await getStoryForDesk(user, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const update = await getAgencyUpdate(user, id);
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Agency update: {story.headline}</h1>
        <Link href={`/desk/stories/${id}`}>Back to the story</Link>
      </div>
      {!update ? (
        <p className={styles.empty}>The story is based on the agency&apos;s latest version; there is nothing to merge.</p>
      ) : update.killed ? (
        <p className={`${styles.notice} ${styles.noticeDanger}`} role="alert" style={{ fontWeight: 700, borderWidth: 2 }}>
          KILL: the agency withdrew this item. Its updates cannot be merged; do not publish the story.
        </p>
      ) : (
        <>
          <section className={styles.panel} aria-labelledby="agency-h" style={{ marginBottom: "1rem" }}>
            <h2 id="agency-h">
              What the agency changed: version {update.base.version} → {update.theirs.version}
            </h2>
            <CompareView
              caption="The agency's previous version compared with its update"
              leftTitle={`Agency v${update.base.version} (your story's base)`}
              rightTitle={`Agency v${update.theirs.version}`}
              rows={update.agencyChanges.filter(
                (r) => !(r.left?.every((p) => p.kind === "same") && r.right?.every((p) => p.kind === "same")),
              )}
            />
          </section>
          {canEditStory(user, story) ? (
            <MergeView
              storyId={id}
              baseVersion={update.story.version}
              theirsVersionId={update.theirs.id}
              fields={update.fields}
              chunks={update.chunks}
            />
          ) : (
            <p className={styles.empty}>Only the story&apos;s author or an editor can merge the update.</p>
          )}
        </>
      )}
    </>
  );
}
