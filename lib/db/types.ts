// Types from the generated Prisma client that other layers may name, re-exported so
// that nothing outside lib/db imports the generated client itself.
export type { Prisma } from "./generated/client";
export type { Role, StoryStatus, TagKind, RevisionKind, AnnotationKind, WireItemState } from "./generated/enums";
