/** After this many seconds a failing feed is still tried at least once (unless its interval is longer). */
export const MAX_BACKOFF_SECONDS = 6 * 3600;

/**
 * Seconds until a feed's next poll: its interval while it works; after failures the
 * interval doubles per consecutive failure (exponential back-off), capped at six hours or
 * the interval itself when that is longer, so a broken feed neither hammers its server
 * nor is forgotten.
 */
export function nextPollDelaySeconds(intervalSeconds: number, consecutiveErrors: number): number {
  if (consecutiveErrors <= 0) return intervalSeconds;
  const cap = Math.max(intervalSeconds, MAX_BACKOFF_SECONDS);
  return Math.min(intervalSeconds * 2 ** Math.min(consecutiveErrors, 30), cap);
}
