import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { CompareView } from "@/components/desk/compare-view";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { compareRevisions } from "@/lib/services/revisions";

export const dynamic = "force-dynamic";

export default async function CompareRevisionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ a?: string; b?: string }>;
}) {
  const { id } = await params;
  const q = await searchParams;
  const user = await requireUser(`/desk/stories/${id}/history`);
  const a = Number(q.a);
  const b = Number(q.b);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < 1) notFound();
  const cmp = await compareRevisions(user, id, a, b).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const title = (r: typeof cmp.left) =>
    `#${r.number} ${r.kind.toLowerCase()} · ${r.author ?? "system"} · ${formatDateTime(r.createdAt)}`;
  return (
    <>
      <div className={styles.pageHead}>
        <h1>
          Compare revisions {a} and {b}
        </h1>
        <Link href={`/desk/stories/${id}/history`}>Back to history</Link>
        <span className={styles.muted}>
          {cmp.changed.added} words added · {cmp.changed.removed} removed
        </span>
      </div>
      <section className={styles.panel}>
        <CompareView
          caption={`Revision ${a} compared with revision ${b}`}
          leftTitle={title(cmp.left)}
          rightTitle={title(cmp.right)}
          fields={cmp.fields}
          rows={cmp.body}
        />
      </section>
    </>
  );
}
