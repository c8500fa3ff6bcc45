/**
 * Memory measured after a full garbage collection, so what is counted is what is still
 * held. `gc` is exposed at run time (the V8 flag, then a fresh context's global), so no
 * command-line flag is needed under vitest or tsx.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | null = null;

function gc(): void {
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}

/**
 * Heap and array buffers in use after full collections, in MiB. Array buffers are freed
 * after their wrappers are collected, so the collection runs again after a turn of the
 * event loop, until the figure stops falling.
 */
export async function heldMib(): Promise<number> {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise<void>((r) => setImmediate(r));
    const m = process.memoryUsage();
    const now = (m.heapUsed + m.arrayBuffers) / 2 ** 20;
    if (now >= last - 0.01) return now;
    last = now;
  }
  return last;
}
