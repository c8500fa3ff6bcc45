/**
 * The parallel scan: worker threads parse byte ranges of a recording into packed blocks
 * (./scan-block.ts, ./scan-worker.ts) while this thread hands the rows, events and footer to
 * the visitor in file order, as the one-thread scan does. Parsing the rows is nearly all of
 * the work of a report or an export (docs/performance.md), and it is what the threads share.
 *
 * It stays synchronous: this thread waits for the next block with Atomics.wait and takes it
 * with receiveMessageOnPort, so callers are the same for both scans. The visitor sees the
 * same lines, counts and line numbers in the same order; it stops the scan by returning
 * false, as before. Each worker keeps at most `ahead` blocks waiting, so memory stays
 * bounded whatever the file size.
 */
import { closeSync, fstatSync, openSync } from "node:fs";
import { MessageChannel, receiveMessageOnPort, type Worker } from "node:worker_threads";
import { startWorker } from "../core/threads.js";
import type { BlockSummaryState, SummaryPlan } from "./block-summary.js";
import type { CsvPlan } from "./csv-rows.js";
import type { RowLayout } from "./decode.js";
import type { EventRecord, RecordingFooter } from "./format.js";
import { emptyCounts, type ReadCounts, type ScanVisitor } from "./line-handler.js";
import { CHANNEL_WIDTH, MAX_CHANNELS, type RowSlots } from "./row-slots.js";
import {
  arraysBuffers,
  type BlockPlan,
  BlockScanner,
  blockArrays,
  blockElements,
  OtherKind,
  type PackedBlock,
} from "./scan-block.js";
import type { RecycleMessage, ScanWorkerData, ScanWorkerMessage } from "./scan-worker.js";

/**
 * Bytes per block: the unit a worker scans and, for a summary, the unit it reduces (the
 * one-thread scan cuts a summary's blocks at the same offsets: ./block-summary.ts).
 */
export const SCAN_BLOCK_BYTES = 1 << 20;

/** Frame rows reduced block by block (see ScanOptions.summary). */
export interface SummaryBlocks {
  plan: SummaryPlan;
  /** A block's reduction, in file order (blocks without frame rows give none). */
  onBlock: (s: BlockSummaryState) => void;
}

/** Frame rows written as CSV in the workers (see ScanOptions.csv). */
export interface CsvBlocks {
  plan: CsvPlan;
  /** A block's CSV rows and how many, in file order. */
  onBytes: (bytes: Uint8Array, rows: number) => void;
}

export interface ParallelScanOptions {
  /** Worker threads (at least 1). */
  threads: number;
  /** Start of the records (a line start) and the line number before it. */
  fromOffset: number;
  lineBefore: number;
  only?: readonly number[];
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** Bytes per block. Default SCAN_BLOCK_BYTES. */
  blockBytes?: number;
  /**
   * Blocks each worker may have waiting. Default 8: with 2, a report of 10 M frames on 2
   * cores left a quarter of the CPU idle (a worker waited on the main thread while the main
   * thread waited on the other worker) and took 9.7–10.4 s against 9.1 s with 8.
   */
  ahead?: number;
  /** Scan the blocks in this thread, one after the other (tests of the block logic). */
  inline?: boolean;
  csv?: CsvBlocks;
  summary?: SummaryBlocks;
}

/** Longest wait for a worker's next block before the scan gives up on it. */
const STALL_MS = 120_000;

/** The row slots the visitor sees, filled from a block. */
class BlockRow implements RowSlots {
  readonly values = new Float64Array(128);
  readonly strings: (string | null)[] = new Array(128).fill(null);
  length = 0;
  channelsAt = -1;
  readonly channels = new Float64Array(MAX_CHANNELS * CHANNEL_WIDTH);
  readonly channelRoles: (string | null)[] = new Array(MAX_CHANNELS).fill(null);
  channelCount = 0;
}

/** Hands a block's records to the visitor in order; false when the visitor stopped. */
function deliver(
  b: PackedBlock,
  elements: readonly number[],
  row: BlockRow,
  layout: RowLayout,
  visitor: ScanVisitor,
  counts: ReadCounts,
  lineBase: number,
): boolean {
  const W = b.width;
  for (const e of elements) row.strings[e] = null;
  const withNode = layout.nodeColumns.length > 0 ? layout.withNodeLength : -1;
  const nOther = b.otherAt.length;
  let o = 0;
  let obj = 0;
  let ch = 0;
  let role = 0;
  for (let r = 0; r <= b.rows; r++) {
    while (o < nOther && b.otherAt[o] === r) {
      const line = lineBase + b.otherLine[o]!;
      counts.lines++;
      switch (b.otherKind[o] as OtherKind) {
        case OtherKind.Event:
          counts.events++;
          visitor.event?.(b.objects[obj++] as EventRecord, line);
          break;
        case OtherKind.Footer:
          counts.footer = true;
          visitor.footer?.(b.objects[obj++] as RecordingFooter, line);
          break;
        case OtherKind.Corrupt:
          counts.corrupt++;
          if (counts.corruptLines.length < 20) counts.corruptLines.push(line);
          break;
        case OtherKind.Truncated:
          counts.truncated++;
          break;
      }
      o++;
    }
    if (r === b.rows) break;
    const m = r * 4;
    if (!visitor.row) {
      counts.lines++;
      counts.frames++;
      if (b.meta[m + 1] === withNode) counts.nodeStates++;
      continue;
    }
    const base = r * W;
    const v = row.values;
    for (let j = 0; j < W; j++) v[elements[j]!] = b.values[base + j]!;
    for (let q = 0; q < b.stringSlots.length; q++) {
      const j = b.stringSlots[q]!;
      const id = b.stringIds[base + j]!;
      row.strings[elements[j]!] = id === 0 ? null : b.strings[id - 1]!;
    }
    row.length = b.meta[m + 1]!;
    row.channelsAt = b.meta[m + 2]!;
    const nCh = b.meta[m + 3]!;
    row.channelCount = nCh;
    for (let c = 0; c < nCh; c++) {
      for (let k = 0; k < CHANNEL_WIDTH; k++) {
        row.channels[c * CHANNEL_WIDTH + k] = b.channels[ch++]!;
      }
      const id = b.roleIds[role++]!;
      row.channelRoles[c] = id === 0 ? null : b.strings[id - 1]!;
    }
    counts.lines++;
    counts.frames++;
    if (row.length === withNode) counts.nodeStates++;
    if (visitor.row?.(row, layout, lineBase + b.meta[m]!, b.offsets[r]!) === false) return false;
  }
  return true;
}

