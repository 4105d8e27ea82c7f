import { storyContentResponse } from "@/lib/public/content-api";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return storyContentResponse((await params).id);
}
