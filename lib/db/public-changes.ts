import "server-only";
import type { Tx } from "./client";

/**
 * The write side of the public site: what a story appears on (read before and after a write
 * so the cache can be invalidated), the cross-instance change notice, old-slug redirects.
 */

/**
 * What one story appears on as it stands now: its slugs (current and old), id, author and
 * tags. The story-write pipeline reads this before and after a write and invalidates both.
 */
export async function getStoryPublicKeys(tx: Tx, storyId: string) {
  const story = await tx.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      slug: true,
      status: true,
      firstPublishedAt: true,
      author: { select: { slug: true } },
      tags: { select: { tag: { select: { slug: true } } } },
      slugRedirects: { select: { slug: true } },
    },
  });
  if (!story) return null;
  return {
    id: story.id,
    slug: story.slug,
    status: story.status,
    wasPublic: story.firstPublishedAt !== null,
    authorSlug: story.author.slug,
    tagSlugs: story.tags.map((t) => t.tag.slug),
    oldSlugs: story.slugRedirects.map((r) => r.slug),
  };
}

export type StoryPublicKeys = NonNullable<Awaited<ReturnType<typeof getStoryPublicKeys>>>;

/** Tells every app instance (LISTEN wiredesk_public) what changed; delivered only on commit. */
export async function notifyPublicChange(tx: Tx, payload: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify('wiredesk_public', ${payload})`;
}

/** Keeps an old public URL working after a published story's slug changes. */
export async function recordSlugRedirect(tx: Tx, storyId: string, oldSlug: string): Promise<void> {
  await tx.slugRedirect.upsert({ where: { slug: oldSlug }, create: { slug: oldSlug, storyId }, update: { storyId } });
}
