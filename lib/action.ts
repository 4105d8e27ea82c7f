import "server-only";
import { headers } from "next/headers";
import { getCurrentUser } from "@/lib/auth/session";
import { clientIp } from "@/lib/auth/ip";
import type { Actor } from "@/lib/authz/policy";
import { AppError, publicError, toAppError, type PublicError } from "@/lib/errors";
import { recordDenied } from "@/lib/services/audit";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: PublicError };

export type ActionContext = { actor: Actor | null; ip: string };

/**
 * The one wrapper every server action goes through: it resolves the current user
 * (checked against the database), the client IP, calls one service, and turns errors
 * into the shared vocabulary. Unknown errors are logged and shown generically.
 * Next.js already refuses server-action POSTs whose Origin does not match the host.
 */
export async function runAction<T>(fn: (ctx: ActionContext) => Promise<T>): Promise<ActionResult<T>> {
  let ctx: ActionContext | undefined;
  try {
    const [actor, h] = await Promise.all([getCurrentUser(), headers()]);
    ctx = { actor, ip: clientIp(h) };
    return { ok: true, data: await fn(ctx) };
  } catch (caught) {
    const e = toAppError(caught);
    if (e) {
      if (e.code === "FORBIDDEN" && ctx)
        await recordDenied(ctx.actor, { ip: ctx.ip, permission: e.details?.permission, message: e.message, where: "action" });
      return { ok: false, error: publicError(e) };
    }
    // Let Next.js control-flow errors (redirect, notFound) through.
    if (
      caught &&
      typeof caught === "object" &&
      "digest" in caught &&
      typeof (caught as { digest: unknown }).digest === "string" &&
      (caught as { digest: string }).digest.startsWith("NEXT_")
    )
      throw caught;
    console.error("action failed", caught);
    return { ok: false, error: { code: "INTERNAL", message: "Something went wrong; nothing was changed. Try again." } };
  }
}

export function requireActor(ctx: ActionContext): Actor {
  if (!ctx.actor) throw new AppError("UNAUTHENTICATED", "Your session has ended; sign in again");
  return ctx.actor;
}
