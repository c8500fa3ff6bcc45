/**
 * Streaming recording reader. Memory stays flat whatever the file size (one reused buffer,
 * one reused row parser). A cut-off last line and corrupt lines are skipped and counted,
 * never fatal; a missing header or an unknown format version is an OrbitrigError
 * (RECORDING_INVALID) naming the file and line.
 *
 * Two ways in:
 * - scanRecordingSync(path, visitor): the fast path (stats, export, report, bench); the
 *   visitor sees parsed row slots, not objects.
 * - RecordingReader: async iteration over typed records (frame + node, event, footer).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Frame } from "../core/frame.js";
import { threadBudget } from "../core/threads.js";
import type { NodeState } from "../node/state.js";
import { BlockSummary } from "./block-summary.js";
import {
  decodeFrame,
  decodeNode,
  layoutOf,
  missingFrameColumns,
  type RowLayout,
} from "./decode.js";
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  MAX_HEADER_BYTES,
  type RecordedEvent,
  type RecordingFooter,
  type RecordingHeader,
} from "./format.js";
import { emptyCounts, LineHandler, type ReadCounts, type ScanVisitor } from "./line-handler.js";
import { AsyncLineSource, splitLinesSync } from "./lines.js";
import {
  type CsvBlocks,
  SCAN_BLOCK_BYTES,
  type SummaryBlocks,
  scanRecordingParallel,
} from "./parallel-scan.js";

export {
  describeDamage,
  emptyCounts,
  LineHandler,
  type ReadCounts,
  type ScanVisitor,
} from "./line-handler.js";

export interface OpenedRecording {
  path: string;
  header: RecordingHeader;
  layout: RowLayout;
  /** Byte offset of line 2 (the first record after the header). */
  bodyOffset: number;
}

function invalid(path: string, line: number, what: string): OrbitrigError {
  return new OrbitrigError("RECORDING_INVALID", `${path}:${line} ${what}`, ExitCode.usage);
}

/**
 * Refuses a pipe (`cat rec | orbitrig export /dev/stdin`, `<(…)`, a FIFO) or a device before it
 * is opened: opening a FIFO waits for a writer, and a recording is read by position (the
 * header, then blocks, seeks), which a stream cannot do. Checked with stat, which follows
 * /dev/stdin to what it is.
 */
function refuseStream(path: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return; // opening it says why (no such file, permission)
  }
  if (st.isFile() || st.isDirectory()) return;
  const what = st.isFIFO() || st.isSocket() ? "a pipe" : "a device";
  throw new OrbitrigError(
    "RECORDING_INVALID",
    `${path}: is ${what}, not a file; a recording is read by position: save it to a file first`,
    ExitCode.usage,
  );
}

/** A UTF-8 byte order mark, which some editors put in front of a file they save. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The first line of the file (without a leading BOM) and the offset after its newline
 * (MAX_SAFE_INTEGER when the file has no newline). A first line longer than
 * MAX_HEADER_BYTES is refused: the writer never writes one.
 */
