"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/action";
import { changeOwnPassword, signOutEverywhere } from "@/lib/services/users";

/** Changing the password ends every session, this one too: sign in again with the new one. */
export async function changeOwnPasswordAction(_prev: unknown, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async ({ actor, ip }) => {
    await changeOwnPassword(actor, { current: form.get("current"), next: form.get("next") }, { ip });
    return null;
  });
  if (result.ok) redirect("/login?callbackUrl=%2Fdesk%2Faccount&changed=1");
  return result;
}

export async function signOutEverywhereAction(): Promise<ActionResult<null>> {
  const result = await runAction(async ({ actor, ip }) => {
    await signOutEverywhere(actor, { ip });
    return null;
  });
  if (result.ok) redirect("/login");
  return result;
}
