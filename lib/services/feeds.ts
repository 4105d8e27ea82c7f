import "server-only";
import { z } from "zod";
import { transaction, type Tx } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import {
  claimFeedPoll,
  deleteFeedRow,
  feedUrlTaken,
  findFeed,
  insertFeed,
  listEnabledFeeds,
  listFeeds,
  recordFeedError,
  recordFeedSuccess,
  updateFeedSettings,
  type FeedRow,
} from "@/lib/db/feeds";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { nextPollDelaySeconds } from "@/lib/jobs/backoff";
import { jobId, jobQueue, QUEUES, txDb } from "@/lib/jobs/queue";
import { parseAllowList } from "@/lib/net/ssrf";
import { checkFeedUrl, FeedFetchError, fetchFeed } from "@/lib/wire/fetch-feed";
import { audit } from "./audit";
import { importWireFilesAsSystem } from "./wire-import";

type Ctx = { ip?: string | null };

export const feedInputSchema = z.object({
  name: z
    .string()
    .transform((s) => s.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, " ").trim())
    .pipe(z.string().min(1, "Give the feed a name").max(120)),
  url: z.string().trim().min(1, "Enter the feed's URL").max(2000),
  intervalSeconds: z.coerce.number().int("Whole seconds").min(60, "At least 60 seconds").max(86_400, "At most one day"),
  enabled: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
});

function allowHosts() {
  return parseAllowList(env().WIREDESK_FEED_ALLOW_HOSTS);
}

function parseFeedInput(input: unknown) {
  const parsed = feedInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Check the feed settings", {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  try {
    // Scheme, credentials and literal private addresses are refused when saving; names
    // that resolve to private addresses are refused at every fetch (DNS can change).
    const url = checkFeedUrl(parsed.data.url, allowHosts());
    return { ...parsed.data, url: url.toString() };
  } catch (e) {
    if (e instanceof FeedFetchError) throw new AppError("VALIDATION", e.message, { fieldErrors: { url: [e.message] } });
    throw e;
  }
}

export type FeedHealth = FeedRow & { status: "ok" | "failing" | "never" | "disabled"; nextPollAt: Date | null };

function healthOf(feed: FeedRow): FeedHealth {
  const status = !feed.enabled ? "disabled" : feed.consecutiveErrors > 0 ? "failing" : feed.lastSuccessAt ? "ok" : "never";
  return { ...feed, status, nextPollAt: feed.enabled ? nextPollAt(feed) : null };
}

function nextPollAt(feed: Pick<FeedRow, "lastPolledAt" | "intervalSeconds" | "consecutiveErrors">): Date {
  if (!feed.lastPolledAt) return new Date(0);
  return new Date(feed.lastPolledAt.getTime() + nextPollDelaySeconds(feed.intervalSeconds, feed.consecutiveErrors) * 1000);
}

export async function listFeedsForAdmin(actor: Actor | null): Promise<FeedHealth[]> {
  assertCan(actor, "ingest.manage");
  return (await listFeeds()).map(healthOf);
}

/**
 * Every configuration change is audited and arms a poll in the same transaction. The
 * queue is started first (see scheduleStory for why that must happen outside).
 */
export async function createFeed(actor: Actor | null, input: unknown, ctx: Ctx = {}) {
  assertCan(actor, "ingest.manage");
  const data = parseFeedInput(input);
  await jobQueue();
  const now = new Date();
  return transaction(async (tx) => {
    if (await feedUrlTaken(tx, data.url))
      throw new AppError("CONFLICT", "That feed URL is already configured", { fieldErrors: { url: ["Already configured"] } });
    const feed = await insertFeed(tx, data);
    await audit(tx, {
      actorId: actor.id,
      action: "feed.create",
      targetType: "feed",
      targetId: feed.id,
      ip: ctx.ip,
      meta: { ...data },
    });
    if (feed.enabled) await armPoll(feed.id, now, tx);
    return { id: feed.id };
  });
}

export async function updateFeed(actor: Actor | null, id: string, input: unknown, ctx: Ctx = {}) {
  assertCan(actor, "ingest.manage");
  const data = parseFeedInput(input);
  await jobQueue();
  const now = new Date();
  return transaction(async (tx) => {
    const before = await findFeed(tx, id);
    if (!before) throw notFound("Feed not found");
    if (await feedUrlTaken(tx, data.url, id))
      throw new AppError("CONFLICT", "That feed URL is already configured", { fieldErrors: { url: ["Already configured"] } });
    const after = await updateFeedSettings(tx, id, { ...data, resetState: before.url !== data.url });
    const changed = (["name", "url", "intervalSeconds", "enabled"] as const).filter((k) => before[k] !== after[k]);
    await audit(tx, {
      actorId: actor.id,
      action: "feed.update",
      targetType: "feed",
      targetId: id,
      ip: ctx.ip,
      meta: {
        changed,
        before: { name: before.name, url: before.url, intervalSeconds: before.intervalSeconds, enabled: before.enabled },
        after: data,
      },
    });
    // A wake-up now: the job itself works out whether the new settings make a poll due.
    if (after.enabled) await armPoll(id, now, tx);
    return { id };
  });
}

