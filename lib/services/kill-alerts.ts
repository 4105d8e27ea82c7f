import "server-only";
import { listRecentKills } from "@/lib/db/wire";
import { assertCan, type Actor } from "@/lib/authz/policy";

/** How long an agency kill stays on the desk banner. */
export const KILL_ALERT_HOURS = 48;

export type KillAlert = {
  itemId: string;
  headline: string;
  agency: string;
  killedAt: Date;
  stories: { id: string; headline: string; status: string; independentlyVerified: boolean }[];
};

/**
 * Agency kills of the last two days for the desk banner: the item, and every story made
 * from it with what happened to it (killed, or kept because an editor verified it).
 */
export async function getKillAlerts(actor: Actor | null, now = new Date()): Promise<KillAlert[]> {
  assertCan(actor, "wire.read");
  const rows = await listRecentKills(new Date(now.getTime() - KILL_ALERT_HOURS * 3600_000), 10);
  return rows.map((r) => {
    // The kill notice itself rarely has a headline; name the item by its last real one.
    const named = r.versions.find((v) => v.headline && !/^(kill|cancel|withdraw|mandatory kill)/i.test(v.headline));
    const seen = new Set<string>();
    const stories = r.versions.flatMap((v) => v.stories).filter((s) => !seen.has(s.id) && seen.add(s.id));
    return {
      itemId: r.id,
      headline:
        named?.headline ??
        r.versions.find((v) => v.proposedHeadline)?.proposedHeadline ??
        r.versions[0]?.headline ??
        "Untitled item",
      agency: r.source.name,
      killedAt: r.killedAt ?? now,
      stories,
    };
  });
}
