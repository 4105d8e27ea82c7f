import "server-only";
import type { Pool } from "pg";
import type { Tx } from "./client";
import { newId } from "./ids";
import { pgTransaction } from "./sql";

/** Checked sign-in failures in the window, for one account and for one client address. */
export type RecentFailures = { byEmail: number; byIp: number; lastFailureAt: Date | null };

/**
 * The sign-in budget, kept in Postgres (`LoginAttempt`) so every app instance draws on the
 * same one. `pool` is the node-postgres pool to use: the app's own unless given (tests give
 * another to play a second app instance).
 */
export type LoginThrottle = {
  /**
   * Counts and decides atomically. Under a transaction-scoped advisory lock on the account
   * and one on the address (taken in one global order, so two attempts cannot deadlock),
   * it counts the recent failures, asks `mayCheck`, and if it may, records the attempt as a
   * failure before a password is looked at. A concurrent attempt for the same account or
   * address waits for the lock and then counts this one, so a burst cannot all see "no
   * failures yet". Returns the attempt's id (to mark it a success), or null: throttled,
   * and nothing is recorded, so throttled attempts never extend a lockout.
   */
  reserve(
    input: { email: string; ip: string; now: Date; since: Date },
    mayCheck: (failures: RecentFailures) => boolean | Promise<boolean>,
  ): Promise<string | null>;
};

export function loginThrottle(pool?: Pool): LoginThrottle {
  return {
    reserve: (input, mayCheck) =>
      pgTransaction(async (sql) => {
        await sql.query(
          `SELECT count(pg_advisory_xact_lock(k))::int AS n
           FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest($1::text[]) AS x ORDER BY k) AS keys`,
          [[`wiredesk.sign-in.email:${input.email}`, `wiredesk.sign-in.ip:${input.ip}`]],
        );
        // A statement of its own, after the locks: its snapshot includes every attempt
        // recorded by whoever held them before.
        const [row] = await sql.query<{ byEmail: number; byIp: number; lastFailureMs: number | null }>(
          `SELECT
             (SELECT count(*) FROM "LoginAttempt"
               WHERE email = $1 AND success = false AND "createdAt" >= $3::timestamp(3))::int AS "byEmail",
             (SELECT count(*) FROM "LoginAttempt"
               WHERE ip = $2 AND success = false AND "createdAt" >= $3::timestamp(3))::int AS "byIp",
             (SELECT extract(epoch FROM max("createdAt")) * 1000 FROM "LoginAttempt"
               WHERE email = $1 AND success = false AND "createdAt" >= $3::timestamp(3))::float8 AS "lastFailureMs"`,
          [input.email, input.ip, input.since.toISOString()],
        );
        const failures: RecentFailures = {
          byEmail: row?.byEmail ?? 0,
          byIp: row?.byIp ?? 0,
          lastFailureAt: row?.lastFailureMs == null ? null : new Date(row.lastFailureMs),
        };
        if (!(await mayCheck(failures))) return null;
        const id = newId();
        await sql.query(
          `INSERT INTO "LoginAttempt" (id, email, ip, success, "createdAt") VALUES ($1, $2, $3, false, $4::timestamp(3))`,
          [id, input.email, input.ip, input.now.toISOString()],
        );
        return id;
      }, pool),
  };
}

/** The attempt's password was right (and the account active): it no longer counts as a failure. */
export function markLoginAttemptSucceeded(tx: Tx, id: string) {
  return tx.loginAttempt.update({ where: { id }, data: { success: true }, select: { id: true } });
}
