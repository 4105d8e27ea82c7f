"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { listStorySuggestions, rejectSuggestion, type SuggestionList } from "@/lib/services/suggestions";
import { acceptSuggestion } from "@/lib/services/suggestion-accept";
import { mergeTagsByName, renameTag, setTagSection, setTagSynonyms } from "@/lib/services/tags";
import { idSchema } from "@/lib/validation/ids";

export async function listSuggestionsAction(storyId: string): Promise<ActionResult<SuggestionList>> {
  return runAction(({ actor }) => listStorySuggestions(actor, idSchema.parse(storyId), { wait: false }));
}

export async function acceptSuggestionAction(suggestionId: string) {
  return runAction(({ actor, ip }) => acceptSuggestion(actor, idSchema.parse(suggestionId), { ip }));
}

export async function rejectSuggestionAction(suggestionId: string) {
  return runAction(({ actor }) => rejectSuggestion(actor, idSchema.parse(suggestionId)));
}

type FormResult = ActionResult<unknown> | null;

export async function renameTagAction(_prev: FormResult, form: FormData): Promise<FormResult> {
  const result = await runAction(({ actor, ip }) =>
    renameTag(actor, String(form.get("id") ?? ""), String(form.get("name") ?? ""), { ip }),
  );
  if (result.ok) revalidatePath("/desk/tags");
  return result;
}

export async function setSynonymsAction(_prev: FormResult, form: FormData): Promise<FormResult> {
  const synonyms = String(form.get("synonyms") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const result = await runAction(({ actor, ip }) => setTagSynonyms(actor, String(form.get("id") ?? ""), synonyms, { ip }));
  if (result.ok) revalidatePath("/desk/tags");
  return result;
}

export async function mergeTagAction(_prev: FormResult, form: FormData): Promise<FormResult> {
  const result = await runAction(({ actor, ip }) =>
    mergeTagsByName(actor, String(form.get("id") ?? ""), String(form.get("target") ?? ""), { ip }),
  );
  if (result.ok) revalidatePath("/desk/tags");
  return result;
}

/** A position in the site's sections (blank takes the tag out). */
export async function setSectionAction(_prev: FormResult, form: FormData): Promise<FormResult> {
  const raw = String(form.get("position") ?? "").trim();
  const position = raw === "" ? null : Number(raw);
  const result = await runAction(({ actor, ip }) => setTagSection(actor, String(form.get("id") ?? ""), position, { ip }));
  if (result.ok) revalidatePath("/desk/tags");
  return result;
}