export async function deleteFeed(actor: Actor | null, id: string, ctx: Ctx = {}) {
  assertCan(actor, "ingest.manage");
  return transaction(async (tx) => {
    const before = await findFeed(tx, id);
    if (!before) throw notFound("Feed not found");
    await deleteFeedRow(tx, id);
    await audit(tx, {
      actorId: actor.id,
      action: "feed.delete",
      targetType: "feed",
      targetId: id,
      ip: ctx.ip,
      meta: { name: before.name, url: before.url },
    });
    return { id };
  });
}

export type PollResult =
  | { status: "not-due" | "gone" | "lost-claim" }
  | { status: "not-modified" | "imported"; itemsAdded: number }
  | { status: "error"; message: string };

/**
 * The poll job for one feed. It polls only if the feed is due (interval, or back-off after
 * failures) and only if it wins the claim on lastPolledAt, so duplicate wake-ups and
 * several app instances still give one poll; then it arms the next wake-up. The outcome
 * is written to the feed's health columns, never thrown: a failing feed must not fail
 * the queue, and one bad item never stops the rest (each item imports on its own).
 */
export async function pollFeedJob(feedId: string, now = new Date()): Promise<PollResult> {
  const feed = await findFeed(db(), feedId);
  if (!feed || !feed.enabled) return { status: "gone" };
  // 1 s of slack: the wake-up was armed for exactly the due time.
  const due = nextPollAt(feed);
  if (due.getTime() > now.getTime() + 1000) {
    // Woken early (settings changed): make sure a wake-up exists for the due time.
    await armPoll(feed.id, due);
    return { status: "not-due" };
  }
  if (!(await claimFeedPoll(feed.id, feed.lastPolledAt, now))) return { status: "lost-claim" };

  let result: PollResult;
  let errors = feed.consecutiveErrors;
  const e = env();
  try {
    const res = await fetchFeed(feed.url, {
      etag: feed.etag,
      lastModified: feed.lastModified,
      allowHosts: allowHosts(),
      maxBytes: e.WIREDESK_FEED_MAX_BYTES,
      timeoutMs: e.WIREDESK_FEED_TIMEOUT_MS,
    });
    if (res.status === "not-modified") {
      await recordFeedSuccess(feed.id, { at: new Date(), etag: feed.etag, lastModified: feed.lastModified, itemsAdded: 0 });
      result = { status: "not-modified", itemsAdded: 0 };
      errors = 0;
    } else {
      const name = `${feed.name.replace(/[/\\]/g, "-")}/${new URL(res.url).pathname.split("/").pop() || "feed"}`;
      const [report] = await importWireFilesAsSystem([{ name, bytes: res.bytes }], { via: `feed:${feed.id}` });
      const outcomes = report?.outcomes ?? [];
      const itemsAdded = outcomes.filter((o) => o.status === "imported" || o.status === "updated").length;
      const failures = outcomes.filter((o) => o.status === "failed");
      if (outcomes.length > 0 && failures.length === outcomes.length) {
        const first = failures[0];
        throw new FeedFetchError(
          `The feed could not be read: ${first && first.status === "failed" ? first.reason : "no items"}`,
          "http",
        );
      }
      await recordFeedSuccess(feed.id, { at: new Date(), etag: res.etag, lastModified: res.lastModified, itemsAdded });
      result = { status: "imported", itemsAdded };
      errors = 0;
    }
  } catch (err) {
    const message = err instanceof FeedFetchError ? err.message : "Unexpected error while polling (see the server log)";
    if (!(err instanceof FeedFetchError)) console.error("feed poll failed", { feedId, err });
    const updated = await recordFeedError(feed.id, { at: new Date(), message });
    errors = updated.consecutiveErrors;
    result = { status: "error", message };
  }
  await armPoll(feed.id, new Date(now.getTime() + nextPollDelaySeconds(feed.intervalSeconds, errors) * 1000));
  return result;
}

/** One wake-up per feed and due time, however many times it is armed (see jobId). */
async function armPoll(feedId: string, at: Date, tx?: Tx): Promise<string | null> {
  const boss = await jobQueue();
  return boss.send(
    QUEUES.pollFeed,
    { feedId },
    { id: jobId(feedId, at.toISOString()), startAfter: at, ...(tx ? { db: txDb(tx) } : {}) },
  );
}

/**
 * Re-arms feeds whose chain of wake-ups broke (a crash between claiming a poll and arming
 * the next): any enabled feed more than a minute overdue gets a wake-up. Runs every
 * minute from cron; singletonKey keeps two supervisors from doubling the wake-ups.
 */
export async function superviseFeeds(now = new Date()): Promise<number> {
  let armed = 0;
  for (const feed of await listEnabledFeeds()) {
    const due = nextPollAt(feed);
    if (due.getTime() + 60_000 > now.getTime()) continue;
    if (await armPoll(feed.id, due)) armed++;
  }
  return armed;
}
