import { feedResponse } from "@/lib/public/feed-routes";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  return feedResponse("atom", (await params).slug);
}
