import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import tagging from "@/components/desk/tagging.module.css";
import { LiveRefresh } from "@/components/desk/live-refresh";
import { NewStoryForm } from "@/components/desk/new-story-form";
import { StoryTable } from "@/components/desk/story-table";
import { requireUser } from "@/lib/auth/session";
import { getStoryList } from "@/lib/services/desk-queue";
import { STORY_STATUSES } from "@/lib/workflow/story-status";

export const dynamic = "force-dynamic";

const LABEL: Record<(typeof STORY_STATUSES)[number], string> = {
  DRAFT: "Drafts",
  IN_REVIEW: "In review",
  READY: "Ready",
  SCHEDULED: "Scheduled",
  PUBLISHED: "Published",
  UNPUBLISHED: "Unpublished",
  KILLED: "Killed",
};

export default async function StoriesPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  const user = await requireUser("/desk/stories");
  const { status, stories, counts } = await getStoryList(user, (await searchParams).status);
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Stories</h1>
        <NewStoryForm />
        <LiveRefresh />
      </div>
      <section className={styles.panel} aria-label="Stories">
        <nav aria-label="Workflow status">
          <ul className={tagging.tabs}>
            <li>
              <Link href="/desk/stories" aria-current={!status ? "page" : undefined}>
                All<span className={tagging.count}>{total}</span>
              </Link>
            </li>
            {STORY_STATUSES.map((s) => (
              <li key={s}>
                <Link href={`/desk/stories?status=${s}`} aria-current={status === s ? "page" : undefined}>
                  {LABEL[s]}
                  <span className={tagging.count}>{counts[s] ?? 0}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <StoryTable stories={stories} emptyText={status ? `No stories are ${LABEL[status].toLowerCase()}.` : undefined} />
      </section>
    </>
  );
}
