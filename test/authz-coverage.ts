/**
 * Every server action and route handler in app/, with the rule that guards it and the
 * tests that prove the rule. test/route-coverage.test.ts fails when an endpoint exists
 * that is not listed here (or a listed one is gone), so a new endpoint cannot ship
 * without a decision about who may call it.
 *
 * `services` are checked cell by cell in test/authz-matrix.int.test.ts (which also fails
 * when a listed service has no matrix row); `http` names the e2e specs that call the
 * endpoint over HTTP against a production server.
 */
export type Guard =
  | { kind: "permission"; permission: string }
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
  http: readonly string[];
};

const perm = (permission: string): Guard => ({ kind: "permission", permission });

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
  // No e2e spec clicks "Update" with a correction yet; public.spec.ts edits and re-saves a published story on the same screen.
  {
    endpoint: "app/desk/stories/actions.ts#republishStoryAction",
    guard: perm("story.publish"),
    services: ["transitionStory", "recordCorrection"],
    http: ["e2e/public.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#heartbeatLockAction",
    guard: perm("story.edit.own"),
    services: ["acquireStoryLock"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#releaseLockAction",
    guard: perm("story.edit.own"),
    services: ["releaseLock"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#takeOverLockAction",
    guard: perm("story.lock.takeover"),
    services: ["takeOverStoryLock"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#autosaveStoryAction",
    guard: perm("story.edit.own"),
    services: ["autosaveStory"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/actions.ts#getSavedStoryAction",
    guard: perm("desk.open"),
    services: ["getStoryForDesk"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/[id]/history/actions.ts#restoreRevisionAction",
    guard: perm("story.edit.own"),
    services: ["restoreRevision"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/[id]/merge/actions.ts#applyAgencyMergeAction",
    guard: perm("story.edit.own"),
    services: ["applyAgencyMerge"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  // Annotations: anyone on the desk may read; annotation.create to add, reply, resolve
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#listAnnotationsAction",
    guard: perm("desk.open"),
    services: ["listAnnotationsFor"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#createAnnotationAction",
    guard: perm("annotation.create"),
    services: ["createAnnotation"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#replyToAnnotationAction",
    guard: perm("annotation.create"),
    services: ["replyToAnnotation"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/[id]/annotation-actions.ts#resolveAnnotationAction",
    guard: perm("annotation.create"),
    services: ["setAnnotationResolution"],
    http: ["e2e/desk-never-lose.spec.ts"],
  },
  // Tags: suggestions (tag.apply on a story one may edit), administration (tag.manage)
  {
    endpoint: "app/desk/tags/actions.ts#listSuggestionsAction",
    guard: perm("desk.open"),
    services: ["listStorySuggestions"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#acceptSuggestionAction",
    guard: perm("tag.apply"),
    services: ["acceptSuggestion"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#rejectSuggestionAction",
    guard: perm("tag.apply"),
    services: ["rejectSuggestion"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  // No e2e spec drives the tag administration page yet; desk-tags.spec.ts is the closest (same area, same server).
  {
    endpoint: "app/desk/tags/actions.ts#renameTagAction",
    guard: perm("tag.manage"),
    services: ["renameTag"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#setSynonymsAction",
    guard: perm("tag.manage"),
    services: ["setTagSynonyms"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#mergeTagAction",
    guard: perm("tag.manage"),
    services: ["mergeTagsByName"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  {
    endpoint: "app/desk/tags/actions.ts#setSectionAction",
    guard: perm("tag.manage"),
    services: ["setTagSection"],
    http: ["e2e/desk-tags.spec.ts"],
  },
  // Wire append ("add to an existing story"). No e2e spec clicks it yet; desk-queue.spec.ts drives the wire pages it lives on.
  {
    endpoint: "app/desk/wire/append-actions.ts#listAppendTargetsAction",
    guard: perm("story.edit.own"),
    services: ["listAppendTargets"],
    http: ["e2e/desk-queue.spec.ts"],
  },
  {
    endpoint: "app/desk/wire/append-actions.ts#appendWireToStoryAction",
    guard: perm("story.edit.own"),
    services: ["appendWireToStory"],
    http: ["e2e/desk-queue.spec.ts"],
  },
  // Users (admin)
  {
    endpoint: "app/desk/admin/users/actions.ts#inviteUserAction",
    guard: perm("user.manage"),
    services: ["inviteUser"],
    http: ["e2e/admin.spec.ts"],
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
  },
  {
    endpoint: "app/reset-password/actions.ts#resetPasswordAction",
    guard: { kind: "one-time-token" },
    services: ["redeemAuthToken"],
    http: ["e2e/admin.spec.ts"],
  },
  // Ingest and scheduling
  {
    endpoint: "app/desk/admin/feeds/actions.ts#createFeedAction",
    guard: perm("ingest.manage"),
    services: ["createFeed"],
    http: ["e2e/ingest.spec.ts"],
  },
  {
    endpoint: "app/desk/admin/feeds/actions.ts#updateFeedAction",
    guard: perm("ingest.manage"),
    services: ["updateFeed"],
    http: ["e2e/ingest.spec.ts"],
  },
  {
    endpoint: "app/desk/admin/feeds/actions.ts#deleteFeedAction",
    guard: perm("ingest.manage"),
    services: ["deleteFeed"],
    http: ["e2e/ingest.spec.ts"],
  },
  {
    endpoint: "app/desk/stories/schedule-actions.ts#scheduleStoryAction",
    guard: perm("story.schedule"),
    services: ["scheduleStory"],
    http: ["e2e/ingest.spec.ts"],
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
    services: [],
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
  },
  // Public reads: published stories only (lib/db/public.ts)
  {
    endpoint: "app/api/content/stories/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/api/content/stories/[id]/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/atom.xml/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/feed.xml/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/sitemap.xml/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/news-sitemap.xml/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/tags/[slug]/atom.xml/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
  {
    endpoint: "app/(public)/tags/[slug]/feed.xml/route.ts GET",
    guard: { kind: "public" },
    services: ["publicReads"],
    http: ["e2e/admin.spec.ts"],
  },
];
