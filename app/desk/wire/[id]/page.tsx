import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { CreateStoryButton } from "@/components/desk/create-story-button";
import { AppendToStory } from "@/components/desk/append-to-story";
import { StatusBadge } from "@/components/desk/status-badge";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/policy";
import { findWireItemForDesk } from "@/lib/services/wire-items";
import { formatDateTime } from "@/lib/format";
import { AnnotatedOriginal } from "@/components/desk/annotated-original";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { listAnnotationsFor } from "@/lib/services/annotations";

export const dynamic = "force-dynamic";

export default async function WireItemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/wire/${id}`);
  const item = await findWireItemForDesk(user, id);
  if (!item) notFound();
  const [latest] = item.versions;
  if (!latest) notFound();
  const headline = latest.headline ?? latest.proposedHeadline ?? "(no headline)";
  // Notes on the agency original: the same document the story editor starts from, read-only.
  const annotations = await listAnnotationsFor(user, { wireVersionId: latest.id });
  return (
    <>
      <div className={styles.pageHead}>
        <h1>{headline}</h1>
        {!latest.headline ? <span className={styles.badge}>proposed headline</span> : null}
        {item.state === "KILLED" ? <span className={`${styles.badge} ${styles.badgeDanger}`}>killed by agency</span> : null}
      </div>
      {item.state === "KILLED" ? (
        <p className={`${styles.notice} ${styles.noticeDanger}`} role="alert">
          The agency killed this item{item.killedAt ? ` at ${formatDateTime(item.killedAt)}` : ""}. Do not use it.
        </p>
      ) : null}
      <div className={styles.editorGrid}>
        <section className={styles.panel} aria-labelledby="normalized-h">
          <h2 id="normalized-h">
            {item.source.name} · version {latest.version} · {latest.format}
          </h2>
          <div className={styles.prose}>
            {latest.datelinePlace ? (
              <p>
                <strong>
                  {latest.datelinePlace}
                  {latest.datelineAgency ? ` (${latest.datelineAgency})` : ""}
                </strong>
                {latest.datelineDate ? ` · ${latest.datelineDate.toISOString().slice(0, 10)}` : ""}
              </p>
            ) : null}
            <AnnotatedOriginal
              wireVersionId={latest.id}
              doc={htmlToStoryDoc(latest.bodyHtml)}
              annotations={annotations}
              canAnnotate={can(user, "annotation.create")}
            />
            {latest.credit ? (
              <p>
                <em>{latest.credit}</em>
              </p>
            ) : null}
          </div>
        </section>
        <aside className={styles.side}>
          <section className={styles.panel} aria-labelledby="actions-h">
            <h2 id="actions-h">Use this copy</h2>
            <div className={styles.sideSection}>
              {can(user, "story.create") && item.state !== "KILLED" ? (
                <CreateStoryButton wireVersionId={latest.id} version={latest.version} />
              ) : null}
              {can(user, "story.edit.own") && item.state !== "KILLED" ? <AppendToStory wireVersionId={latest.id} /> : null}
              {latest.stories.length > 0 ? (
                <ul>
                  {latest.stories.map((s) => (
                    <li key={s.id}>
                      <Link href={`/desk/stories/${s.id}`}>{s.headline}</Link> <StatusBadge status={s.status} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </section>
          <section className={styles.panel} aria-labelledby="meta-h">
            <h2 id="meta-h">Agency metadata</h2>
            <dl className={styles.dl}>
              <dt>GUID</dt>
              <dd>{item.guid}</dd>
              <dt>Received</dt>
              <dd>{formatDateTime(latest.receivedAt)}</dd>
              <dt>File</dt>
              <dd>{latest.fileName ?? "—"}</dd>
              <dt>Signal</dt>
              <dd>{latest.signal}</dd>
              <dt>Status</dt>
              <dd>{latest.pubStatus}</dd>
              {latest.embargoUntil ? (
                <>
                  <dt>Embargo</dt>
                  <dd>{formatDateTime(latest.embargoUntil)}</dd>
                </>
              ) : null}
              {latest.slugline ? (
                <>
                  <dt>Slug</dt>
                  <dd>{latest.slugline}</dd>
                </>
              ) : null}
              {latest.byline ? (
                <>
                  <dt>Byline</dt>
                  <dd>{latest.byline}</dd>
                </>
              ) : null}
              <dt>SHA-256</dt>
              <dd>
                <code>{latest.rawSha256.slice(0, 16)}…</code>
              </dd>
            </dl>
          </section>
          <section className={styles.panel} aria-labelledby="versions-h">
            <h2 id="versions-h">Versions received</h2>
            <ul>
              {item.versions.map((v) => (
                <li key={v.id}>
                  v{v.version} · {v.signal} · {formatDateTime(v.receivedAt)} ·{" "}
                  <a href={`/api/desk/wire/versions/${v.id}/original`}>original</a>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </>
  );
}
