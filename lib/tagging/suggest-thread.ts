// suggestTags off the main thread. One worker, started on first use and kept (unref'd while
// idle, so it never holds the process open). The worker loads our TypeScript through tsx's loader API,
// so it works the same under `npm start`, the benches and the tests, whatever bundled the
// caller. If the worker cannot start or dies, suggestions are computed inline instead: slower
// for everyone else on the server, never lost.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { suggestTags, type SuggestInput, type Suggestion } from "./suggest";

// Plain CommonJS for `eval`: register tsx, then import the worker module by file URL.
const BOOT = `
const { parentPort, workerData } = require("node:worker_threads");
import("tsx/esm/api")
  .then(({ register }) => { register(); return import(workerData.entry); })
  .catch((e) => parentPort.postMessage({ bootError: String((e && e.stack) || e) }));
`;

type Reply = { ready?: true; bootError?: string; id?: number; result?: Suggestion[]; error?: string };
type Pending = { input: SuggestInput; resolve(s: Suggestion[]): void; reject(e: Error): void };

let worker: Worker | null = null;
let ready: Promise<boolean> | null = null;
let disabled = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAllInline() {
  // Whatever was waiting on the worker is answered here instead.
  for (const [id, p] of pending) {
    pending.delete(id);
    try {
      p.resolve(suggestTags(p.input));
    } catch (e) {
      p.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

function start(): Promise<boolean> {
  if (ready) return ready;
  ready = new Promise<boolean>((resolve) => {
    const entry = pathToFileURL(path.join(process.cwd(), "lib/tagging/suggest-worker.ts")).href;
    let w: Worker;
    try {
      w = new Worker(BOOT, { eval: true, workerData: { entry } });
    } catch (e) {
      console.error("tag suggestions: worker thread unavailable, computing inline", e);
      disabled = true;
      resolve(false);
      return;
    }
    w.unref();
    w.on("message", (m: Reply) => {
      if (m.ready) {
        worker = w;
        resolve(true);
      } else if (m.bootError) {
        console.error("tag suggestions: worker thread failed to start, computing inline", m.bootError);
        disabled = true;
        resolve(false);
        void w.terminate();
      } else if (m.id !== undefined) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (!pending.size) w.unref();
        if (!p) return;
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result ?? []);
      }
    });
    const down = (why: unknown) => {
      console.error("tag suggestions: worker thread stopped, computing inline", why);
      worker = null;
      disabled = true;
      resolve(false);
      failAllInline();
    };
    w.on("error", down);
    w.on("exit", (code) => {
      if (code !== 0 || pending.size) down(`exit code ${code}`);
    });
  });
  return ready;
}

/** The same proposals as suggestTags(input), computed on the worker thread when it runs. */
export async function suggestTagsOffThread(input: SuggestInput): Promise<Suggestion[]> {
  if (disabled || !(await start()) || !worker) return suggestTags(input);
  const id = nextId++;
  const w = worker;
  return new Promise<Suggestion[]>((resolve, reject) => {
    pending.set(id, { input, resolve, reject });
    // Held open while it owes an answer (a script awaiting suggestions must not exit first).
    w.ref();
    w.postMessage({ id, input });
  });
}
