/**
 * Every server action and route handler in app/, with the rule that guards it and the
 * tests that prove the rule. test/route-coverage.test.ts fails when an endpoint exists
 * that is not listed here (or a listed one is gone), so a new endpoint cannot ship
 * without a decision about who may call it. It also fails when
 *   - a listed spec does not request the endpoint (see `http` and `ui` below);
 *   - an endpoint names no service and records no `noService` reason, or names a service
 *     that lib/services does not export;
 * and test/authz-matrix.int.test.ts fails (matrixProblems below) when a service behind an
 * endpoint has no matrix row whose expectation for every principal agrees with the
 * endpoint's guard and lib/authz/policy.ts's ROLE_PERMISSIONS.
 */
import { ROLE_PERMISSIONS, type Permission, type Role } from "@/lib/authz/policy";

export type Guard =
  | { kind: "permission"; permission: Permission }
  | { kind: "signed-in" }
  | { kind: "one-time-token" }
  | { kind: "public" }
  | { kind: "next-auth" };

export type CoverageEntry = {
  /** `app/<file>#<export>` for server actions, `app/<file> <METHOD>` for route handlers. */
  endpoint: string;
  guard: Guard;
  /** Service functions the endpoint calls (each must have a row in the matrix test). */
  services: readonly string[];
  /** Why the endpoint calls no service; required exactly when `services` is empty. */
  noService?: string;
  /**
   * e2e specs that request the endpoint. The rule, checked on each spec's code with
   * comments removed: a route handler's URL path appears in it (dynamic segments match
   * any text); a server action's exported name appears in it (called over HTTP with
   * actionRef/callAction), or, when the spec drives the action through the page, `ui` does.
   */
  http: readonly string[];
  /**
   * For a server action a spec drives through the UI: text the spec uses to find the
   * control that fires it (a button name, label or test id) and that also appears in the
   * component that imports the action.
   */
  ui?: string;
};

/** The matrix test's principals and the role each one acts with (null: no session). */
export const PRINCIPALS = ["anon", "reporter", "editor", "admin", "deactivated", "demoted"] as const;
export type Who = (typeof PRINCIPALS)[number];
export const PRINCIPAL_ROLE: Record<Who, Role | null> = {
  anon: null,
  reporter: "REPORTER",
  editor: "EDITOR",
  admin: "ADMIN",
  deactivated: null, // a valid token of a user since deactivated resolves to no one
  demoted: "REPORTER", // an editor's token, demoted since: the database's role wins
};
/** What a matrix cell expects: the call succeeds, or fails with this HTTP status. */
export type Expect = "ok" | 401 | 403 | 404 | 409;
export type MatrixRow = { action: string; services: readonly string[]; expect: Record<Who, Expect> };

/** Services proved by dedicated tests rather than a matrix row, and the guards they serve. */
export const DEDICATED_TESTS: Record<string, Guard["kind"]> = {
  redeemAuthToken: "one-time-token", // authz-matrix.int.test.ts "one-time links", lib/services/users.int.test.ts
  authenticate: "next-auth", // lib/services/auth.int.test.ts
};

/**
 * Principals whose expectation in `expect` contradicts `guard`: without a session it must
 * be 401; a role without the guard's permission must get 403; a role with it must not be
 * refused (ok, or a 404/409 from the row itself).
 */
export function guardMismatches(guard: Guard, expect: Record<Who, Expect>): Who[] {
  if (guard.kind !== "permission" && guard.kind !== "signed-in") return [];
  return PRINCIPALS.filter((who) => {
    const role = PRINCIPAL_ROLE[who];
    const got = expect[who];
    if (!role) return got !== 401;
    const allowed = guard.kind === "signed-in" || ROLE_PERMISSIONS[role].has(guard.permission);
    return allowed ? got === 401 || got === 403 : got !== 403;
  });
}

/** Every way the matrix fails to assert the table's guards; empty when it asserts them all. */
export function matrixProblems(coverage: readonly CoverageEntry[], rows: readonly MatrixRow[]): string[] {
  const problems: string[] = [];
  for (const entry of coverage) {
    for (const service of entry.services) {
      const dedicated = DEDICATED_TESTS[service];
      if (dedicated) {
        if (dedicated !== entry.guard.kind)
          problems.push(`${entry.endpoint}: ${service} is tested for a ${dedicated} guard, not ${entry.guard.kind}`);
        continue;
      }
      if (entry.guard.kind !== "permission" && entry.guard.kind !== "signed-in") {
        problems.push(`${entry.endpoint}: ${service} has a ${entry.guard.kind} guard and no dedicated test`);
        continue;
      }
      const candidates = rows.filter((r) => r.services.includes(service));
      if (candidates.length === 0) {
        problems.push(`${entry.endpoint}: ${service} has no matrix row`);
        continue;
      }
      if (!candidates.some((r) => guardMismatches(entry.guard, r.expect).length === 0)) {
        const detail = candidates.map((r) => `"${r.action}" disagrees for ${guardMismatches(entry.guard, r.expect).join(", ")}`);
        problems.push(
          `${entry.endpoint}: no matrix row for ${service} asserts ${describeGuard(entry.guard)} (${detail.join("; ")})`,
        );
      }
    }
  }
  return problems;
}

