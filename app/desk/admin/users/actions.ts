"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { changeUserRole, inviteUser, issuePasswordReset, setUserActive } from "@/lib/services/users";

export type LinkResult = { email: string; url: string; expiresAt: string; mailed: boolean; mailNote: string | null };

/** Creates the user and returns their one-time invite link (mailed too when SMTP is set). */
export async function inviteUserAction(_prev: unknown, form: FormData): Promise<ActionResult<LinkResult>> {
  const result = await runAction(async ({ actor, ip }) => {
    const { user, link } = await inviteUser(
      actor,
      { email: form.get("email"), name: form.get("name"), role: form.get("role") },
      { ip },
    );
    return {
      email: user.email,
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      mailed: link.mail.sent,
      mailNote: link.mail.sent ? null : link.mail.reason,
    };
  });
  if (result.ok) revalidatePath("/desk/admin/users");
  return result;
}

export async function changeUserRoleAction(userId: string, role: string): Promise<ActionResult<{ role: string }>> {
  const result = await runAction(async ({ actor, ip }) => ({ role: (await changeUserRole(actor, userId, role, { ip })).role }));
  if (result.ok) revalidatePath("/desk/admin/users");
  return result;
}

export async function setUserActiveAction(userId: string, active: boolean): Promise<ActionResult<{ active: boolean }>> {
  const result = await runAction(async ({ actor, ip }) => ({
    active: (await setUserActive(actor, userId, active === true, { ip })).active,
  }));
  if (result.ok) revalidatePath("/desk/admin/users");
  return result;
}

export async function issuePasswordResetAction(userId: string): Promise<ActionResult<Omit<LinkResult, "email">>> {
  return runAction(async ({ actor, ip }) => {
    const link = await issuePasswordReset(actor, userId, { ip });
    return {
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      mailed: link.mail.sent,
      mailNote: link.mail.sent ? null : link.mail.reason,
    };
  });
}
