import { sitemapResponse } from "@/lib/public/sitemaps";

export const dynamic = "force-dynamic";

export function GET() {
  return sitemapResponse();
}
