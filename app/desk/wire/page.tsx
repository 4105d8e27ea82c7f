import styles from "@/components/desk/desk.module.css";
import { WireQueue } from "@/components/desk/wire-queue";
import { WireUpload } from "@/components/desk/wire-upload";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/policy";
import { listWireQueue } from "@/lib/db/wire";

export const dynamic = "force-dynamic";

export default async function WirePage() {
  const user = await requireUser("/desk/wire");
  const items = await listWireQueue({ limit: 200 });
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Wire</h1>
      </div>
      <div className={styles.editorGrid}>
        <section className={styles.panel} aria-label="Wire queue">
          <WireQueue items={items} />
        </section>
        {can(user, "wire.import") ? (
          <aside className={styles.panel} aria-label="Import">
            <h2>Import agency copy</h2>
            <WireUpload />
          </aside>
        ) : null}
      </div>
    </>
  );
}
