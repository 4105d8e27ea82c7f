import Link from "next/link";

/** Served with 403 when a signed-in user opens a screen their role may not use. */
export default function Forbidden() {
  return (
    <main id="main" style={{ maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
      <h1>Not allowed</h1>
      <p>Your role does not give access to this screen. Ask an admin if you need it.</p>
      <p>
        <Link href="/desk" prefetch={false}>
          Back to the desk
        </Link>
      </p>
    </main>
  );
}
