import { NotFoundBody } from "@/components/public/not-found-body";

/** notFound() from a public page: the public layout already provides <main>. */
export default function PublicNotFound() {
  return <NotFoundBody />;
}
