import { NotFoundBody } from "@/components/public/not-found-body";
import { PublicFrame } from "@/components/public/public-frame";

/** Unknown URLs: only the root layout wraps this, so it brings the newspaper's frame itself. */
export default function NotFound() {
  return (
    <PublicFrame>
      <NotFoundBody />
    </PublicFrame>
  );
}
