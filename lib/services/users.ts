import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { transaction, type Tx } from "@/lib/db/client";
import {
  bumpSessionVersion,
  claimAuthToken,
  findAuthToken,
  findPasswordHash,
  findUserByEmail,
  findUserForAdmin,
  insertAuthToken,
  insertUser,
  listUsers,
  lockActiveAdmins,
  setUserRole,
  updateUserSecurity,
  userSlugTaken,
  voidAuthTokens,
  type AdminUserRow,
  type AuthTokenKind,
} from "@/lib/db/users";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";
import { assertCan, ROLES, type Actor, type Role } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { siteUrl } from "@/lib/env";
import { sendMail, type MailResult } from "@/lib/mail";
import { slugify } from "@/lib/slug";
import { audit } from "./audit";
import { idSchema } from "@/lib/validation/ids";

/** Invites outlive a weekend; reset links are short-lived because they replace a password. */
export const TOKEN_TTL_MS: Record<AuthTokenKind, number> = { INVITE: 72 * 3_600_000, PASSWORD_RESET: 2 * 3_600_000 };

type Ctx = { ip?: string | null };

export const roleSchema = z.enum(ROLES);
const passwordSchema = z.string().superRefine((value, c) => {
  const problem = passwordProblem(value);
  if (problem) c.addIssue({ code: "custom", message: problem });
});

/** Fields an admin may set when creating a user. Unknown keys are dropped (never applied). */
export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(320)),
  name: z.string().trim().min(1, "Enter a name").max(120),
  role: roleSchema,
});

function fail(error: z.ZodError): never {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  throw new AppError("VALIDATION", error.issues[0]?.message ?? "Check the form", { fieldErrors });
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) fail(r.error);
  return r.data;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** 32 random bytes; only the SHA-256 is stored, so a database leak does not leak live links. */
