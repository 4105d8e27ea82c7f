import type { Metadata } from "next";
import styles from "@/components/desk/desk.module.css";
import ingest from "@/components/desk/ingest.module.css";
import { DeleteFeedButton, FeedForm } from "@/components/desk/feed-form";
import { requirePermission } from "@/lib/auth/session";
import { listFeedsForAdmin, type FeedHealth } from "@/lib/services/feeds";
import { createFeedAction, deleteFeedAction, updateFeedAction } from "./actions";

export const metadata: Metadata = { title: "Feeds" };
export const dynamic = "force-dynamic";

const STATUS_BADGE: Record<FeedHealth["status"], { label: string; className: string }> = {
  ok: { label: "healthy", className: styles.badgeOk! },
  failing: { label: "failing", className: styles.badgeDanger! },
  never: { label: "not polled yet", className: styles.badgeWarn! },
  disabled: { label: "disabled", className: "" },
};

function when(d: Date | null): string {
  if (!d) return "never";
  if (d.getTime() <= 0) return "now";
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

function every(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export default async function FeedsPage() {
  const actor = await requirePermission("ingest.manage", "/desk/admin/feeds");
  const feeds = await listFeedsForAdmin(actor);
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Feeds</h1>
        <span className={styles.muted}>
          {feeds.length} configured · polled in the background with conditional GET; failures back off exponentially
        </span>
      </div>
      <div className={ingest.feedGrid}>
        <section className={styles.panel} aria-labelledby="feed-list">
          <h2 id="feed-list">Polled feeds</h2>
          {feeds.length === 0 ? (
            <p className={styles.sideSection}>No feeds yet. Add an RSS, Atom or ninjs endpoint on the right.</p>
          ) : (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Feed</th>
                  <th scope="col">Health</th>
                  <th scope="col">Items</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {feeds.map((f) => {
                  const badge = STATUS_BADGE[f.status];
                  return (
                    <tr key={f.id} data-testid="feed-row">
                      <td>
                        <strong>{f.name}</strong> <span className={styles.muted}>every {every(f.intervalSeconds)}</span>
                        <div className={ingest.feedUrl}>{f.url}</div>
                        <details className={ingest.details}>
                          <summary>Edit</summary>
                          <FeedForm
                            action={updateFeedAction.bind(null, f.id)}
                            initial={{ name: f.name, url: f.url, intervalSeconds: f.intervalSeconds, enabled: f.enabled }}
                            submitLabel="Save feed"
                          />
                        </details>
                      </td>
                      <td>
                        <span className={`${styles.badge} ${badge.className}`}>{badge.label}</span>
                        <div className={ingest.health}>
                          <span>Last success: {when(f.lastSuccessAt)}</span>
                          <span>Last poll: {when(f.lastPolledAt)}</span>
                          {f.nextPollAt ? <span>Next poll: {when(f.nextPollAt)}</span> : null}
                          {f.lastErrorAt ? (
                            <span>
                              Last error: {when(f.lastErrorAt)}
                              {f.consecutiveErrors > 0 ? ` (${f.consecutiveErrors} in a row)` : ""}
                              <br />
                              <span className={ingest.errorText}>{f.lastError}</span>
                            </span>
                          ) : null}
                        </div>
                      </td>
                      <td data-testid="feed-items">{f.itemsReceived}</td>
                      <td>
                        <DeleteFeedButton action={deleteFeedAction.bind(null, f.id)} name={f.name} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <aside className={styles.panel} aria-labelledby="add-feed">
          <h2 id="add-feed">Add a feed</h2>
          <div className={styles.sideSection}>
            <FeedForm action={createFeedAction} submitLabel="Add feed" />
          </div>
        </aside>
      </div>
    </>
  );
}