function readHeaderLine(path: string): { text: string; bodyOffset: number } {
  refuseStream(path);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OrbitrigError(
      "RECORDING_INVALID",
      `${path}: cannot read recording (${code === "ENOENT" ? "no such file" : (code ?? String(e))})`,
      ExitCode.usage,
    );
  }
  try {
    if (fstatSync(fd).isDirectory()) {
      throw new OrbitrigError(
        "RECORDING_INVALID",
        `${path}: is a folder, not a recording; give one of the .ndjson files in it`,
        ExitCode.usage,
      );
    }
    const buf = Buffer.allocUnsafe(1 << 16);
    const parts: Buffer[] = [];
    let offset = 0;
    let kept = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, offset);
      if (n === 0)
        return { text: Buffer.concat(parts).toString("utf8"), bodyOffset: Number.MAX_SAFE_INTEGER };
      const i = buf.subarray(0, n).indexOf(10);
      const part = Buffer.from(buf.subarray(0, i >= 0 ? i : n));
      if (offset === 0 && part.subarray(0, 3).equals(BOM)) parts.push(part.subarray(3));
      else parts.push(part);
      kept += part.length;
      if (kept > MAX_HEADER_BYTES) {
        throw invalid(
          path,
          1,
          `the header line is longer than ${MAX_HEADER_BYTES / 1024 / 1024} MiB, the most a recording header may be: not a recording orbitrig wrote`,
        );
      }
      if (i >= 0)
        return { text: Buffer.concat(parts).toString("utf8"), bodyOffset: offset + i + 1 };
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads and validates the header line. */
export function openRecording(path: string): OpenedRecording {
  const { text, bodyOffset } = readHeaderLine(path);
  if (text.length === 0) throw invalid(path, 1, "is empty: no recording header");
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw invalid(
      path,
      1,
      `has no recording header (line 1 is not JSON; expected {"type":"header","format":"${FORMAT_NAME}",…})`,
    );
  }
  const h = header as Partial<RecordingHeader> | null;
  if (!h || typeof h !== "object" || h.type !== "header" || h.format !== FORMAT_NAME) {
    throw invalid(path, 1, `has no recording header (expected format "${FORMAT_NAME}")`);
  }
  if (h.version !== FORMAT_VERSION) {
    throw invalid(
      path,
      1,
      `recording format version ${String(h.version)} is not one this orbitrig reads (${FORMAT_VERSION})`,
    );
  }
  if (typeof h.startedAt !== "string" || !Number.isFinite(Date.parse(h.startedAt))) {
    // Every time a reader prints (CSV's time_iso, the report) is startedAt + hostMs.
    throw invalid(path, 1, "header.startedAt: expected an ISO 8601 time");
  }
  if (!h.columns || !Array.isArray(h.columns.frame) || !Array.isArray(h.columns.node)) {
    throw invalid(path, 1, "header.columns: expected frame and node column lists");
  }
  // What the readers take as given (layout, export columns, the report's board section).
  if (!h.columns.frame.every((c) => typeof c === "string")) {
    throw invalid(path, 1, "header.columns.frame: expected a list of column names");
  }
  if (!h.columns.node.every((c) => isObject(c) && typeof c.name === "string")) {
    throw invalid(path, 1, 'header.columns.node: expected a list of {"name", "type"} entries');
  }
  const board = h.board as unknown;
  if (
    !isObject(board) ||
    !Array.isArray(board.channels) ||
    !board.channels.every(
      (c: unknown) => isObject(c) && typeof c.address === "number" && typeof c.role === "string",
    )
  ) {
    throw invalid(
      path,
      1,
      'header.board: expected the board\'s HELLO, with "channels": [{"address", "role"}, …]',
    );
  }
  const layout = layoutOf(h as RecordingHeader);
  const missing = missingFrameColumns(layout);
  if (missing.length) throw invalid(path, 1, `header.columns.frame: missing ${missing.join(", ")}`);
  return {
    path,
    header: h as RecordingHeader,
    layout,
    bodyOffset,
  };
}

export interface ScanOptions {
  /** Start at this byte offset (a line start found earlier, e.g. a seek index), line before it. */
  fromOffset?: number;
  lineBefore?: number;
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /**
   * Decode only these row elements besides the frame columns (LineHandler.only); the others
   * are unspecified. Default: all.
   */
  only?: readonly number[];
  /**
   * Worker threads that parse the rows (./parallel-scan.ts). Default: the machine's available
   * parallelism (at most 4, ORBITRIG_THREADS to change it) for recordings of at least
   * PARALLEL_MIN_BYTES; 0 or 1: this thread only.
   */
  threads?: number;
  /** Bytes per block of the parallel scan (tests use small ones). */
  blockBytes?: number;
  /**
   * CSV export: when the scan runs in worker threads, they write the frame rows as CSV
   * (./csv-rows.ts) and hand over the bytes, in order, instead of calling visitor.row.
   */
  csv?: CsvBlocks;
  /**
   * Reduce the frame rows to a summary block by block (./block-summary.ts), in the worker
   * threads when the scan has them, instead of calling visitor.row. The one-thread scan
   * cuts the same blocks (blockBytes from fromOffset), so the result is the same.
   */
  summary?: SummaryBlocks;
}

/** Smaller recordings are scanned in this thread: starting workers would cost more. */
export const PARALLEL_MIN_BYTES = 24 << 20;

