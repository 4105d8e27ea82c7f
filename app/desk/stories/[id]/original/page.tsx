import Link from "@/components/desk/link";
import { notFound } from "next/navigation";
import styles from "@/components/desk/desk.module.css";
import { CompareView } from "@/components/desk/compare-view";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getAgencyOriginalDiff } from "@/lib/services/merge";

export const dynamic = "force-dynamic";

export default async function AgencyOriginalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/desk/stories/${id}/original`);
  const diff = await getAgencyOriginalDiff(user, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  if (!diff) notFound();
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Agency original vs edited story</h1>
        <Link href={`/desk/stories/${id}`}>Back to the story</Link>
        <Link href={`/desk/wire/${diff.wire.id}`}>Open the wire item</Link>
        <span className={styles.muted}>
          {diff.changed.added} words added · {diff.changed.removed} removed by the desk
        </span>
      </div>
      <section className={styles.panel}>
        <CompareView
          caption="The agency's copy compared with the edited story"
          leftTitle={`${diff.wire.source} · version ${diff.wire.version}${diff.wire.state === "KILLED" ? " · KILLED" : ""}`}
          rightTitle={`Edited story · version ${diff.story.version}`}
          fields={diff.fields}
          rows={diff.rows}
        />
      </section>
    </>
  );
}
