import "server-only";
import type { Tx } from "@/lib/db/client";
import { insertAuditEntry, type AuditEntry } from "@/lib/db/audit";

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
  | "wire.import"
  | "wire.kill"
  | "story.create"
  | "story.save"
  | "story.transition"
  | "story.publish"
  | "story.unpublish"
  | "story.kill"
  | "story.lock_takeover"
  | "tag.create";

export function audit(tx: Tx, entry: AuditEntry & { action: AuditAction }) {
  return insertAuditEntry(tx, entry);
}
