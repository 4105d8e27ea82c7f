import { listContentResponse } from "@/lib/public/content-api";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return listContentResponse(new URL(req.url));
}
