/**
 * The one error vocabulary. Services throw AppError; the action helper and route
 * handlers turn it into a response. A row the caller may not see is NOT_FOUND; a row
 * they may see but not change is FORBIDDEN.
 */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "NOT_FOUND",
  "FORBIDDEN",
  "CONFLICT",
  "INVALID_TRANSITION",
  "VALIDATION",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  VALIDATION: 400,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fieldErrors?: FieldErrors; [key: string]: unknown },
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (what = "You do not have permission to do that") => new AppError("FORBIDDEN", what);

/** A write based on an older version of the row than the current one ("someone saved first"). */
export const staleError = (currentVersion: number) =>
  new AppError("CONFLICT", "Someone else saved this story after you opened it. Your text was not saved; compare and merge.", {
    reason: "stale",
    currentVersion,
  });

/** Someone else holds the story's live edit lock. */
export const lockedError = (holder: { id: string; name: string }, until: Date) =>
  new AppError("CONFLICT", `${holder.name} is editing this story; your text was not saved`, {
    reason: "locked",
    lockHolder: holder,
    lockedUntil: until.toISOString(),
  });

/** Why a CONFLICT happened, for UIs that react differently (never by reading the message). */
export type ConflictReason = "stale" | "locked";

/** Structured details a UI may read (never the message text). Anything else stays on the server. */
export type ErrorDetails = {
  reason?: string;
  currentVersion?: number;
  lockHolder?: { id: string; name: string };
  lockedUntil?: string;
  embargoUntil?: string;
};

/** What an action or route handler sends back for a failure: the code, a message, field errors, details. */
export type PublicError = {
  code: ErrorCode | "INTERNAL";
  message: string;
  fieldErrors?: FieldErrors;
  details?: ErrorDetails;
};

const DETAIL_KEYS = ["reason", "currentVersion", "lockHolder", "lockedUntil", "embargoUntil"] as const;

function pickDetails(details: AppError["details"]): ErrorDetails | undefined {
  if (!details) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of DETAIL_KEYS) if (details[k] !== undefined) out[k] = details[k];
  return Object.keys(out).length ? (out as ErrorDetails) : undefined;
}

type ZodLike = { name: "ZodError"; issues: { path: PropertyKey[]; message: string }[] };
const isZodError = (e: unknown): e is ZodLike =>
  !!e && typeof e === "object" && (e as { name?: unknown }).name === "ZodError" && Array.isArray((e as ZodLike).issues);
/** Prisma's known request errors, by shape (only lib/db imports Prisma). */
function prismaCode(e: unknown): string | null {
  if (!e || typeof e !== "object" || !("clientVersion" in e)) return null;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : null;
}

/**
 * Any thrown value as an AppError when it has a meaning the user can act on: zod failures are
 * VALIDATION with field errors, Prisma's "record not found" is NOT_FOUND and "unique
 * constraint" is CONFLICT. Returns null for everything else (a bug: logged, shown generically).
 */
export function toAppError(e: unknown): AppError | null {
  if (isAppError(e)) return e;
  if (isZodError(e)) {
    const fieldErrors: FieldErrors = {};
    for (const issue of e.issues) {
      const key = issue.path.map(String).join(".") || "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return new AppError("VALIDATION", e.issues[0]?.message ?? "Invalid input", { fieldErrors });
  }
  const code = prismaCode(e);
  if (code === "P2025" || code === "P2001" || code === "P2018") return notFound("Not found; it may have been deleted");
  if (code === "P2002") return new AppError("CONFLICT", "That already exists");
  if (code === "P2034") return new AppError("CONFLICT", "Someone else changed this at the same moment; try again");
  return null;
}

export function publicError(e: AppError): PublicError {
  return { code: e.code, message: e.message, fieldErrors: e.details?.fieldErrors, details: pickDetails(e.details) };
}

/** For UIs: is this failure "someone else is editing" or "your copy is out of date"? */
export function conflictReason(err: Pick<PublicError, "code" | "details"> | null | undefined): ConflictReason | null {
  if (err?.code !== "CONFLICT") return null;
  return err.details?.reason === "locked" ? "locked" : err.details?.reason === "stale" ? "stale" : null;
}
