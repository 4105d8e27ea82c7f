import { feedResponse } from "@/lib/public/feed-routes";

export const dynamic = "force-dynamic";

export function GET() {
  return feedResponse("rss");
}
