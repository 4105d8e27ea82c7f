import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/public/public.module.css";
import tagging from "@/components/desk/tagging.module.css";
import { requireUser } from "@/lib/auth/session";
import { renderStoryHtml } from "@/lib/editor/render";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { listStoryCorrections } from "@/lib/services/corrections";
import { getStoryForDesk } from "@/lib/services/stories";
import { ArticleBody, ArticleCorrections } from "@/components/public/article-body";

export const dynamic = "force-dynamic";

/**
 * The story as the public article page will show it: the same server renderer
 * (renderStoryHtml: shared Tiptap extensions + sanitizer) and the same public styles and
 * markup as app/(public)/stories/[slug]. Links are inert here. Staff only; never cached.
 */
export default async function PreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/stories/${id}/preview`);
  const story = await getStoryForDesk(user, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const corrections = await listStoryCorrections(user, story.id);
  const html = renderStoryHtml(story.body);
  const published = story.firstPublishedAt ?? story.publishedAt;
  const updated =
    story.publishedAt && published && story.publishedAt.getTime() - published.getTime() > 60_000 ? story.publishedAt : null;
  const byline = story.byline || story.author.name;
  return (
    <div data-testid="story-preview">
      <p className={tagging.previewBar} role="note">
        <strong>Preview</strong>
        <span>
          Last saved version · status {story.status.toLowerCase().replace("_", " ")}
          {published ? "" : " · not yet published"}
        </span>
        <Link href={`/desk/stories/${story.id}`}>Back to the editor</Link>
      </p>
      <header className={styles.masthead}>
        <div className={`${styles.shell} ${styles.mastheadInner}`}>
          <p className={styles.title}>{env().SITE_NAME}</p>
          <p className={styles.dateline}>{formatDate(new Date())}</p>
        </div>
      </header>
      <div className={styles.shell}>
        <article className={styles.article}>
          <header className={styles.articleHead}>
            {story.tags[0] ? (
              <p className={styles.kicker}>
                <a>{story.tags[0].tag.name}</a>
              </p>
            ) : null}
            <h1 className={styles.headline}>{story.headline}</h1>
            {story.standfirst ? <p className={styles.standfirst}>{story.standfirst}</p> : null}
            <div className={styles.byline}>
              <p>By {byline}</p>
              <p className={styles.times}>
                <span>
                  Published{" "}
                  <time dateTime={(published ?? new Date()).toISOString()}>
                    {published ? formatDateTime(published) : "on publication"}
                  </time>
                </span>
                {updated ? (
                  <span>
                    Updated <time dateTime={updated.toISOString()}>{formatDateTime(updated)}</time>
                  </span>
                ) : null}
              </p>
            </div>
          </header>
          <ArticleBody datelinePlace={story.datelinePlace} datelineDate={story.datelineDate} html={html} credit={story.credit} />
          <ArticleCorrections corrections={corrections} />
          {story.tags.length > 0 ? (
            <nav aria-label="Topics">
              <ul className={styles.tags}>
                {story.tags.map(({ tag }) => (
                  <li key={tag.id}>
                    <a>{tag.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </article>
      </div>
    </div>
  );
}
