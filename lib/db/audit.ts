import "server-only";
import type { Tx } from "./client";
import type { Prisma } from "./generated/client";

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
