import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import { LiveRefresh } from "@/components/desk/live-refresh";
import { StoryTable } from "@/components/desk/story-table";
import { WireQueue } from "@/components/desk/wire-queue";
import { requireUser } from "@/lib/auth/session";
import { KillAlerts } from "@/components/desk/kill-alerts";
import { getKillAlerts } from "@/lib/services/kill-alerts";
import { getDeskOverview } from "@/lib/services/desk-queue";

export const dynamic = "force-dynamic";

export default async function DeskHome() {
  const user = await requireUser("/desk");
  const { stories, wire } = await getDeskOverview(user);
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Overview</h1>
        <LiveRefresh />
      </div>
      <KillAlerts alerts={await getKillAlerts(user)} />
      <div className={styles.columns}>
        <section className={styles.panel} aria-labelledby="stories-h">
          <h2 id="stories-h">
            Stories · <Link href="/desk/stories">by status</Link>
          </h2>
          <StoryTable stories={stories} />
        </section>
        <section className={styles.panel} aria-labelledby="wire-h">
          <h2 id="wire-h">
            Wire · <Link href="/desk/wire">queue, search and upload</Link>
          </h2>
          <WireQueue items={wire} />
        </section>
      </div>
    </>
  );
}