function describeGuard(guard: Guard): string {
  return guard.kind === "permission" ? `permission ${guard.permission}` : guard.kind;
}

const perm = (permission: Permission): Guard => ({ kind: "permission", permission });

export const COVERAGE: readonly CoverageEntry[] = [
  // Stories
  {
    endpoint: "app/desk/stories/actions.ts#createStoryFromWireAction",
    guard: perm("story.create"),
    services: ["createStoryFromWire"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#createBlankStoryAction",
    guard: perm("story.create"),
    services: ["createBlankStory"],
    http: ["e2e/admin.spec.ts"],
    ui: "Headline for a new story",
  },
  {
    endpoint: "app/desk/stories/actions.ts#saveStoryAction",
    guard: perm("story.edit.own"),
    services: ["saveStory"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#transitionStoryAction",
    guard: perm("story.publish"),
    services: ["transitionStory"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#setIndependentlyVerifiedAction",
    guard: perm("story.publish"),
    services: ["setIndependentlyVerified"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#setStoryEmbargoAction",
    guard: perm("story.publish"),
    services: ["setStoryEmbargo"],
    http: ["e2e/admin.spec.ts"],
  },
  // Issue #4: never lose work (locks, autosave, revisions, agency merge, corrections)
  // republish, release, the tag administration forms, wire append and feed edits are probed over HTTP
  // for every principal in e2e/admin.spec.ts ("action: …" tests); the rest are driven through the UI.
  {
    endpoint: "app/desk/stories/actions.ts#republishStoryAction",
    guard: perm("story.publish"),
    services: ["transitionStory", "recordCorrection"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#heartbeatLockAction",
    guard: perm("story.edit.own"),
    services: ["acquireStoryLock"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "lock-banner",
  },
  {
    endpoint: "app/desk/stories/actions.ts#releaseLockAction",
    guard: perm("story.edit.own"),
    services: ["releaseLock"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#takeOverLockAction",
    guard: perm("story.lock.takeover"),
    services: ["takeOverStoryLock"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "Take over editing",
  },
  {
    endpoint: "app/desk/stories/actions.ts#autosaveStoryAction",
    guard: perm("story.edit.own"),
    services: ["autosaveStory"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "autosave-status",
  },
  {
    endpoint: "app/desk/stories/actions.ts#getSavedStoryAction",
    guard: perm("desk.open"),
    services: ["getStoryForDesk"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "stale-save",
  },
  {
    endpoint: "app/desk/stories/[id]/history/actions.ts#restoreRevisionAction",
    guard: perm("story.edit.own"),
    services: ["restoreRevision"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "Restore",
  },
  {
    endpoint: "app/desk/stories/[id]/merge/actions.ts#applyAgencyMergeAction",
    guard: perm("story.edit.own"),
    services: ["applyAgencyMerge"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "Apply merge and save",
  },
  // Annotations: anyone on the desk may read; annotation.create to add, reply, resolve
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#listAnnotationsAction",
    guard: perm("desk.open"),
    services: ["listAnnotationsFor"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#createAnnotationAction",
    guard: perm("annotation.create"),
    services: ["createAnnotation"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "Add note",
  },
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#replyToAnnotationAction",
    guard: perm("annotation.create"),
    services: ["replyToAnnotation"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "Send reply",
  },
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#resolveAnnotationAction",
    guard: perm("annotation.create"),
    services: ["setAnnotationResolution"],
    http: ["e2e/desk-never-lose.spec.ts"],
    ui: "Resolve",
  },
  // Tags: suggestions (tag.apply on a story one may edit), administration (tag.manage)
  {
    endpoint: "app/desk/tags/actions.ts#listSuggestionsAction",
    guard: perm("desk.open"),
    services: ["listStorySuggestions"],
    http: ["e2e/desk-tags.spec.ts"],
    ui: "tag-suggestions",
  },
  {
    endpoint: "app/desk/tags/actions.ts#acceptSuggestionAction",
    guard: perm("tag.apply"),
    services: ["acceptSuggestion"],
    http: ["e2e/desk-tags.spec.ts"],
    ui: "Accept ",
  },
  {
    endpoint: "app/desk/tags/actions.ts#rejectSuggestionAction",
    guard: perm("tag.apply"),
    services: ["rejectSuggestion"],
    http: ["e2e/desk-tags.spec.ts"],
    ui: "Reject ",
  },
  {
    endpoint: "app/desk/tags/actions.ts#renameTagAction",
    guard: perm("tag.manage"),
    services: ["renameTag"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#setSynonymsAction",
    guard: perm("tag.manage"),
    services: ["setTagSynonyms"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#mergeTagAction",
    guard: perm("tag.manage"),
    services: ["mergeTagsByName"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#setSectionAction",
    guard: perm("tag.manage"),
    services: ["setTagSection"],
    http: ["e2e/desk-tags.spec.ts"],
    ui: "Position of",
  },
  // Wire append ("add to an existing story")
  {
    endpoint: "app/desk/wire/append-actions.ts#listAppendTargetsAction",
    guard: perm("story.edit.own"),
    services: ["listAppendTargets"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/wire/append-actions.ts#appendWireToStoryAction",
    guard: perm("story.edit.own"),
    services: ["appendWireToStory"],
    http: ["e2e/admin.spec.ts"],
  },
  // Users (admin)
  {
    endpoint: "app/desk/admin/users/actions.ts#inviteUserAction",
    guard: perm("user.manage"),
    services: ["inviteUser"],
    http: ["e2e/admin.spec.ts"],
    ui: "Create and invite",
  },
  {
    endpoint: "app/desk/admin/users/actions.ts#changeUserRoleAction",
    guard: perm("user.manage"),
    services: ["changeUserRole"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/admin/users/actions.ts#setUserActiveAction",
    guard: perm("user.manage"),
    services: ["setUserActive"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/admin/users/actions.ts#issuePasswordResetAction",
    guard: perm("user.manage"),
    services: ["issuePasswordReset"],
    http: ["e2e/admin.spec.ts"],
  },
  // Own account
  {
    endpoint: "app/desk/account/actions.ts#changeOwnPasswordAction",
    guard: { kind: "signed-in" },
    services: ["changeOwnPassword"],
    http: ["e2e/admin.spec.ts"],
    ui: "Change password",
  },
  {
    endpoint: "app/desk/account/actions.ts#signOutEverywhereAction",
    guard: { kind: "signed-in" },
    services: ["signOutEverywhere"],
    http: ["e2e/admin.spec.ts"],
  },
  // One-time links (public pages; the token is the credential)
  {
    endpoint: "app/invite/actions.ts#acceptInviteAction",
    guard: { kind: "one-time-token" },
    services: ["redeemAuthToken"],
    http: ["e2e/admin.spec.ts"],
    ui: "Set password and continue",
  },
  {
    endpoint: "app/reset-password/actions.ts#resetPasswordAction",
    guard: { kind: "one-time-token" },
    services: ["redeemAuthToken"],
    http: ["e2e/admin.spec.ts"],
    ui: "Set new password",
  },
  // Ingest and scheduling
  {
    endpoint: "app/desk/admin/feeds/actions.ts#createFeedAction",
    guard: perm("ingest.manage"),
    services: ["createFeed"],
    http: ["e2e/ingest.spec.ts"],
    ui: "Add feed",
  },
  {
    endpoint: "app/desk/admin/feeds/actions.ts#updateFeedAction",
    guard: perm("ingest.manage"),
    services: ["updateFeed"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/admin/feeds/actions.ts#deleteFeedAction",
    guard: perm("ingest.manage"),
    services: ["deleteFeed"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/schedule-actions.ts#scheduleStoryAction",
    guard: perm("story.schedule"),
    services: ["scheduleStory"],
    http: ["e2e/ingest.spec.ts"],
    ui: "schedule-control",
  },
  // Route handlers
  {
    endpoint: "app/api/auth/[...nextauth]/route.ts GET",
    guard: { kind: "next-auth" },
    services: ["authenticate"],
    http: ["e2e/security-headers.spec.ts"],
  },
  {
    endpoint: "app/api/auth/[...nextauth]/route.ts POST",
    guard: { kind: "next-auth" },
    services: ["authenticate"],
    http: ["e2e/security-headers.spec.ts"],
  },
  {
    endpoint: "app/api/desk/wire/import/route.ts POST",
    guard: perm("wire.import"),
    services: ["importWireFiles"],
    http: ["e2e/admin.spec.ts", "e2e/security-headers.spec.ts"],
  },
  {
    endpoint: "app/api/desk/wire/versions/[id]/original/route.ts GET",
    guard: perm("wire.read"),
    services: ["findWireOriginal"],
    http: ["e2e/admin.spec.ts"],
  },
  // Desk reads for any signed-in staff member (every role holds desk.open / tag.apply)
  {
    endpoint: "app/api/desk/events/route.ts GET",
    guard: { kind: "signed-in" },
    services: ["getDeskActivity"],
    http: ["e2e/desk-queue.spec.ts"],
  },
  {
    endpoint: "app/api/desk/tags/route.ts GET",
    guard: { kind: "signed-in" },
    services: ["searchTagsForPicker"],
    http: ["e2e/desk-tags.spec.ts"],
    ui: "Find or add a tag",
  },
  // Public reads: published stories only (lib/db/public.ts)
  {
    endpoint: "app/api/content/stories/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/api/content/stories/[id]/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/public.spec.ts", "e2e/public-canonical-urls.spec.ts"],
  },
  {
    endpoint: "app/(public)/atom.xml/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/feed.xml/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/sitemap.xml/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/news-sitemap.xml/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/tags/[slug]/atom.xml/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/public-canonical-urls.spec.ts"],
  },
  {
    endpoint: "app/(public)/tags/[slug]/feed.xml/route.ts GET",
    guard: { kind: "public" },
    services: [],
    noService:
      "public read: lib/public and lib/db/public.ts select PUBLISHED stories only (authz-matrix.int.test.ts 'public reads', lib/db/public.int.test.ts)",
    http: ["e2e/public.spec.ts"],
  },
];
