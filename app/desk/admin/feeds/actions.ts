"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { createFeed, deleteFeed, updateFeed } from "@/lib/services/feeds";
import { idSchema } from "@/lib/validation/ids";

function feedInput(form: FormData) {
  return {
    name: String(form.get("name") ?? ""),
    url: String(form.get("url") ?? ""),
    intervalSeconds: String(form.get("intervalSeconds") ?? ""),
    enabled: form.get("enabled") === "on",
  };
}

export async function createFeedAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => createFeed(actor, feedInput(form), { ip }));
  if (result.ok) revalidatePath("/desk/admin/feeds");
  return result;
}

export async function updateFeedAction(feedId: string, _prev: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => updateFeed(actor, idSchema.parse(feedId), feedInput(form), { ip }));
  if (result.ok) revalidatePath("/desk/admin/feeds");
  return result;
}

export async function deleteFeedAction(feedId: string): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(({ actor, ip }) => deleteFeed(actor, idSchema.parse(feedId), { ip }));
  if (result.ok) revalidatePath("/desk/admin/feeds");
  return result;
}
