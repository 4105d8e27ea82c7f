import "server-only";
import { z } from "zod";
import { listAuditEntries } from "@/lib/db/audit";
import { assertCan, type Actor } from "@/lib/authz/policy";

export const AUDIT_PAGE_SIZE = 50;

const filterSchema = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(80).optional().catch(undefined),
  target: z.string().trim().max(64).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  // Cursor: "<ISO time>_<id>" of the last row of the previous page.
  before: z
    .string()
    .max(120)
    .regex(/^[0-9T:.Z-]+_[A-Za-z0-9]+$/)
    .optional()
    .catch(undefined),
});

/** The admin audit screen: filter by actor, action (prefix), target id and day range. */
export async function readAuditLog(actor: Actor | null, raw: Record<string, unknown>) {
  assertCan(actor, "audit.read");
  const q = filterSchema.parse(raw);
  const [beforeAt, beforeId] = q.before?.split("_") ?? [];
  const before =
    beforeAt && beforeId && !Number.isNaN(Date.parse(beforeAt)) ? { createdAt: new Date(beforeAt), id: beforeId } : undefined;
  const { rows, hasMore } = await listAuditEntries(
    {
      actor: q.actor || undefined,
      action: q.action || undefined,
      target: q.target || undefined,
      from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
      to: q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined,
    },
    { take: AUDIT_PAGE_SIZE, before },
  );
  const last = rows.at(-1);
  return { query: q, rows, next: hasMore && last ? `${last.createdAt.toISOString()}_${last.id}` : null };
}
