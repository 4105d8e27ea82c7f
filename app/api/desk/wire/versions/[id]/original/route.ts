import { getCurrentUser } from "@/lib/auth/session";
import { findWireOriginal } from "@/lib/services/wire-items";
import { notFound } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";

/** The agency original, byte for byte, as a download (never rendered as HTML). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const row = await findWireOriginal(await getCurrentUser(), (await params).id);
    if (!row) throw notFound("Wire version not found");
    const name = (row.fileName ?? "original").replace(/[^\w.-]+/g, "_").slice(0, 120) || "original";
    return new Response(new Uint8Array(row.raw), {
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="${name}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
