import "server-only";
import { transaction, type Tx } from "@/lib/db/client";
import { insertAuditEntries, insertAuditEntry, type AuditEntry } from "@/lib/db/audit";
import type { Sql } from "@/lib/db/sql";

/**
 * Audit actions (the vocabulary shown in the admin audit screen). Always written with
 * the transaction that made the change, so the log and the change commit together.
 */
export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "authz.denied"
  | "user.create"
  | "user.role_change"
  | "user.deactivate"
  | "user.reactivate"
  | "user.invite"
  | "user.invite_accepted"
  | "user.password_reset_issued"
  | "user.password_reset"
  | "user.password_change"
  | "user.sign_out_everywhere"
  | "auth.sign_out"
  | "wire.import"
  | "wire.kill"
  | "feed.create"
  | "feed.update"
  | "feed.delete"
  | "story.schedule"
  | "story.create"
  | "story.save"
  | "story.transition"
  | "story.publish"
  | "story.unpublish"
  | "story.kill"
  | "story.lock_takeover"
  | "tag.create"
  | "tag.rename"
  | "tag.merge"
  | "tag.synonyms"
  | "tag.section"
  | "tag.suggestion.accept"
  | "story.correction"
  | "story.append_wire"
  | "story.verify"
  | "story.embargo";

export function audit(tx: Tx, entry: AuditEntry & { action: AuditAction }) {
  return insertAuditEntry(tx, entry);
}

/** Several audit rows written at once (a batch import), on the transaction that made the changes. */
export function auditMany(sql: Sql, entries: (AuditEntry & { action: AuditAction })[]) {
  return insertAuditEntries(sql, entries);
}

/**
 * A refused action (FORBIDDEN for a signed-in user). Nothing changed, so the row is
 * written on its own; a failure to write it must not turn the refusal into a 500.
 */
export async function recordDenied(
  actor: { id: string } | null,
  entry: { ip?: string | null; permission?: unknown; message: string; where: string },
) {
  if (!actor) return;
  await transaction((tx) =>
    audit(tx, {
      actorId: actor.id,
      action: "authz.denied",
      ip: entry.ip,
      meta: {
        where: entry.where,
        message: entry.message,
        ...(typeof entry.permission === "string" ? { permission: entry.permission } : {}),
      },
    }),
  ).catch((e: unknown) => console.error("could not audit a denied action", e));
}
