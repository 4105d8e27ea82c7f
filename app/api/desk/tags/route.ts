import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/route";
import { searchTagsForPicker, TAG_KINDS } from "@/lib/services/tags";

export const dynamic = "force-dynamic";

/** Type-ahead for the tag picker: GET /api/desk/tags?q=immig[&kind=MEDIA_TOPIC]. Read-only, signed-in staff. */
export async function GET(req: Request) {
  try {
    const url = new URL(req.url);
    const kinds = url.searchParams
      .getAll("kind")
      .filter((k): k is (typeof TAG_KINDS)[number] => (TAG_KINDS as readonly string[]).includes(k));
    const tags = await searchTagsForPicker(await getCurrentUser(), {
      q: url.searchParams.get("q") ?? "",
      kinds: kinds.length ? kinds : undefined,
    });
    return NextResponse.json({ tags }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
