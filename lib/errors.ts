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