async function issueToken(
  tx: Tx,
  userId: string,
  kind: AuthTokenKind,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  await voidAuthTokens(tx, userId, now);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[kind]);
  await insertAuthToken(tx, { kind, tokenHash: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

export function tokenLink(kind: AuthTokenKind, token: string): string {
  return `${siteUrl()}/${kind === "INVITE" ? "invite" : "reset-password"}/${token}`;
}

export type IssuedLink = { url: string; expiresAt: Date; mail: MailResult };

async function mailLink(to: string, kind: AuthTokenKind, url: string, expiresAt: Date): Promise<MailResult> {
  const what =
    kind === "INVITE"
      ? "You have been invited to the Wiredesk newsroom."
      : "A password reset was requested for your Wiredesk account.";
  return sendMail({
    to,
    subject: kind === "INVITE" ? "Your Wiredesk invitation" : "Reset your Wiredesk password",
    text: `${what}\n\nOpen this link to set your password (it works once, until ${expiresAt.toUTCString()}):\n\n${url}\n`,
  });
}

// ───────────────────────── reads ─────────────────────────

export const USERS_PAGE_SIZE = 50;

export async function listUsersForAdmin(actor: Actor | null, input: { q?: string; page?: number }) {
  assertCan(actor, "user.manage");
  const q = (input.q ?? "").trim().slice(0, 200) || undefined;
  const page = Math.max(1, Math.min(10_000, Math.floor(input.page ?? 1)));
  const { rows, total } = await listUsers({ q, take: USERS_PAGE_SIZE, skip: (page - 1) * USERS_PAGE_SIZE });
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
}

// ───────────────────────── admin changes ─────────────────────────

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name, 60) || "staff";
  let slug = base;
  for (let n = 2; await userSlugTaken(tx, slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** Creates a user without a password and returns a one-time invite link (mailed when SMTP is set). */
export async function inviteUser(
  actor: Actor | null,
  input: unknown,
  ctx: Ctx = {},
): Promise<{ user: AdminUserRow; link: IssuedLink }> {
  assertCan(actor, "user.manage");
  const data = parse(createUserSchema, input);
  const { user, token, expiresAt } = await transaction(async (tx) => {
    if (await findUserByEmail(tx, data.email)) {
      throw new AppError("CONFLICT", "A user with this email already exists", { fieldErrors: { email: ["Already in use"] } });
    }
    const created = await insertUser(tx, { ...data, slug: await uniqueSlug(tx, data.name), passwordHash: null });
    const issued = await issueToken(tx, created.id, "INVITE");
    await audit(tx, {
      actorId: actor.id,
      action: "user.invite",
      targetType: "user",
      targetId: created.id,
      ip: ctx.ip,
      meta: { email: data.email, role: data.role },
    });
    const row = await findUserForAdmin(tx, created.id);
    return { user: row!, ...issued };
  });
  const url = tokenLink("INVITE", token);
  return { user, link: { url, expiresAt, mail: await mailLink(user.email, "INVITE", url, expiresAt) } };
}

/** The last active admin cannot be demoted or deactivated: the site would have no one to manage it. */
async function assertNotLastAdmin(tx: Tx, target: AdminUserRow) {
  if (target.role !== "ADMIN" || !target.active) return;
  const admins = await lockActiveAdmins(tx);
  if (admins.length <= 1 && admins.includes(target.id)) {
    throw new AppError("CONFLICT", "This is the last active admin; make someone else an admin first");
  }
}

async function getTargetOrThrow(tx: Tx, id: string): Promise<AdminUserRow> {
  const row = await findUserForAdmin(tx, id);
  if (!row) throw new AppError("NOT_FOUND", "User not found");
  return row;
}

export async function changeUserRole(actor: Actor | null, userId: unknown, role: unknown, ctx: Ctx = {}): Promise<AdminUserRow> {
  assertCan(actor, "user.manage");
  const id = parse(idSchema, userId);
  const next = parse(roleSchema, role);
  return transaction(async (tx) => {
    const target = await getTargetOrThrow(tx, id);
    if (target.role === next) return target;
    if (next !== "ADMIN") await assertNotLastAdmin(tx, target);
    // No session-version bump: the role is read from the database on every request, so
    // the new role applies to the very next one, and SECURITY.md's matrix wants a demoted
    // editor to carry on as a reporter rather than be signed out mid-sentence.
    await setUserRole(tx, id, next);
    await audit(tx, {
      actorId: actor.id,
      action: "user.role_change",
      targetType: "user",
      targetId: id,
      ip: ctx.ip,
      meta: { from: target.role, to: next },
    });
    return getTargetOrThrow(tx, id);
  });
}

export async function setUserActive(actor: Actor | null, userId: unknown, active: boolean, ctx: Ctx = {}): Promise<AdminUserRow> {
  assertCan(actor, "user.manage");
  const id = parse(idSchema, userId);
  return transaction(async (tx) => {
    const target = await getTargetOrThrow(tx, id);
    if (target.active === active) return target;
    if (!active) await assertNotLastAdmin(tx, target);
    await updateUserSecurity(tx, id, { active });
    if (!active) await voidAuthTokens(tx, id, new Date());
    await audit(tx, {
      actorId: actor.id,
      action: active ? "user.reactivate" : "user.deactivate",
      targetType: "user",
      targetId: id,
      ip: ctx.ip,
    });
    return getTargetOrThrow(tx, id);
  });
}

/** A fresh one-time link; the old password keeps working until the link is used. */
export async function issuePasswordReset(actor: Actor | null, userId: unknown, ctx: Ctx = {}): Promise<IssuedLink> {
  assertCan(actor, "user.manage");
  const id = parse(idSchema, userId);
  const { token, expiresAt, email, kind } = await transaction(async (tx) => {
    const target = await getTargetOrThrow(tx, id);
    if (!target.active) throw new AppError("CONFLICT", "Reactivate this user before issuing a link");
    // A user who never accepted their invite gets a new invite rather than a reset.
    const kind: AuthTokenKind = target.hasPassword ? "PASSWORD_RESET" : "INVITE";
    const issued = await issueToken(tx, id, kind);
    await audit(tx, {
      actorId: actor.id,
      action: kind === "INVITE" ? "user.invite" : "user.password_reset_issued",
      targetType: "user",
      targetId: id,
      ip: ctx.ip,
    });
    return { ...issued, email: target.email, kind };
  });
  const url = tokenLink(kind, token);
  return { url, expiresAt, mail: await mailLink(email, kind, url, expiresAt) };
}

// ───────────────────────── one-time links (public) ─────────────────────────

export type TokenState = { valid: true; kind: AuthTokenKind; email: string; name: string } | { valid: false };

/** What the invite / reset page shows. Expired, used and unknown links all look the same. */
export async function inspectAuthToken(token: string, kind: AuthTokenKind): Promise<TokenState> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { valid: false };
  return transaction(async (tx) => {
    const row = await findAuthToken(tx, hashToken(token));
    if (!row || row.kind !== kind || row.usedAt || row.expiresAt <= new Date() || !row.user.active) return { valid: false };
    return { valid: true, kind: row.kind, email: row.user.email, name: row.user.name };
  });
}

const INVALID_LINK = "This link has expired or was already used. Ask an admin for a new one.";

/** Sets the password from an invite or reset link; the link is spent and every session ends. */
export async function redeemAuthToken(
  token: unknown,
  kind: AuthTokenKind,
  password: unknown,
  ctx: Ctx = {},
): Promise<{ email: string }> {
  const t = z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .safeParse(token);
  if (!t.success) throw new AppError("NOT_FOUND", INVALID_LINK);
  const pw = parse(z.object({ password: passwordSchema }), { password }).password;
  const passwordHash = await hashPassword(pw);
  return transaction(async (tx) => {
    const now = new Date();
    const row = await findAuthToken(tx, hashToken(t.data));
    if (!row || row.kind !== kind || !row.user.active || !(await claimAuthToken(tx, row.id, now)))
      throw new AppError("NOT_FOUND", INVALID_LINK);
    await voidAuthTokens(tx, row.userId, now);
    await updateUserSecurity(tx, row.userId, { passwordHash });
    await audit(tx, {
      actorId: row.userId,
      action: kind === "INVITE" ? "user.invite_accepted" : "user.password_reset",
      targetType: "user",
      targetId: row.userId,
      ip: ctx.ip,
    });
    return { email: row.user.email };
  });
}

// ───────────────────────── own account ─────────────────────────

export async function changeOwnPassword(actor: Actor | null, input: unknown, ctx: Ctx = {}): Promise<void> {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in");
  const data = parse(z.object({ current: z.string().max(1024), next: passwordSchema }), input);
  const current = await findPasswordHash(actor.id);
  if (!current?.active || !(await verifyPassword(current.passwordHash, data.current))) {
    throw new AppError("VALIDATION", "Your current password is not correct", { fieldErrors: { current: ["Not correct"] } });
  }
  if (data.current === data.next)
    throw new AppError("VALIDATION", "Choose a new password", { fieldErrors: { next: ["Same as the current one"] } });
  const passwordHash = await hashPassword(data.next);
  await transaction(async (tx) => {
    await updateUserSecurity(tx, actor.id, { passwordHash });
    await voidAuthTokens(tx, actor.id, new Date());
    await audit(tx, { actorId: actor.id, action: "user.password_change", targetType: "user", targetId: actor.id, ip: ctx.ip });
  });
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhere(actor: Actor | null, ctx: Ctx = {}): Promise<void> {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in");
  await transaction(async (tx) => {
    await bumpSessionVersion(tx, actor.id);
    await audit(tx, {
      actorId: actor.id,
      action: "user.sign_out_everywhere",
      targetType: "user",
      targetId: actor.id,
      ip: ctx.ip,
    });
  });
}

/**
 * Called by next-auth's signOut event with the token's user and session version: signing
 * out ends that session for good (a copied cookie cannot be replayed), but only when the
 * token is still current, so a stale tab signing out does not end newer sessions.
 */
export async function recordSignOut(userId: string, sessionVersion: number, ctx: Ctx = {}): Promise<void> {
  await transaction(async (tx) => {
    const user = await findUserForAdmin(tx, userId);
    if (!user || user.sessionVersion !== sessionVersion) return;
    await bumpSessionVersion(tx, userId);
    await audit(tx, { actorId: userId, action: "auth.sign_out", targetType: "user", targetId: userId, ip: ctx.ip });
  });
}

// ───────────────────────── operator (CLI) ─────────────────────────

/**
 * `npm run user:create`: whoever can run it already holds DATABASE_URL, so there is no
 * actor to check; the audit row records that the CLI did it.
 */
export async function createUserFromCli(input: {
  email: string;
  name: string;
  role: Role;
  password: string;
}): Promise<AdminUserRow> {
  const data = parse(createUserSchema, input);
  const pw = parse(z.object({ password: passwordSchema }), { password: input.password }).password;
  const passwordHash = await hashPassword(pw);
  return transaction(async (tx) => {
    if (await findUserByEmail(tx, data.email)) throw new AppError("CONFLICT", `A user with email ${data.email} already exists`);
    const created = await insertUser(tx, { ...data, slug: await uniqueSlug(tx, data.name), passwordHash });
    await audit(tx, {
      actorId: null,
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      meta: { email: data.email, role: data.role, via: "cli" },
    });
    return getTargetOrThrow(tx, created.id);
  });
}
