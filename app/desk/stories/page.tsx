import { redirect } from "next/navigation";
import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import tagging from "@/components/desk/tagging.module.css";
import { LiveRefresh } from "@/components/desk/live-refresh";
import { NewStoryForm } from "@/components/desk/new-story-form";
import { StoryFilters } from "@/components/desk/story-filters";
import { StoryTable } from "@/components/desk/story-table";
import { requireUser } from "@/lib/auth/session";
import { findDeskStories, type DeskStoryParams } from "@/lib/services/desk-search";
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

/** The list's URL with some parameters changed (paging resets unless `after` is given). */
function hrefWith(p: DeskStoryParams, change: Partial<Record<keyof DeskStoryParams, string | string[] | undefined>>) {
  const q = new URLSearchParams();
  const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);
  const base: Record<string, string | string[] | undefined> = {
    q: p.q,
    status: p.status,
    author: p.author,
    tag: p.tag,
    from: day(p.from),
    to: day(p.to),
    origin: p.origin,
    notes: p.notes,
    flag: p.flag,
    sort: p.sort === "updated" ? undefined : p.sort,
    after: undefined,
    ...change,
  };
  for (const [k, v] of Object.entries(base)) {
    for (const one of Array.isArray(v) ? v : v ? [v] : []) q.append(k, one);
  }
  const s = q.toString();
  return s ? `/desk/stories?${s}` : "/desk/stories";
}

export default async function StoriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireUser("/desk/stories");
  const found = await findDeskStories(user, await searchParams);
  if (found.exact) redirect(`/desk/stories/${found.exact}`);
  const { params, items, next, total, byStatus, authors } = found;
  const all = Object.values(byStatus).reduce((a, b) => a + (b ?? 0), 0);
  const only = params.status.length === 1 ? params.status[0] : undefined;
  const filtered = Boolean(
    params.q || params.author || params.tag || params.from || params.to || params.origin || params.notes || params.flag,
  );
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
              <Link href={hrefWith(params, { status: undefined })} aria-current={params.status.length === 0 ? "page" : undefined}>
                All<span className={tagging.count}>{all}</span>
              </Link>
            </li>
            {STORY_STATUSES.map((s) => (
              <li key={s}>
                <Link href={hrefWith(params, { status: s })} aria-current={only === s ? "page" : undefined}>
                  {LABEL[s]}
                  <span className={tagging.count}>{byStatus[s] ?? 0}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <StoryFilters params={params} authors={authors} />
        <p className={tagging.resultCount} data-testid="story-count" aria-live="polite">
          {total.capped ? `More than ${total.count.toLocaleString("en-GB")}` : total.count.toLocaleString("en-GB")}{" "}
          {total.count === 1 && !total.capped ? "story" : "stories"}
          {filtered || params.status.length ? " match" : ""}
          {params.after ? " · showing older ones" : ""}
        </p>
        <StoryTable
          stories={items}
          emptyText={
            filtered ? "No story matches these filters." : only ? `No stories are ${LABEL[only].toLowerCase()}.` : undefined
          }
        />
        <nav aria-label="Pages" className={styles.row}>
          {params.after ? <Link href={hrefWith(params, {})}>← Newest</Link> : null}
          {next ? (
            <Link href={hrefWith(params, { after: next })} rel="next">
              Older stories →
            </Link>
          ) : null}
        </nav>
      </section>
    </>
  );
}
