import "server-only";
import { z } from "zod";
import { countStoriesByStatus, latestStoryActivity, listStoriesForDesk } from "@/lib/db/desk-lists";
import { latestWireActivity, listWireQueue, listWireSources, searchWireQueue, type WireQueueFilter } from "@/lib/db/wire-queue";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { STORY_STATUSES } from "@/lib/workflow/story-status";

export const TIME_WINDOWS = { "1h": 3600, "6h": 6 * 3600, "24h": 24 * 3600, "7d": 7 * 24 * 3600 } as const;
const SIGNALS = ["new", "update", "correction", "kill"] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const optionalText = (max: number) =>
  z.preprocess(first, z.string().max(2000).optional().catch(undefined)).transform((s) => {
    const t = s
      ?.replace(/[\u0000-\u001f\u007f]/g, " ")
      .trim()
      .slice(0, max);
    return t ? t : undefined;
  });

/** The queue's URL parameters; anything malformed is dropped rather than refused. */
export const wireQueueParamsSchema = z.object({
  q: optionalText(1000),
  agency: optionalText(100),
  urgency: z.preprocess(first, z.coerce.number().int().min(1).max(9).optional().catch(undefined)),
  signal: z.preprocess(first, z.enum(SIGNALS).optional().catch(undefined)),
  subject: optionalText(100),
  window: z.preprocess(
    first,
    z
      .enum(Object.keys(TIME_WINDOWS) as [keyof typeof TIME_WINDOWS])
      .optional()
      .catch(undefined),
  ),
  before: optionalText(200),
});
export type WireQueueParams = z.output<typeof wireQueueParamsSchema>;

function parseCursor(before: string | undefined) {
  if (!before) return undefined;
  const [at, id] = before.split("_");
  const date = at ? new Date(Number(at)) : null;
  return date && !Number.isNaN(date.getTime()) && id ? { updatedAt: date, id } : undefined;
}

export async function getWireQueue(actor: Actor | null, raw: Record<string, unknown>, now = new Date()) {
  assertCan(actor, "wire.read");
  const params = wireQueueParamsSchema.parse(raw);
  const filter: WireQueueFilter = {
    q: params.q,
    sources: params.agency ? [params.agency] : undefined,
    maxUrgency: params.urgency,
    signals: params.signal ? [params.signal] : undefined,
    subject: params.subject,
    since: params.window ? new Date(now.getTime() - TIME_WINDOWS[params.window] * 1000) : undefined,
    before: parseCursor(params.before),
    limit: 100,
  };
  const [result, sources] = await Promise.all([searchWireQueue(filter), listWireSources()]);
  const last = result.items.at(-1);
  return {
    params,
    sources,
    ...result,
    nextCursor: result.items.length === filter.limit && last ? `${last.updatedAt.getTime()}_${last.id}` : null,
  };
}

export async function getStoryList(actor: Actor | null, rawStatus: unknown) {
  assertCan(actor, "desk.open");
  const status = z
    .enum(STORY_STATUSES)
    .optional()
    .catch(undefined)
    .parse(first(rawStatus) || undefined);
  const [stories, counts] = await Promise.all([listStoriesForDesk({ status }), countStoriesByStatus()]);
  return { status, stories, counts };
}

/** A fingerprint of what the desk lists show; it changes when a wire item or story does. */
export async function getDeskActivity(actor: Actor | null) {
  assertCan(actor, "desk.open");
  const [wire, stories] = await Promise.all([latestWireActivity(), latestStoryActivity()]);
  return { wire: wire?.toISOString() ?? null, stories: stories?.toISOString() ?? null };
}

/** The desk's front page: the newest stories and the newest wire items, 25 of each. */
export async function getDeskOverview(actor: Actor | null) {
  assertCan(actor, "desk.open");
  assertCan(actor, "wire.read");
  const [stories, wire] = await Promise.all([listStoriesForDesk({ limit: 25 }), listWireQueue({ limit: 25 })]);
  return { stories, wire };
}
