import "server-only";
import { afterCommit, type Tx } from "@/lib/db/client";
import { notifyPublicChange, type StoryPublicKeys } from "@/lib/db/public-changes";
import { env } from "@/lib/env";
import { enqueueFrontPurge } from "@/lib/jobs/front-purge";
import { CHANNEL, emitLocalInvalidation, LIST_KEYS } from "./cache-keys";

/**
 * Precise invalidation of the public page cache (scripts/server.ts).
 *
 * Called by the services that change what readers see, inside their transaction. Against a
 * real Postgres it runs pg_notify in that transaction, so every app instance (each LISTENs
 * on the channel) hears of it only once the change is committed, and never for a rollback.
 * The embedded PGlite has a single connection that the app pool owns, so there the event
 * goes through an in-process emitter instead, once the transaction has committed (and never
 * for a rollback), like a notification. Front caches (Varnish, …) get the same keys as
 * purge-by-key requests, through a job enqueued in this transaction (lib/jobs/front-purge.ts).
 */
export async function invalidatePublic(tx: Tx, keys: string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  // The same keys, purged from the front caches (if any) by a job enqueued in this transaction.
  await enqueueFrontPurge(tx, unique);
  if (env().WIREDESK_EMBEDDED === "1") {
    afterCommit(tx, () => emitLocalInvalidation(unique));
    return;
  }
  await notifyPublicChange(tx, JSON.stringify({ keys: unique }));
}

/**
 * The cache keys of everything one story appears on: its page (current and old slugs, and by
 * id for the content API), its author's page, its tags' pages and feeds, and the lists every
 * story is on (home, feeds, sitemaps, API lists). A story that has never been public is on
 * nothing a reader can see, so it has no keys.
 */
export function publicKeysOf(story: StoryPublicKeys | null): string[] {
  if (!story || (story.status !== "PUBLISHED" && !story.wasPublic)) return [];
  return [
    `story:${story.slug}`,
    `story:${story.id}`,
    ...story.oldSlugs.map((s) => `story:${s}`),
    `author:${story.authorSlug}`,
    ...story.tagSlugs.map((s) => `tag:${s}`),
    ...LIST_KEYS,
  ];
}

export { CHANNEL };
