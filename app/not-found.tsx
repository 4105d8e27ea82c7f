import { connection } from "next/server";
import { NotFoundBody } from "@/components/public/not-found-body";
import { PublicFrame } from "@/components/public/public-frame";

/**
 * Unknown URLs: only the root layout wraps this, so it brings the newspaper's frame itself.
 * Rendered per request, never at build time: the frame reads the site's sections from the
 * database, which a build cannot assume exists (or is migrated).
 */
export default async function NotFound() {
  await connection();
  return (
    <PublicFrame>
      <NotFoundBody />
    </PublicFrame>
  );
}
