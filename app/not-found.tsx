import Link from "next/link";

/** Served with 404 for any unknown URL and for stories that are not (or no longer) public. */
export default function NotFound() {
  return (
    <main id="main" style={{ maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem", fontFamily: "var(--font-serif)" }}>
      <h1>Page not found</h1>
      <p>We could not find that page. It may have moved, or it was never published.</p>
      <form action="/search" method="get" role="search" aria-label="Search from this page" style={{ margin: "1.5rem 0", display: "flex", gap: "0.5rem" }}>
        <label htmlFor="nf-q" className="visually-hidden">
          Search stories
        </label>
        <input id="nf-q" name="q" type="search" placeholder="Search stories" style={{ flex: 1, font: "inherit", padding: "0.4rem" }} />
        <button type="submit" style={{ font: "inherit" }}>
          Search
        </button>
      </form>
      <p>
        <Link href="/" prefetch={false}>
          Go to the front page
        </Link>
      </p>
    </main>
  );
}
