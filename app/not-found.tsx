import Link from "next/link";

export default function NotFound() {
  return (
    <main style={{ maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem", fontFamily: "var(--font-serif)" }}>
      <h1>Page not found</h1>
      <p>We could not find that page. It may have moved, or it was never published.</p>
      <p>
        <Link href="/">Go to the front page</Link>
      </p>
    </main>
  );
}
