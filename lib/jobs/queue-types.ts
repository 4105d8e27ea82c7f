/** Queue names and job payloads (no server imports, so tests and scripts can use them). */
export const QUEUES = {
  /** { storyId, scheduledAt, actorId } — publish a scheduled story when it falls due. */
  publishStory: "story-publish",
  /** { feedId } — poll one feed if it is due, then schedule its next poll. */
  pollFeed: "feed-poll",
  /** cron, every minute — re-arm feeds whose chain of polls was broken (a crash mid-poll). */
  superviseFeeds: "feed-supervise",
  /** { cache, keys } — purge these keys from one front cache (lib/jobs/front-purge.ts). */
  purgeFrontCache: "front-purge",
} as const;

export type PublishJobData = { storyId: string; scheduledAt: string; actorId: string };
export type FrontPurgeJobData = { cache: string; keys: string[] };
