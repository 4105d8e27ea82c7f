// Measuring what a piece of code keeps alive, for tests that bound memory (zip bombs).
import v8 from "node:v8";
import vm from "node:vm";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/**
 * Bytes held by Buffers and ArrayBuffers that are still reachable: a full collection, then
 * a turn of the event loop (V8 frees dead backing stores after the collection, not in it).
 */
export async function retainedBuffers(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 1));
  return process.memoryUsage().arrayBuffers;
}

/**
 * Runs fn while sampling retained buffer memory (retainedBuffers) every 100 ms. Returns
 * fn's result and the peak growth over the starting point.
 */
export async function peakRetainedGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; peak: number; samples: number }> {
  const base = await retainedBuffers();
  let peak = 0;
  let samples = 0;
  let sampling = false;
  const timer = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void retainedBuffers().then((now) => {
      samples++;
      peak = Math.max(peak, now - base);
      sampling = false;
    });
  }, 100);
  try {
    const result = await fn();
    return { result, peak, samples };
  } finally {
    clearInterval(timer);
  }
}
