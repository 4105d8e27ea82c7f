import "server-only";
import type { Tx } from "./client";
import { db } from "./client";
import type { Role } from "./generated/enums";

const sessionUserSelect = { id: true, email: true, name: true, role: true, active: true, sessionVersion: true } as const;

export type SessionUserRow = { id: string; email: string; name: string; role: Role; active: boolean; sessionVersion: number };

export function findUserForSession(id: string): Promise<SessionUserRow | null> {
  return db().user.findUnique({ where: { id }, select: sessionUserSelect });
}

export function findUserByEmailForLogin(email: string) {
  return db().user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, passwordHash: true },
  });
}

export function markSignedIn(tx: Tx, id: string) {
  return tx.user.update({ where: { id }, data: { lastSignInAt: new Date() }, select: { id: true } });
}

export function insertUser(
  tx: Tx,
  data: { email: string; name: string; slug: string; role: Role; passwordHash: string | null },
) {
  return tx.user.create({ data, select: sessionUserSelect });
}

export function findUserByEmail(tx: Tx, email: string) {
  return tx.user.findUnique({ where: { email }, select: sessionUserSelect });
}

export function userSlugTaken(tx: Tx, slug: string) {
  return tx.user.findUnique({ where: { slug }, select: { id: true } }).then(Boolean);
}

export function insertLoginAttempt(tx: Tx, data: { email: string; ip: string; success: boolean }) {
  return tx.loginAttempt.create({ data, select: { id: true } });
}

/** Failures since `since` for one account and for one IP. */
export async function countRecentFailures(email: string, ip: string, since: Date) {
  const [byEmail, byIp, lastFailure] = await Promise.all([
    db().loginAttempt.count({ where: { email, success: false, createdAt: { gte: since } } }),
    db().loginAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
    db().loginAttempt.findFirst({
      where: { email, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
  ]);
  return { byEmail, byIp, lastFailureAt: lastFailure?.createdAt ?? null };
}
