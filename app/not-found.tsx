import { NotFoundBody } from "@/components/public/not-found-body";

/** Unknown URLs: only the root layout wraps this, so it brings its own <main>. */
export default function NotFound() {
  return (
    <main id="main">
      <NotFoundBody />
    </main>
  );
}
