import "server-only";
import { z } from "zod";
import {
  countDeskStories,
  findStoryIdExact,
  listStoryAuthors,
  resolveQuoted,
  searchDeskStories,
  type DeskStoryQuery,
} from "@/lib/db/desk-search";
import { countStoriesByStatus } from "@/lib/db/desk-lists";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { STORY_STATUSES } from "@/lib/workflow/story-status";

/** Stories per page on the desk's list. */
export const DESK_PAGE_SIZE = 50;

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) =>
  z.preprocess(one, z.string().trim().max(max).optional().catch(undefined)).transform((s) => s || undefined);
/** "YYYY-MM-DD" (a day in UTC) or nothing; anything else is ignored rather than an error page. */
const day = z.preprocess(
  one,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .transform((s) => new Date(`${s}T00:00:00Z`))
    .refine((d) => !Number.isNaN(d.getTime()))
    .optional()
    .catch(undefined),
);

/**
 * The list's filters as they travel in the URL (so a search can be bookmarked, shared and
 * reloaded). Unknown or malformed values fall back to "no filter" instead of failing.
 */
export const deskStoryParamsSchema = z.object({
  q: text(200),
  status: z.preprocess(
    (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]),
    z.array(z.enum(STORY_STATUSES).catch(undefined as never)).catch([]),
  ),
  author: text(64),
  tag: text(200),
  from: day,
  to: day,
  origin: z.preprocess(one, z.enum(["wire", "own"]).optional().catch(undefined)),
  notes: z.preprocess(one, z.enum(["open"]).optional().catch(undefined)),
  flag: z.preprocess(one, z.enum(["embargoed", "scheduled", "agency-update", "agency-kill"]).optional().catch(undefined)),
  sort: z.preprocess(one, z.enum(["updated", "created"]).catch("updated")),
  after: text(200),
});
export type DeskStoryParams = z.output<typeof deskStoryParamsSchema>;

/** The keyset cursor as it appears in a "next page" link: "<ISO time>_<id>". */
export function encodeCursor(c: { at: Date; id: string }): string {
  return `${c.at.toISOString()}_${c.id}`;
}
function decodeCursor(s: string | undefined): { at: Date; id: string } | undefined {
  const m = s ? /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([A-Za-z0-9_-]{1,64})$/.exec(s) : null;
  if (!m) return undefined;
  const at = new Date(m[1]!);
  return Number.isNaN(at.getTime()) ? undefined : { at, id: m[2]! };
}

/**
 * The desk's story finder. Every staff member sees every story on the desk (the policy lets
 * reporters read all copy; they edit only their own, which the story page enforces).
 */
export async function findDeskStories(actor: Actor | null, raw: Record<string, unknown>) {
  assertCan(actor, "desk.open");
  const p = deskStoryParamsSchema.parse(raw);
  const statuses = p.status.filter(Boolean);
  const query: DeskStoryQuery = {
    q: p.q,
    statuses,
    authorId: p.author,
    tagSlug: p.tag?.toLowerCase(),
    from: p.from,
    // "to" is a day: include all of it.
    to: p.to ? new Date(p.to.getTime() + 86_400_000) : undefined,
    origin: p.origin,
    openNotes: p.notes === "open",
    flag: p.flag,
    sort: p.sort,
    after: decodeCursor(p.after),
    limit: DESK_PAGE_SIZE,
  };
  // "Go to": a pasted story id opens that story.
  const exact = p.q && /^[a-z0-9]{20,40}$/.test(p.q) ? await findStoryIdExact(p.q) : null;
  const quoted = await resolveQuoted(query);
  const now = new Date();
  const [page, total, byStatus, authors] = await Promise.all([
    searchDeskStories(query, now, quoted),
    countDeskStories({ ...query, after: undefined }, now, quoted),
    countStoriesByStatus(),
    listStoryAuthors(),
  ]);
  return {
    params: { ...p, status: statuses },
    exact,
    items: page.items,
    next: page.next ? encodeCursor(page.next) : null,
    total,
    byStatus,
    authors,
  };
}
