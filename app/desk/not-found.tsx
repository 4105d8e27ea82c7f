import Link from "@/components/desk/link";

/** notFound() from a desk screen: shown inside the desk (its bar and navigation), with 404. */
export default function DeskNotFound() {
  return (
    <section style={{ maxWidth: "36rem" }}>
      <h1>Not found</h1>
      <p>There is no such story, wire item or revision here. It may have been deleted, or the link is wrong.</p>
      <p>
        <Link href="/desk/stories">Stories</Link> · <Link href="/desk/wire">Wire</Link>
      </p>
    </section>
  );
}
