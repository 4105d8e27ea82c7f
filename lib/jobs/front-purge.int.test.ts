// Purging front caches (Varnish, …) by key, through the real job queue on a real database.
// A fake front cache records the PURGE requests it gets, and can refuse some.
// Fails without the protection: drop `enqueueFrontPurge` from invalidatePublic
// (lib/public/invalidate.ts) and the first test gets no purge; make runFrontPurge swallow
// errors and the retry test sees one attempt and never the acknowledged purge.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, transaction } from "@/lib/db/client";
import { counterValue } from "@/lib/metrics/counters";
import { makeStaff } from "@/test/helpers";

type Purge = { at: number; keys: string[]; status: number };
const purges: Purge[] = [];
let refuseNext = 0;
let server: http.Server;
let staff: Awaited<ReturnType<typeof makeStaff>>;

// Imported after WIREDESK_FRONT_CACHES is set (env() reads it once).
let services: {
  createBlankStory: typeof import("@/lib/services/stories").createBlankStory;
  transitionStory: typeof import("@/lib/services/stories").transitionStory;
  invalidatePublic: typeof import("@/lib/public/invalidate").invalidatePublic;
  jobQueue: typeof import("@/lib/jobs/queue").jobQueue;
  stopJobQueue: typeof import("@/lib/jobs/queue").stopJobQueue;
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const keys = String(req.headers["xkey-purge"] ?? "")
      .split(" ")
      .filter(Boolean);
    const status = req.method !== "PURGE" ? 405 : refuseNext > 0 ? (refuseNext--, 503) : 200;
    purges.push({ at: Date.now(), keys, status });
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.WIREDESK_FRONT_CACHES = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stories = await import("@/lib/services/stories");
  const invalidate = await import("@/lib/public/invalidate");
  const queue = await import("@/lib/jobs/queue");
  const purge = await import("./front-purge");
  services = { ...stories, ...invalidate, ...queue };
  staff = await makeStaff();
  await purge.startFrontPurgeWorker(await queue.jobQueue());
});

afterAll(async () => {
  await services.stopJobQueue();
  server.close();
});

async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("front-cache purges", () => {
  it("a publish is purged by exactly the story's keys, within a second of the commit, once", async () => {
    const { id } = await services.createBlankStory(staff.editor, "Purged by key");
    const before = purges.length;
    const committed = Date.now();
    await services.transitionStory(staff.editor, id, "publish", { ip: null });
    const story = await db().story.findUniqueOrThrow({ where: { id } });
    const purge = await waitFor(() => purges.slice(before).find((p) => p.keys.includes(`story:${id}`)), 5_000);
    expect(purge.status).toBe(200);
    expect(purge.keys).toEqual(
      expect.arrayContaining([`story:${story.slug}`, `story:${id}`, "home", "feeds", "sitemaps", "api"]),
    );
    // Never the whole site for a story change: no frame key (every page), nothing but this story's.
    expect(purge.keys).not.toContain("frame");
    expect(purge.at - committed).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(purges.slice(before).filter((p) => p.keys.includes(`story:${id}`))).toHaveLength(1);
    console.log(`purge reached the front cache ${purge.at - committed} ms after the publish returned`);
  });

  it("a rolled-back change is never purged", async () => {
    const key = `story:rolled-back-${Date.now()}`;
    await expect(
      transaction(async (tx) => {
        await services.invalidatePublic(tx, [key]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(purges.some((p) => p.keys.includes(key))).toBe(false);
    const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM pgboss.job WHERE name = 'front-purge' AND data->'keys' ? $1`,
      key,
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it("a purge the cache refuses is retried until it is acknowledged, and counted", async () => {
    const key = `story:retried-${Date.now()}`;
    const failures = counterValue("wiredesk_front_purge_failures_total");
    refuseNext = 2;
    await transaction((tx) => services.invalidatePublic(tx, [key]));
    const ok = await waitFor(() => purges.find((p) => p.keys.includes(key) && p.status === 200), 20_000);
    const attempts = purges.filter((p) => p.keys.includes(key));
    expect(attempts.map((p) => p.status)).toEqual([503, 503, 200]);
    expect(ok).toBeTruthy();
    expect(counterValue("wiredesk_front_purge_failures_total") - failures).toBe(2);
  });
});
