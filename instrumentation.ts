// Runs once when the Next.js server starts. Starts this instance's background worker
// (scheduled publishing, feed polling) in-process: against the embedded database the
// server process is the only one that can hold the database connection, and against a
// real Postgres every instance may work the queue (pg-boss gives each job to one).
// WIREDESK_WORKER=0 turns it off for an instance that should only serve pages.
export async function register() {
  // NEXT_RUNTIME is set by Next itself (not configuration), which is why it is read here and
  // not through lib/env.ts: the edge runtime must not even import the worker.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAppWorker } = await import("./lib/jobs/start");
  await startAppWorker();
}
