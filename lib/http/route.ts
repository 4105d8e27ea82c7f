import "server-only";
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { clientIp } from "@/lib/auth/ip";
import type { Actor } from "@/lib/authz/policy";
import { AppError, isAppError, publicError, toAppError } from "@/lib/errors";
import { siteUrl } from "@/lib/env";
import { recordDenied } from "@/lib/services/audit";

/**
 * CSRF defence for route handlers: a mutation must carry an Origin equal to this site's
 * own origin. A foreign Origin, `Origin: null` and a missing Origin are all refused.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") throw new AppError("FORBIDDEN", "Missing or null Origin on a state-changing request");
  const allowed = new Set<string>([new URL(siteUrl()).origin]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  if (!allowed.has(origin)) throw new AppError("FORBIDDEN", "Cross-origin request refused");
}

export function errorResponse(caught: unknown): NextResponse {
  const e = toAppError(caught);
  if (e) return NextResponse.json({ error: publicError(e) }, { status: e.status });
  console.error("route handler failed", caught);
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong; nothing was changed." } },
    { status: 500 },
  );
}

/** Wraps a mutating route handler: Origin check, current user, one error vocabulary. */
export async function handleMutation(
  req: Request,
  fn: (ctx: { actor: Actor | null; ip: string }) => Promise<Response>,
): Promise<Response> {
  let actor: Actor | null = null;
  try {
    assertSameOrigin(req);
    actor = await getCurrentUser();
    return await fn({ actor, ip: clientIp(req.headers) });
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") {
      await recordDenied(actor, {
        ip: clientIp(req.headers),
        permission: e.details?.permission,
        message: e.message,
        where: new URL(req.url).pathname,
      });
    }
    return errorResponse(e);
  }
}
