/**
 * Worker thread of the parallel scan (./parallel-scan.ts): scans its share of a recording's
 * byte ranges into packed blocks and posts each one, never more than `ahead` blocks ahead of
 * what the main thread has taken (so memory stays bounded whatever the file size).
 *
 * Control words (Int32 in a SharedArrayBuffer), per worker k: [2k] blocks posted,
 * [2k + 1] blocks taken by the main thread. Posting, then bumping and notifying [2k], lets
 * the main thread wait with Atomics.wait and take the message with receiveMessageOnPort.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { type BlockPlan, blockBuffers, scanBlock } from "./scan-block.js";

export interface ScanWorkerData {
  path: string;
  plan: BlockPlan;
  bodyStart: number;
  /** [index, from, to] of each range this worker scans, in file order. */
  ranges: Array<[number, number, number]>;
  control: SharedArrayBuffer;
  slot: number;
  ahead: number;
  port: MessagePort;
}

export type ScanWorkerMessage =
  | { block: import("./scan-block.js").PackedBlock }
  | { error: string; code: string | null };

function run(d: ScanWorkerData): void {
  const ctl = new Int32Array(d.control);
  const posted = 2 * d.slot;
  const taken = posted + 1;
  let sent = 0;
  try {
    for (const [index, from, to] of d.ranges) {
      for (;;) {
        const t = Atomics.load(ctl, taken);
        if (sent - t < d.ahead) break;
        Atomics.wait(ctl, taken, t);
      }
      const block = scanBlock(d.path, d.plan, index, from, to, d.bodyStart);
      d.port.postMessage({ block } satisfies ScanWorkerMessage, blockBuffers(block));
      sent++;
      Atomics.store(ctl, posted, sent);
      Atomics.notify(ctl, posted);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    d.port.postMessage({
      error: err?.message ?? String(e),
      code: err?.code ?? null,
    } satisfies ScanWorkerMessage);
    Atomics.add(ctl, posted, 1);
    Atomics.notify(ctl, posted);
  }
}

run(workerData as ScanWorkerData);
