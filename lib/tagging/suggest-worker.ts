// The suggestion engine on a worker thread: `compromise` is CPU-bound (~100 ms per 1,000
// words), so running it on the server's main thread stalled every request behind a save.
// Started by lib/tagging/suggest-thread.ts; answers one message per story text.
import { parentPort } from "node:worker_threads";
import { suggestTags, type SuggestInput } from "./suggest";

parentPort?.on("message", (m: { id: number; input: SuggestInput }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: suggestTags(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