/** Reads the whole recording synchronously through the visitor; returns the counts. */
export function scanRecordingSync(
  rec: OpenedRecording,
  visitor: ScanVisitor,
  options: ScanOptions = {},
): ReadCounts {
  const fromOffset = options.fromOffset ?? rec.bodyOffset;
  const threads = options.threads ?? defaultThreads(rec.path, fromOffset);
  if (threads >= 2) {
    return scanRecordingParallel(rec.path, rec.header.columns, rec.layout, visitor, {
      threads,
      fromOffset,
      lineBefore: options.lineBefore ?? 1,
      only: options.only,
      onProgress: options.onProgress,
      blockBytes: options.blockBytes,
      csv: options.csv,
      summary: options.summary,
    });
  }
  const summary = options.summary;
  const reducer = summary ? new BlockSummary(rec.layout, summary.plan) : null;
  const blockBytes = Math.max(1, options.blockBytes ?? SCAN_BLOCK_BYTES);
  let block = 0;
  const h = new LineHandler(
    rec.layout,
    reducer
      ? {
          event: visitor.event,
          footer: visitor.footer,
          row: (p, _L, _line, offset) => {
            // A line belongs to the block it starts in, as in the parallel scan.
            const k = Math.floor((offset - fromOffset) / blockBytes);
            if (k !== block) {
              if (reducer.any) summary!.onBlock(reducer.take());
              block = k;
            }
            reducer.row(p);
            return true;
          },
        }
      : visitor,
  );
  if (options.only) h.only(options.only);
  let stop = false;
  splitLinesSync(
    rec.path,
    (buf, s, e, lineNo, offset, terminated) => {
      if (!stop && !h.line(buf, s, e, lineNo, offset, terminated)) stop = true;
    },
    {
      fromOffset,
      lineBefore: options.lineBefore ?? 1,
      onChunk: (done, total) => {
        options.onProgress?.(done, total);
        return !stop;
      },
    },
  );
  if (reducer?.any) summary!.onBlock(reducer.take());
  return h.counts;
}

function defaultThreads(path: string, fromOffset: number): number {
  const threads = threadBudget(4);
  if (threads < 2) return 0;
  const fd = openSync(path, "r");
  try {
    return fstatSync(fd).size - fromOffset >= PARALLEL_MIN_BYTES ? threads : 0;
  } finally {
    closeSync(fd);
  }
}

export type RecordingRecord =
  | { type: "frame"; line: number; frame: Frame; node: NodeState | null }
  | { type: "event"; line: number; event: RecordedEvent }
  | { type: "footer"; line: number; footer: RecordingFooter };

/** Async iteration over typed records: `for await (const r of new RecordingReader(path))`. */
export class RecordingReader implements AsyncIterable<RecordingRecord> {
  readonly recording: OpenedRecording;
  private handler: LineHandler | null = null;

  constructor(path: string) {
    this.recording = openRecording(path);
  }

  get header(): RecordingHeader {
    return this.recording.header;
  }

  /** Counts so far (complete once iteration has finished). */
  get counts(): ReadCounts {
    return this.handler?.counts ?? emptyCounts();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordingRecord> {
    const batch: RecordingRecord[] = [];
    const L = this.recording.layout;
    const h = new LineHandler(L, {
      row: (p, _L, line) => {
        batch.push({ type: "frame", line, frame: decodeFrame(p, L), node: decodeNode(p, L) });
        return true;
      },
      event: (e, line) => {
        batch.push({
          type: "event",
          line,
          event: { hostMs: e.hostMs, kind: e.kind, data: e.data ?? {} },
        });
      },
      footer: (footer, line) => batch.push({ type: "footer", line, footer }),
    });
    this.handler = h;
    const src = new AsyncLineSource(
      this.recording.path,
      (b, s, e, n, o, t) => h.line(b, s, e, n, o, t),
      {
        fromOffset: this.recording.bodyOffset,
        lineBefore: 1,
      },
    );
    try {
      for (;;) {
        const more = await src.next();
        for (const r of batch) yield r;
        batch.length = 0;
        if (!more) break;
      }
    } finally {
      await src.close();
    }
  }
}
