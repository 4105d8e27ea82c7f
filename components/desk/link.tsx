import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * Links inside the desk do not prefetch. Desk pages are dynamic and per-user, and the desk
 * refreshes often (after every save, on live wire updates): with prefetching on, each refresh
 * re-fetched every linked page (eight requests per save on the story screen), competing with
 * the refresh that mattered. Navigation still goes through the client router.
 */
export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
