"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/action";
import { redeemAuthToken } from "@/lib/services/users";

/** Public: the one-time token in the link is the credential. */
export async function resetPasswordAction(token: string, _prev: unknown, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async ({ ip }) => {
    await redeemAuthToken(token, "PASSWORD_RESET", form.get("password"), { ip });
    return null;
  });
  if (result.ok) redirect("/login?reset=1");
  return result;
}
