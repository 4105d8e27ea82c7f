import { can, type Actor } from "./policy";

/**
 * Row-level rules. A reporter edits only stories they wrote; editors and admins edit any.
 * Everyone on the desk may read every story (the desk is a shared workspace).
 */
export function canEditStory(actor: Actor, story: { authorId: string }): boolean {
  return can(actor, "story.edit.any") || (can(actor, "story.edit.own") && story.authorId === actor.id);
}
