import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/route";
import { getDeskActivity } from "@/lib/services/desk-queue";

export const dynamic = "force-dynamic";

/**
 * Live updates for the desk by short polling with an ETag (components/desk/live-refresh.tsx):
 * two index-only max() queries per poll and a 304 when nothing changed. Polling rather than
 * Server-Sent Events keeps no connection open per desk tab, which matters on the
 * single-connection embedded database.
 */
export async function GET(req: Request) {
  try {
    const activity = await getDeskActivity(await getCurrentUser());
    const etag = `"${createHash("sha256").update(JSON.stringify(activity)).digest("base64url").slice(0, 22)}"`;
    const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
    if (req.headers.get("if-none-match") === etag) return new NextResponse(null, { status: 304, headers });
    return NextResponse.json(activity, { headers });
  } catch (e) {
    return errorResponse(e);
  }
}
