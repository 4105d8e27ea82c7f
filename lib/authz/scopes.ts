import { can, type Actor } from "./policy";

/**
 * Row-level rules. A reporter edits only stories they wrote; editors and admins edit any.
 * Everyone on the desk may read every story (the desk is a shared workspace).
 */
export function canEditStory(actor: Actor, story: { authorId: string }): boolean {
  return can(actor, "story.edit.any") || (can(actor, "story.edit.own") && story.authorId === actor.id);
}

/** Prisma `where` fragment for the stories an actor may edit (merged into queries). */
export function editableStoriesWhere(actor: Actor): { authorId?: string } {
  return can(actor, "story.edit.any") ? {} : { authorId: actor.id };
}
