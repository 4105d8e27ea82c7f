import "server-only";
import type { Tx } from "./client";
import { db, pgPool } from "./client";
import type { Role } from "./generated/enums";

const sessionUserSelect = { id: true, email: true, name: true, role: true, active: true, sessionVersion: true } as const;

export type SessionUserRow = { id: string; email: string; name: string; role: Role; active: boolean; sessionVersion: number };

/**
 * The per-request session check's one read (lib/auth/session.ts), run on every signed-in
 * request: plain node-postgres on the pool Prisma uses, since Prisma's per-query work (JSON
 * parameters, its query compiler) cost as much as Postgres answering it (bench:auth).
 */
export async function findUserForSession(id: string): Promise<SessionUserRow | null> {
  const { rows } = await pgPool().query<SessionUserRow>(
    'SELECT id, email, name, role::text AS role, active, "sessionVersion" FROM "User" WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
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

export function insertUser(tx: Tx, data: { email: string; name: string; slug: string; role: Role; passwordHash: string | null }) {
  return tx.user.create({ data, select: sessionUserSelect });
}

export function findUserByEmail(tx: Tx, email: string) {
  return tx.user.findUnique({ where: { email }, select: sessionUserSelect });
}

/** The longest-serving active admin: who a command-line import acts as when no one is named. */
export function findFirstActiveAdmin(tx: Tx) {
  return tx.user.findFirst({ where: { role: "ADMIN", active: true }, orderBy: { createdAt: "asc" }, select: sessionUserSelect });
}

export function userSlugTaken(tx: Tx, slug: string) {
  return tx.user.findUnique({ where: { slug }, select: { id: true } }).then(Boolean);
}

// ───────────────────────── administration ─────────────────────────

const adminUserSelect = { ...sessionUserSelect, lastSignInAt: true, createdAt: true, passwordHash: true } as const;

export type AdminUserRow = SessionUserRow & { lastSignInAt: Date | null; createdAt: Date; hasPassword: boolean };

function toAdminRow(
  u: SessionUserRow & { lastSignInAt: Date | null; createdAt: Date; passwordHash: string | null },
): AdminUserRow {
  const { passwordHash, ...rest } = u;
  return { ...rest, hasPassword: passwordHash !== null };
}

/** Users matching `q` (email or name, case-insensitive), newest first. */
export async function listUsers(input: {
  q?: string;
  take: number;
  skip: number;
}): Promise<{ rows: AdminUserRow[]; total: number }> {
  const where = input.q
    ? {
        OR: [
          { email: { contains: input.q, mode: "insensitive" as const } },
          { name: { contains: input.q, mode: "insensitive" as const } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    db().user.findMany({
      where,
      orderBy: [{ active: "desc" }, { name: "asc" }],
      take: input.take,
      skip: input.skip,
      select: adminUserSelect,
    }),
    db().user.count({ where }),
  ]);
  return { rows: rows.map(toAdminRow), total };
}

export async function findUserForAdmin(tx: Tx, id: string): Promise<AdminUserRow | null> {
  const row = await tx.user.findUnique({ where: { id }, select: adminUserSelect });
  return row ? toAdminRow(row) : null;
}

/**
 * Locks every active admin row for the rest of the transaction and returns their ids, so
 * two admins demoting each other at the same moment cannot leave the site without one.
 */
export async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'ADMIN' AND active = true FOR UPDATE`;
  return rows.map((r) => r.id);
}

/** Every change that must end the user's sessions bumps sessionVersion in the same write. */
export function updateUserSecurity(
  tx: Tx,
  id: string,
  data: { active?: boolean; passwordHash?: string },
): Promise<SessionUserRow> {
  return tx.user.update({ where: { id }, data: { ...data, sessionVersion: { increment: 1 } }, select: sessionUserSelect });
}

export function setUserRole(tx: Tx, id: string, role: Role) {
  return tx.user.update({ where: { id }, data: { role }, select: sessionUserSelect });
}

export function bumpSessionVersion(tx: Tx, id: string) {
  return tx.user.update({
    where: { id },
    data: { sessionVersion: { increment: 1 } },
    select: { id: true, sessionVersion: true },
  });
}

export function findPasswordHash(id: string) {
  return db().user.findUnique({ where: { id }, select: { passwordHash: true, active: true } });
}

// ───────────────────────── one-time links ─────────────────────────

export type AuthTokenKind = "INVITE" | "PASSWORD_RESET";

export function insertAuthToken(tx: Tx, data: { kind: AuthTokenKind; tokenHash: string; userId: string; expiresAt: Date }) {
  return tx.authToken.create({ data, select: { id: true } });
}

/** Outstanding links of a kind for a user are voided when a new one is issued or one is used. */
export function voidAuthTokens(tx: Tx, userId: string, now: Date) {
  return tx.authToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
}

export function findAuthToken(tx: Tx, tokenHash: string) {
  return tx.authToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      kind: true,
      userId: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { email: true, name: true, active: true } },
    },
  });
}

/** Marks a link used; false when another request used it first (single use under concurrency). */
export async function claimAuthToken(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.authToken.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}
