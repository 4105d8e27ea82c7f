import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/authz/policy";

/**
 * The story workflow as an explicit state machine. Each transition names the
 * permission it needs; services call assertTransition before changing status.
 *
 *   DRAFT → IN_REVIEW → READY → SCHEDULED → PUBLISHED → UNPUBLISHED / KILLED
 *   (PUBLISHED → PUBLISHED is an update or correction; UNPUBLISHED can go back to DRAFT.)
 */
export const STORY_STATUSES = ["DRAFT", "IN_REVIEW", "READY", "SCHEDULED", "PUBLISHED", "UNPUBLISHED", "KILLED"] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];

export const TRANSITIONS = {
  submit: { from: ["DRAFT"], to: "IN_REVIEW", permission: "story.submit", label: "Submit for review" },
  return: { from: ["IN_REVIEW", "READY"], to: "DRAFT", permission: "story.publish", label: "Return to draft" },
  approve: { from: ["DRAFT", "IN_REVIEW"], to: "READY", permission: "story.publish", label: "Mark ready" },
  schedule: { from: ["DRAFT", "IN_REVIEW", "READY"], to: "SCHEDULED", permission: "story.schedule", label: "Schedule" },
  unschedule: { from: ["SCHEDULED"], to: "READY", permission: "story.schedule", label: "Unschedule" },
  publish: {
    from: ["DRAFT", "IN_REVIEW", "READY", "SCHEDULED", "UNPUBLISHED"],
    to: "PUBLISHED",
    permission: "story.publish",
    label: "Publish",
  },
  republish: { from: ["PUBLISHED"], to: "PUBLISHED", permission: "story.publish", label: "Update" },
  unpublish: { from: ["PUBLISHED", "SCHEDULED"], to: "UNPUBLISHED", permission: "story.unpublish", label: "Unpublish" },
  redraft: { from: ["UNPUBLISHED"], to: "DRAFT", permission: "story.edit.own", label: "Back to draft" },
  kill: {
    from: ["DRAFT", "IN_REVIEW", "READY", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"],
    to: "KILLED",
    permission: "story.kill",
    label: "Kill",
  },
} as const satisfies Record<string, { from: readonly StoryStatus[]; to: StoryStatus; permission: Permission; label: string }>;

export type TransitionName = keyof typeof TRANSITIONS;

export function isTransitionName(name: string): name is TransitionName {
  return Object.hasOwn(TRANSITIONS, name);
}

export function canTransition(from: StoryStatus, name: TransitionName): boolean {
  return (TRANSITIONS[name].from as readonly StoryStatus[]).includes(from);
}

export function assertTransition(from: StoryStatus, name: TransitionName): StoryStatus {
  if (!canTransition(from, name)) {
    throw new AppError(
      "INVALID_TRANSITION",
      `Cannot ${TRANSITIONS[name].label.toLowerCase()} a story that is ${from.toLowerCase().replace("_", " ")}`,
      { from, transition: name },
    );
  }
  return TRANSITIONS[name].to;
}

/** Transitions available from a status (the UI filters these further by permission). */
export function transitionsFrom(from: StoryStatus): TransitionName[] {
  return (Object.keys(TRANSITIONS) as TransitionName[]).filter((n) => canTransition(from, n));
}
