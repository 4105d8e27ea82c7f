import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { makeStaff } from "@/test/helpers";
import { createUser } from "@/prisma/factories";
import { db } from "@/lib/db/client";
import { actorForSession } from "@/lib/auth/session";
import { findUserForSession } from "@/lib/db/users";
import { isAppError } from "@/lib/errors";
import { authenticate } from "./auth";
import {
  changeOwnPassword,
  changeUserRole,
  hashToken,
  inspectAuthToken,
  inviteUser,
  issuePasswordReset,
  redeemAuthToken,
  setUserActive,
  signOutEverywhere,
} from "./users";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

const code = async (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );
const tokenOf = (url: string) => url.split("/").pop()!;
const email = () => `u-${randomUUID().slice(0, 8)}@test.example`;

describe("invites", () => {
  it("stores only the SHA-256 of a 32-byte token, expires in 72 h, works once, and audits each step", async () => {
    const { user, link } = await inviteUser(
      staff.admin,
      { email: email(), name: "New Hire", role: "REPORTER" },
      { ip: "198.51.100.7" },
    );
    const token = tokenOf(link.url);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(link.mail).toEqual({ sent: false, reason: "SMTP is not configured" });
    const rows = await db().authToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const hours = (rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(72, 1);

    expect(await inspectAuthToken(token, "INVITE")).toMatchObject({ valid: true, email: user.email });
    expect(await inspectAuthToken(token, "PASSWORD_RESET")).toEqual({ valid: false });
    expect(await code(redeemAuthToken(token, "INVITE", "short"))).toBe("VALIDATION");
    expect(await code(redeemAuthToken(token, "INVITE", "password123"))).toBe("VALIDATION");
    await redeemAuthToken(token, "INVITE", "a long and fine passphrase");
    expect(await code(redeemAuthToken(token, "INVITE", "another fine passphrase"))).toBe("NOT_FOUND");
    expect(await inspectAuthToken(token, "INVITE")).toEqual({ valid: false });
    expect(await authenticate({ email: user.email, password: "a long and fine passphrase", ip: "198.51.100.7" })).toMatchObject({
      id: user.id,
    });

    const actions = (await db().auditLog.findMany({ where: { targetId: user.id }, orderBy: { createdAt: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["user.invite", "user.invite_accepted", "auth.sign_in"]));
  });

  it("refuses an expired link and a duplicate email", async () => {
    const { user, link } = await inviteUser(staff.admin, { email: email(), name: "Late", role: "REPORTER" });
    await db().authToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await code(redeemAuthToken(tokenOf(link.url), "INVITE", "a long and fine passphrase"))).toBe("NOT_FOUND");
    expect(await code(inviteUser(staff.admin, { email: user.email.toUpperCase(), name: "Again", role: "REPORTER" }))).toBe(
      "CONFLICT",
    );
  });

  it("a link redeemed twice at once succeeds exactly once", async () => {
    const { link } = await inviteUser(staff.admin, { email: email(), name: "Racer", role: "REPORTER" });
    const token = tokenOf(link.url);
    const results = await Promise.all([0, 1, 2].map((i) => code(redeemAuthToken(token, "INVITE", `a fine passphrase ${i}`))));
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
  });
});

describe("sessions end on the very next request", () => {
  async function signedIn(role: "EDITOR" | "ADMIN" = "EDITOR") {
    const u = await createUser({ email: email(), name: "Sess", role, password: "correct horse battery" });
    const token = { uid: u.id, sv: (await findUserForSession(u.id))!.sessionVersion, authTime: Math.floor(Date.now() / 1000) };
    expect(await actorForSession(token)).not.toBeNull();
    return { u, token };
  }

  it("deactivation", async () => {
    const { u, token } = await signedIn();
    await setUserActive(staff.admin, u.id, false, { ip: "198.51.100.1" });
    expect(await actorForSession(token)).toBeNull();
    const entry = await db().auditLog.findFirst({ where: { targetId: u.id, action: "user.deactivate" } });
    expect(entry).toMatchObject({ actorId: staff.admin.id, ip: "198.51.100.1" });
    // Reactivation does not revive the old token.
    await setUserActive(staff.admin, u.id, true);
    expect(await actorForSession(token)).toBeNull();
  });

  it("a role change: same session, new role", async () => {
    const { u, token } = await signedIn();
    await changeUserRole(staff.admin, u.id, "REPORTER");
    expect((await actorForSession(token))?.role).toBe("REPORTER");
    expect(await db().auditLog.findFirst({ where: { targetId: u.id, action: "user.role_change" } })).toMatchObject({
      meta: { from: "EDITOR", to: "REPORTER" },
    });
  });

  it("a password change, a reset and sign-out everywhere", async () => {
    const a = await signedIn();
    await changeOwnPassword(a.u, { current: "correct horse battery", next: "a new and better passphrase" });
    expect(await actorForSession(a.token)).toBeNull();
    expect(await code(changeOwnPassword(a.u, { current: "wrong", next: "whatever passphrase" }))).toBe("VALIDATION");

    const b = await signedIn();
    const link = await issuePasswordReset(staff.admin, b.u.id);
    expect(await actorForSession(b.token)).not.toBeNull(); // issuing a link changes nothing yet
    await redeemAuthToken(tokenOf(link.url), "PASSWORD_RESET", "reset to this passphrase");
    expect(await actorForSession(b.token)).toBeNull();

    const c = await signedIn();
    await signOutEverywhere(c.u);
    expect(await actorForSession(c.token)).toBeNull();
  });

  it("the absolute limit ends a session however active it is", async () => {
    const { token } = await signedIn();
    expect(await actorForSession({ ...token, authTime: token.authTime - 13 * 3600 })).toBeNull();
    expect(await actorForSession({ ...token, sv: token.sv + 1 })).toBeNull();
  });
});

describe("the last active admin", () => {
  it("cannot be demoted or deactivated, even by themselves; with a second admin they can", async () => {
    // Leave exactly one active admin in this database for the test.
    const others = await db().user.findMany({ where: { role: "ADMIN", active: true }, select: { id: true } });
    const solo = await createUser({ email: email(), name: "Solo", role: "ADMIN", password: "correct horse battery" });
    await db().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      expect(await code(changeUserRole(solo, solo.id, "EDITOR"))).toBe("CONFLICT");
      expect(await code(setUserActive(solo, solo.id, false))).toBe("CONFLICT");
      const second = await createUser({ email: email(), name: "Second", role: "EDITOR", password: "correct horse battery" });
      await changeUserRole(solo, second.id, "ADMIN");
      expect(await code(changeUserRole(solo, solo.id, "EDITOR"))).toBe("ok");
      expect(await code(setUserActive({ ...second, role: "ADMIN" }, second.id, false))).toBe("CONFLICT");
    } finally {
      await db().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
  });
});
