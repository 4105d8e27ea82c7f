// `npm run bench:jobs`: scheduled publishing at volume, on a real Postgres, in one run.
//
//  1. A scratch database on BENCH_DATABASE_URL's server, migrated.
//  2. One instance: 100 stories scheduled for the same moment (a few seconds from now);
//     one worker (the app's own, lib/jobs/worker.ts, polling every second) publishes them.
//     Prints lateness (publishedAt − scheduled time) p50/p95/max and checks exactly once
//     (one publish audit row and one PUBLISH revision per story).
//  3. Two instances: the same with two independent queues (each its own pool), as two app
//     processes would run them. They share this process's Prisma pool for the publishes
//     themselves, so this is a lower bound on what two machines do.
//  4. Takeover: a job is taken by an "instance" that then dies (fetched, never completed);
//     prints how long until another worker published the story (target ≤ 30 s).
// The scratch database is dropped at the end. `-- --stories N` for another count.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { createDatabase, dropDatabase, ROOT } from "./harness";

const N = Number(process.argv[process.argv.indexOf("--stories") + 1] || 0) || 100;
const LEAD_MS = 8_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  const name = `wiredesk_bench_jobs_${randomBytes(4).toString("hex")}`;
  const dbUrl = await createDatabase(name);
  const stops: (() => Promise<unknown>)[] = [];
  try {
    await applyMigrations(dbUrl, path.join(ROOT, "prisma/migrations"));
    await dispose();
    // The app's modules read these through lib/env.ts on first use: set before importing them.
    process.env.DATABASE_URL = dbUrl;
    process.env.DATABASE_POOL_MAX = "10";
    process.env.WIREDESK_EMBEDDED = "0";
    process.env.WIREDESK_FRONT_CACHES = "";
    const { createUser } = await import("../../prisma/factories");
    const { createBlankStory } = await import("../../lib/services/stories");
    const { scheduleStory } = await import("../../lib/services/scheduling");
    const { createJobQueue, ensureQueues, jobQueue, stopJobQueue, QUEUES } = await import("../../lib/jobs/queue");
    const { startWorker } = await import("../../lib/jobs/worker");
    const { db, disconnectDb } = await import("../../lib/db/client");
    stops.push(() => disconnectDb());

    const editor = await createUser({
      email: "bench-editor@bench.example",
      name: "Bench Editor",
      role: "EDITOR",
      password: "bench password 1",
    });
    await jobQueue(); // enqueueing only: this process's own queue runs no worker here
    stops.push(() => stopJobQueue());

    const newQueue = async () => {
      const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
      pool.on("error", (e) => console.error("bench queue pool:", e.message));
      const boss = createJobQueue({ executeSql: (t, v) => pool.query(t, v) }, { worker: true });
      await boss.start();
      await ensureQueues(boss);
      const stop = async () => {
        await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
        await pool.end();
      };
      return { boss, stop };
    };

    const scheduleMany = async (label: string, count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await createBlankStory(editor, `${label} ${i}`)).id);
      const at = new Date(Date.now() + LEAD_MS);
      const t = Date.now();
      for (const id of ids) await scheduleStory(editor, id, { at: at.toISOString() });
      if (Date.now() > at.getTime() - 500) throw new Error(`scheduling took ${Date.now() - t} ms: raise LEAD_MS`);
      return { ids, at };
    };

    const waitPublished = async (ids: string[], timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const n = await db().story.count({ where: { id: { in: ids }, status: "PUBLISHED" } });
        if (n === ids.length) return;
        if (Date.now() > deadline) throw new Error(`${n}/${ids.length} published within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const report = async (label: string, ids: string[], at: Date) => {
      await new Promise((r) => setTimeout(r, 2_000)); // let any duplicate run before counting
      const rows = await db().story.findMany({ where: { id: { in: ids } }, select: { id: true, publishedAt: true } });
      const late = rows.map((r) => r.publishedAt!.getTime() - at.getTime()).sort((a, b) => a - b);
      const audits = await db().auditLog.groupBy({
        by: ["targetId"],
        where: { action: "story.publish", targetId: { in: ids } },
        _count: true,
      });
      const revisions = await db().storyRevision.groupBy({
        by: ["storyId"],
        where: { kind: "PUBLISH", storyId: { in: ids } },
        _count: true,
      });
      const once = audits.length === ids.length && audits.every((a) => a._count === 1) && revisions.every((r) => r._count === 1);
      const p95 = percentile(late, 95);
      console.log(
        `${label.padEnd(34)} lateness p50 ${percentile(late, 50)} ms   p95 ${p95} ms   max ${late[late.length - 1]} ms   early ${late.filter((l) => l < 0).length}   exactly once: ${once ? "yes" : "NO"}`,
      );
      return { p95, once, early: late.filter((l) => l < 0).length };
    };

    const results: { label: string; ok: boolean; value: string }[] = [];
    for (const instances of [1, 2]) {
      const { ids, at } = await scheduleMany(`${instances} instance(s)`, N);
      const queues = [];
      for (let i = 0; i < instances; i++) queues.push(await newQueue());
      for (const q of queues) await startWorker(q.boss, { pollingIntervalSeconds: 1 });
      await waitPublished(ids, 120_000);
      const r = await report(`${N} due together, ${instances} instance${instances > 1 ? "s" : ""}`, ids, at);
      for (const q of queues) await q.stop();
      results.push({
        label: `p95 lateness ≤ 2 s, ${instances} instance(s)`,
        ok: r.p95 <= 2_000 && r.early === 0,
        value: `${r.p95} ms`,
      });
      results.push({ label: `exactly once, ${instances} instance(s)`, ok: r.once, value: r.once ? "yes" : "no" });
    }

    // Takeover: an instance takes the job and dies before finishing it.
    {
      const { ids, at } = await scheduleMany("takeover", 1);
      const dead = await newQueue();
      while (Date.now() < at.getTime()) await new Promise((r) => setTimeout(r, 50));
      let taken: unknown[] | null = null;
      while (!taken?.length) taken = await dead.boss.fetch(QUEUES.publishStory);
      const takenAt = Date.now();
      await dead.stop(); // gone without completing: the job stays "active"
      const live = await newQueue();
      await startWorker(live.boss, { pollingIntervalSeconds: 1 });
      await waitPublished(ids, 120_000);
      const story = await db().story.findUniqueOrThrow({ where: { id: ids[0]! } });
      const takeover = story.publishedAt!.getTime() - takenAt;
      console.log(`${"takeover after a dead instance".padEnd(34)} published ${takeover} ms after the dead instance took the job`);
      await report("takeover (exactly once)", ids, at);
      await live.stop();
      results.push({ label: "takeover ≤ 30 s", ok: takeover <= 30_000, value: `${(takeover / 1000).toFixed(1)} s` });
    }

    console.log("\nTargets:");
    for (const r of results) console.log(`  ${r.ok ? "PASS" : "FAIL"}  ${r.label}: ${r.value}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await dropDatabase(name);
  }
}

await main();
process.exit(0);
