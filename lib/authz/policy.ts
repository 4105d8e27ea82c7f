import { AppError } from "@/lib/errors";

/**
 * The one policy module: role → permissions. Services call assertCan(); the UI calls
 * can() only to decide what to show. Row-level rules (own draft vs anyone's story) are
 * in lib/authz/scopes.ts.
 */
export const ROLES = ["ADMIN", "EDITOR", "REPORTER"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "desk.open",
  "wire.read",
  "wire.import",
  "story.create",
  "story.edit.own",
  "story.edit.any",
  "story.submit",
  "story.publish",
  "story.schedule",
  "story.unpublish",
  "story.kill",
  "story.lock.takeover",
  "annotation.create",
  "tag.apply",
  "tag.manage",
  "user.manage",
  "ingest.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const REPORTER: readonly Permission[] = [
  "desk.open",
  "wire.read",
  "story.create",
  "story.edit.own",
  "story.submit",
  "annotation.create",
  "tag.apply",
];

const EDITOR: readonly Permission[] = [
  ...REPORTER,
  "wire.import",
  "story.edit.any",
  "story.publish",
  "story.schedule",
  "story.unpublish",
  "story.kill",
  "story.lock.takeover",
  "tag.manage",
];

const ADMIN: readonly Permission[] = [...EDITOR, "user.manage", "ingest.manage", "audit.read"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  REPORTER: new Set(REPORTER),
  EDITOR: new Set(EDITOR),
  ADMIN: new Set(ADMIN),
};

export type Actor = { id: string; role: Role; email: string; name: string };

export function can(actor: Pick<Actor, "role"> | null | undefined, permission: Permission): boolean {
  return !!actor && ROLE_PERMISSIONS[actor.role].has(permission);
}

export function assertCan(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in");
  if (!can(actor, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${actor.role.toLowerCase()}) may not ${permission.replace(".", " ")}`, {
      permission,
    });
  }
}
