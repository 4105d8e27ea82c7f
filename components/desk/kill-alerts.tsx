import Link from "@/components/desk/link";
import ingest from "./ingest.module.css";
import type { KillAlert } from "@/lib/services/kill-alerts";

/** Server-rendered banner of recent agency kills and the stories they touched. */
export function KillAlerts({ alerts }: { alerts: KillAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <section className={ingest.killBanner} role="alert" aria-labelledby="kill-alerts-h" data-testid="kill-alerts">
      <h2 id="kill-alerts-h">Agency kill{alerts.length === 1 ? "" : "s"} · last 48 hours</h2>
      <ul>
        {alerts.map((a) => (
          <li key={a.itemId}>
            <Link href={`/desk/wire/${a.itemId}`}>{a.headline}</Link>{" "}
            <span className={ingest.killMeta}>
              {a.agency} · killed {a.killedAt.toISOString().replace("T", " ").slice(0, 16)} UTC
            </span>
            {a.stories.length > 0 ? (
              <div className={ingest.killMeta}>
                Stories from it:{" "}
                {a.stories.map((s, i) => (
                  <span key={s.id}>
                    {i > 0 ? "; " : ""}
                    <Link href={`/desk/stories/${s.id}`}>{s.headline}</Link> —{" "}
                    {s.status === "KILLED"
                      ? "taken off the site"
                      : s.independentlyVerified
                        ? `kept (independently verified, ${s.status.toLowerCase()})`
                        : s.status.toLowerCase().replace("_", " ")}
                  </span>
                ))}
              </div>
            ) : (
              <div className={ingest.killMeta}>No story was made from it.</div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
