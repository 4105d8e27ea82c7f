import Link from "next/link";

/**
 * The not-found message. Rendered inside the public layout (which already has <main>)
 * when a public page calls notFound(), and inside a <main> of its own for unknown URLs.
 */
export function NotFoundBody() {
  return (
    <div style={{ maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem", fontFamily: "var(--font-serif)" }}>
      <h1>Page not found</h1>
      <p>We could not find that page. It may have moved, or it was never published.</p>
      <form
        action="/search"
        method="get"
        role="search"
        aria-label="Search from this page"
        style={{ margin: "1.5rem 0", display: "flex", gap: "0.5rem" }}
      >
        <label htmlFor="nf-q" className="visually-hidden">
          Search stories
        </label>
        <input
          id="nf-q"
          name="q"
          type="search"
          placeholder="Search stories"
          style={{ flex: 1, font: "inherit", padding: "0.4rem" }}
        />
        <button type="submit" style={{ font: "inherit" }}>
          Search
        </button>
      </form>
      <p>
        <Link href="/" prefetch={false}>
          Go to the front page
        </Link>
      </p>
    </div>
  );
}