export function scanRecordingParallel(
  path: string,
  columns: BlockPlan["columns"],
  layout: RowLayout,
  visitor: ScanVisitor,
  options: ParallelScanOptions,
): ReadCounts {
  const fd = openSync(path, "r");
  let size: number;
  try {
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  const plan: BlockPlan = {
    columns,
    only: options.only ? [...options.only] : null,
    csv: options.csv?.plan ?? null,
    summary: options.summary?.plan ?? null,
  };
  // With CSV written or a summary reduced in the workers, the visitor gets no rows.
  const v: ScanVisitor =
    options.csv || options.summary ? { event: visitor.event, footer: visitor.footer } : visitor;
  const blockBytes = Math.max(1, options.blockBytes ?? SCAN_BLOCK_BYTES);
  const ranges: Array<[number, number, number]> = [];
  for (let a = options.fromOffset, i = 0; a < size; a += blockBytes, i++) {
    ranges.push([i, a, Math.min(a + blockBytes, size)]);
  }
  const elements = blockElements(plan, layout);
  const row = new BlockRow();
  const counts = emptyCounts();
  let lineBase = options.lineBefore;

  if (options.inline) {
    const scanner = new BlockScanner(path, plan, options.fromOffset);
    for (const [i, from, to] of ranges) {
      const b = scanner.scan(i, from, to);
      if (!deliver(b, elements, row, layout, v, counts, lineBase)) break;
      if (options.csv) options.csv.onBytes(b.bytes, b.csvRows);
      if (b.summary) options.summary?.onBlock(b.summary);
      lineBase += b.lines;
      options.onProgress?.(b.endOffset, size);
    }
    return counts;
  }

  const K = Math.max(1, Math.min(options.threads, ranges.length));
  const control = new SharedArrayBuffer(8 * K);
  const ctl = new Int32Array(control);
  const workers: Worker[] = [];
  const ports = [];
  try {
    for (let k = 0; k < K; k++) {
      const { port1, port2 } = new MessageChannel();
      const data: ScanWorkerData = {
        path,
        plan,
        bodyStart: options.fromOffset,
        ranges: ranges.filter(([i]) => i % K === k),
        control,
        slot: k,
        ahead: Math.max(1, options.ahead ?? 8),
        port: port2,
      };
      const w = startWorker(import.meta.url, "scan-worker", {
        workerData: data,
        transferList: [port2],
        stdout: false,
        stderr: false,
        // A block's rows are short-lived garbage: a small young generation keeps each
        // worker's memory down (the scan's peak RSS is part of the report's).
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
      w.unref();
      workers.push(w);
      ports.push(port1);
    }
    for (const [i] of ranges) {
      const k = i % K;
      const msg = take(ctl, k, ports[k]!);
      if ("error" in msg) {
        throw Object.assign(new Error(msg.error), msg.code ? { code: msg.code } : {});
      }
      const b = msg.block;
      if (!deliver(b, elements, row, layout, v, counts, lineBase)) break;
      if (options.csv) options.csv.onBytes(b.bytes, b.csvRows);
      if (b.summary) options.summary?.onBlock(b.summary);
      lineBase += b.lines;
      const back = blockArrays(b);
      ports[k]!.postMessage({ recycle: back } satisfies RecycleMessage, arraysBuffers(back));
      Atomics.add(ctl, 2 * k + 1, 1);
      Atomics.notify(ctl, 2 * k + 1);
      options.onProgress?.(b.endOffset, size);
    }
  } finally {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  }
  return counts;
}

/** The next message of worker k, waiting for it without turning the event loop. */
function take(
  ctl: Int32Array,
  k: number,
  port: import("node:worker_threads").MessagePort,
): ScanWorkerMessage {
  let waited = 0;
  for (;;) {
    const seen = Atomics.load(ctl, 2 * k);
    const m = receiveMessageOnPort(port);
    if (m) return m.message as ScanWorkerMessage;
    if (Atomics.wait(ctl, 2 * k, seen, 1000) === "timed-out") {
      waited += 1000;
      if (waited >= STALL_MS) {
        return { error: `scan worker ${k} sent nothing for ${STALL_MS / 1000} s`, code: null };
      }
    }
  }
}
