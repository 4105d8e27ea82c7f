import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Prisma } from "./generated/client";
import { newId } from "./ids";
import { valuesList, type Sql } from "./sql";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  meta?: Prisma.InputJsonValue;
};

export function insertAuditEntry(tx: Tx, entry: AuditEntry) {
  return tx.auditLog.create({ data: { ...entry, ip: entry.ip ?? null }, select: { id: true } });
}

/**
 * Several rows in one statement (a batch of wire items), on the transaction's connection
 * (lib/db/sql.ts); same transaction rule as one. A plain multi-row INSERT: Prisma's
 * createMany costs more client CPU per row than the insert itself (ids made like Prisma's).
 */
export async function insertAuditEntries(sql: Sql, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.query(
    `INSERT INTO "AuditLog" ("id", "actorId", "action", "targetType", "targetId", "ip", "meta")
     VALUES ${valuesList(entries.length, ["text", "text", "text", "text", "text", "text", "jsonb"])}`,
    entries.flatMap((e) => [
      newId(),
      e.actorId,
      e.action,
      e.targetType ?? null,
      e.targetId ?? null,
      e.ip ?? null,
      e.meta === undefined ? null : JSON.stringify(e.meta),
    ]),
  );
}

export type AuditFilter = { actor?: string; action?: string; target?: string; from?: Date; to?: Date };

export type AuditRow = {
  id: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  meta: Prisma.JsonValue;
  createdAt: Date;
  actor: { id: string; email: string; name: string } | null;
};

/**
 * One page of the audit log, newest first. `actor` matches the actor's email or name,
 * `action` is a prefix ("story." finds every story event), `target` an exact id.
 * Keyset pagination on (createdAt, id) so deep pages stay cheap on a long log.
 */
export async function listAuditEntries(filter: AuditFilter, page: { take: number; before?: { createdAt: Date; id: string } }) {
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.target ? { targetId: filter.target } : {}),
    ...(filter.from || filter.to
      ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } }
      : {}),
    ...(filter.actor
      ? {
          actor: {
            OR: [
              { email: { contains: filter.actor, mode: "insensitive" } },
              { name: { contains: filter.actor, mode: "insensitive" } },
            ],
          },
        }
      : {}),
  };
  const keyset: Prisma.AuditLogWhereInput = page.before
    ? { OR: [{ createdAt: { lt: page.before.createdAt } }, { createdAt: page.before.createdAt, id: { lt: page.before.id } }] }
    : {};
  const rows: AuditRow[] = await db().auditLog.findMany({
    where: { AND: [where, keyset] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.take + 1,
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      ip: true,
      meta: true,
      createdAt: true,
      actor: { select: { id: true, email: true, name: true } },
    },
  });
  return { rows: rows.slice(0, page.take), hasMore: rows.length > page.take };
}
