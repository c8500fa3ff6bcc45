/**
 * One byte range of a recording scanned into a packed block: the parallel scan's unit of work
 * (./parallel-scan.ts). A block holds, in file order, every frame row's decoded slots (only
 * the elements asked for) and every other record (event, footer, corrupt or cut-off line),
 * in typed arrays a worker thread hands over without copying. With a CSV plan it holds the
 * rows as CSV bytes instead, and with a summary plan their reduction (./block-summary.ts).
 *
 * The same LineHandler and RowParser as the one-thread scan judge every line, so a block
 * says exactly what the one-thread scan would have said about the same lines. The range
 * owns the lines that start inside it: it skips the line cut at its start (the range before
 * owns that one) and reads past its end to finish its own last line.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { BlockSummary, type BlockSummaryState, type SummaryPlan } from "./block-summary.js";
import { type CsvPlan, CsvRows } from "./csv-rows.js";
import { layoutOf, type RowLayout } from "./decode.js";
import type { EventRecord, RecordingFooter, RecordingHeader } from "./format.js";
import { LineHandler } from "./line-handler.js";
import { splitLinesSync } from "./lines.js";
import { CHANNEL_WIDTH, type RowSlots } from "./row-slots.js";

/** Kinds of the records that are not frame rows. */
export enum OtherKind {
  Event = 1,
  Footer = 2,
  Corrupt = 3,
  Truncated = 4,
}

export interface BlockPlan {
  /** The header's column lists (all a worker needs to rebuild the row layout). */
  columns: RecordingHeader["columns"];
  /** Row elements to decode (LineHandler.only); null: all. */
  only: number[] | null;
  /** Write the frame rows as CSV (./csv-rows.ts) instead of packing their elements. */
  csv?: CsvPlan | null;
  /** Reduce the frame rows to a summary (./block-summary.ts) instead of packing them. */
  summary?: SummaryPlan | null;
}

export interface PackedBlock {
  /** Position of the block in the file (0 first). */
  index: number;
  /** File offset just after the last line the block holds. */
  endOffset: number;
  /** Lines the block holds (blank ones included): line numbers in it are 1…lines. */
  lines: number;
  /** Row elements held per frame row, in order (the same list for every block of a scan). */
  width: number;
  rows: number;
  /** rows × width decoded elements. */
  values: Float64Array;
  /** Per row: line (in the block), length, channelsAt, channelCount. */
  meta: Int32Array;
  /** Per row: its file offset. */
  offsets: Float64Array;
  /** rows × width string ids (0: not a string, k: strings[k - 1]). */
  stringIds: Int32Array;
  /** Element positions (0…width-1) that held a string in some row of this block. */
  stringSlots: Int32Array;
  strings: string[];
  /** The channel entries of every row, in order (channelCount × CHANNEL_WIDTH each). */
  channels: Float64Array;
  /** String ids of the channels' roles, in order (0: none). */
  roleIds: Int32Array;
  /** Other records: how many frame rows come before each, its line and its kind. */
  otherAt: Int32Array;
  otherLine: Int32Array;
  otherKind: Int32Array;
  /** Event and footer objects, in order of the other records that have one. */
  objects: Array<EventRecord | RecordingFooter>;
  /** With a CSV plan: the rows as CSV (width is then 0) and how many rows they are. */
  bytes: Uint8Array;
  csvRows: number;
  /** With a summary plan: the block's reduction (null when it has no frame row to reduce). */
  summary: BlockSummaryState | null;
}

/** The sorted list of row elements a block holds for this plan. */
export function blockElements(plan: BlockPlan, layout: RowLayout): number[] {
  if (plan.csv || plan.summary) return [];
  if (!plan.only) return Array.from({ length: Math.max(layout.withNodeLength, 1) }, (_, i) => i);
  const all = new Set<number>([0, ...Object.values(layout.frame), ...plan.only]);
  return [...all].filter((i) => i >= 0 && i < 128).sort((a, b) => a - b);
}

/**
 * Growable typed arrays (doubling), for lists whose length a block learns as it goes. One
 * class per element type: a shared generic class made every call polymorphic, and these run
 * several times per row.
 */
class GrowF64 {
  n = 0;
  a: Float64Array;
  constructor(size: number, reuse?: Float64Array) {
    this.a = reuse && reuse.length >= size ? reuse : new Float64Array(size);
  }
  room(k: number): Float64Array {
    if (this.n + k > this.a.length) {
      const b = new Float64Array(Math.max(this.a.length * 2, this.n + k));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
    return this.a;
  }
  push(x: number): void {
    this.room(1)[this.n++] = x;
  }
  done(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

class GrowI32 {
  n = 0;
  a: Int32Array;
  constructor(size: number, reuse?: Int32Array) {
    this.a = reuse && reuse.length >= size ? reuse : new Int32Array(size);
  }
  room(k: number): Int32Array {
    if (this.n + k > this.a.length) {
      const b = new Int32Array(Math.max(this.a.length * 2, this.n + k));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
    return this.a;
  }
  push(x: number): void {
    this.room(1)[this.n++] = x;
  }
  done(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

/**
 * Copies the row's chosen elements into out[base…]; the positions (in `elements`) of those
 * that are strings go to stringAt, and their number is returned.
 */
function packRow(
  values: Float64Array,
  strings: readonly (string | null)[],
  elements: Int32Array,
  out: Float64Array,
  base: number,
  stringAt: Int32Array,
): number {
  let n = 0;
  for (let j = 0; j < elements.length; j++) {
    const e = elements[j]!;
    out[base + j] = values[e]!;
    if (strings[e] !== null) stringAt[n++] = j;
  }
  return n;
}

/** First line start at or after `from` (a line starts after a newline, or at `bodyStart`). */
function lineStartAtOrAfter(fd: number, from: number, bodyStart: number): number {
  if (from <= bodyStart) return bodyStart;
  const buf = Buffer.allocUnsafe(64 * 1024);
  let at = from - 1;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, at);
    if (n === 0) return at;
    const nl = buf.indexOf(10, 0);
    if (nl >= 0 && nl < n) return at + nl + 1;
    at += n;
  }
}

/**
 * Scans blocks of one recording. One scanner (one line handler, one row parser, the same
 * callbacks) serves every block of a worker: a new set per block scanned a third slower,
 * as the engine met new objects and closures at every block.
 */
export class BlockScanner {
  private readonly layout: RowLayout;
  private readonly elements: Int32Array;
  private readonly width: number;
  private readonly handler: LineHandler;
  private readonly stringAt: Int32Array;
  private readonly lastString: (string | null)[];
  private readonly lastId: Int32Array;
  // The block being filled.
  private rows = 0;
  private values = new GrowF64(0);
  private stringIds = new GrowI32(0);
  private meta = new GrowI32(0);
  private offsets = new GrowF64(0);
  private channels = new GrowF64(0);
  private roleIds = new GrowI32(0);
  private otherAt = new GrowI32(0);
  private otherLine = new GrowI32(0);
  private otherKind = new GrowI32(0);
  private objects: Array<EventRecord | RecordingFooter> = [];
  private strings: string[] = [];
  private ids = new Map<string, number>();
  private slotHasString: Uint8Array;
  private lastRole: string | null = null;
  private lastRoleId = 0;
  private csv: CsvRows | null = null;
  private csvRows: CsvRows | null = null;
  private readonly summary: BlockSummary | null;
  /** The read buffer, kept from block to block. */
  private readBuf: Buffer = Buffer.allocUnsafe(0);

  constructor(
    private readonly path: string,
    private readonly plan: BlockPlan,
    private readonly bodyStart: number,
  ) {
    this.layout = layoutOf({ columns: plan.columns } as RecordingHeader);
    this.elements = Int32Array.from(blockElements(plan, this.layout));
    this.width = this.elements.length;
    this.stringAt = new Int32Array(this.width);
    this.lastString = new Array(this.width).fill(null);
    this.lastId = new Int32Array(this.width);
    this.slotHasString = new Uint8Array(this.width);
    this.handler = new LineHandler(this.layout, {
      row: (p, _L, line, offset) => this.row(p, line, offset),
      event: (e, line) => {
        this.other(OtherKind.Event, line);
        this.objects.push(e);
      },
      footer: (f, line) => {
        this.other(OtherKind.Footer, line);
        this.objects.push(f);
      },
      bad: (line, terminated) =>
        this.other(terminated ? OtherKind.Corrupt : OtherKind.Truncated, line),
    });
    if (plan.only) this.handler.only(plan.only);
    this.summary = plan.summary ? new BlockSummary(this.layout, plan.summary) : null;
  }

  private idOf(s: string | null): number {
    if (s === null) return 0;
    let id = this.ids.get(s);
    if (id === undefined) {
      this.strings.push(s);
      id = this.strings.length;
      this.ids.set(s, id);
    }
    return id;
  }

  private other(kind: OtherKind, line: number): void {
    this.otherAt.push(this.rows);
    this.otherLine.push(line);
    this.otherKind.push(kind);
  }

  private row(p: RowSlots, line: number, offset: number): boolean {
    const meta = this.meta.room(4);
    const m = this.rows * 4;
    meta[m] = line;
    meta[m + 1] = p.length;
    meta[m + 2] = p.channelsAt;
    this.meta.n += 4;
    this.offsets.push(offset);
    this.rows++;
    if (this.csv) {
      meta[m + 3] = 0;
      if (this.csv.full()) this.csv.grow();
      this.csv.row(p);
      return true;
    }
    if (this.summary) {
      meta[m + 3] = 0;
      this.summary.row(p);
      return true;
    }
    meta[m + 3] = p.channelCount;
    const width = this.width;
    const elements = this.elements;
    const base = this.values.n;
    const nStr = packRow(
      p.values,
      p.strings,
      elements,
      this.values.room(width),
      base,
      this.stringAt,
    );
    const ids = this.stringIds.room(width);
    for (let k = 0; k < nStr; k++) {
      const j = this.stringAt[k]!;
      const str = p.strings[elements[j]!]!;
      // Most string columns repeat (the tag, "sunlit"): one comparison, not a lookup.
      if (str !== this.lastString[j]) {
        this.lastString[j] = str;
        this.lastId[j] = this.idOf(str);
      }
      ids[base + j] = this.lastId[j]!;
      this.slotHasString[j] = 1;
    }
    this.values.n += width;
    this.stringIds.n += width;
    const k = p.channelCount * CHANNEL_WIDTH;
    if (k > 0) {
      const out = this.channels.room(k);
      const src = p.channels;
      const at = this.channels.n;
      for (let i = 0; i < k; i++) out[at + i] = src[i]!;
      this.channels.n += k;
      for (let c = 0; c < p.channelCount; c++) {
        const role = p.channelRoles[c] ?? null;
        if (role !== this.lastRole) {
          this.lastRole = role;
          this.lastRoleId = this.idOf(role);
        }
        this.roleIds.push(this.lastRoleId);
      }
    }
    return true;
  }

  /** Scans the lines that start in [from, to) into a block (reusing `reuse`'s arrays). */
  scan(index: number, from: number, to: number, reuse?: BlockArrays): PackedBlock {
    const width = this.width;
    // Rows of a recording with node states are about 400 bytes, without about 130: start at
    // 300 and let the arrays double when the rows are shorter.
    const guess = Math.max(16, Math.ceil((to - from) / 300));
    this.rows = 0;
    this.values = new GrowF64(guess * width, reuse?.values);
    this.stringIds = new GrowI32(guess * width, reuse?.stringIds);
    this.stringIds.a.fill(0); // a reused array holds the last block's ids; 0: not a string
    this.meta = new GrowI32(guess * 4, reuse?.meta);
    this.offsets = new GrowF64(guess, reuse?.offsets);
    this.channels = new GrowF64(guess * CHANNEL_WIDTH, reuse?.channels);
    this.roleIds = new GrowI32(guess, reuse?.roleIds);
    this.otherAt = new GrowI32(16);
    this.otherLine = new GrowI32(16);
    this.otherKind = new GrowI32(16);
    this.objects = [];
    this.strings = [];
    this.ids = new Map();
    this.slotHasString.fill(0);
    this.lastString.fill(null);
    this.lastRole = null;
    if (this.plan.csv) {
      // One row writer for every block (its columns are built once).
      const buf =
        reuse?.bytes ?? Buffer.allocUnsafe(Math.max(256 << 10, 2 * Math.min(to - from, 8 << 20)));
      this.csvRows ??= new CsvRows(this.plan.csv, buf);
      this.csvRows.restart(buf);
      this.csv = this.csvRows;
    }

    const fd = openSync(this.path, "r");
    let start: number;
    try {
      start = lineStartAtOrAfter(fd, from, this.bodyStart);
    } finally {
      closeSync(fd);
    }
    let endOffset = start;
    let lines = 0;
    let past = false;
    const handler = this.handler;
    const chunkBytes = to - start + (64 << 10);
    if (this.readBuf.length < chunkBytes) this.readBuf = Buffer.allocUnsafe(chunkBytes);
    if (start < to) {
      splitLinesSync(
        this.path,
        (buf, s, e, lineNo, offset, terminated) => {
          if (past || offset >= to) {
            past = true;
            return;
          }
          lines = lineNo;
          endOffset = offset + (e - s) + (terminated ? 1 : 0);
          handler.line(buf, s, e, lineNo, offset, terminated);
        },
        {
          fromOffset: start,
          lineBefore: 0,
          // The whole range and the start of the next in one read; a longer line grows the
          // buffer, as in the one-thread scan.
          chunkBytes,
          buffer: this.readBuf,
          onChunk: () => !past,
        },
      );
    }
    const slots: number[] = [];
    this.slotHasString.forEach((x, j) => {
      if (x) slots.push(j);
    });
    const csv = this.csv;
    this.csv = null;
    return {
      index,
      endOffset,
      lines,
      width,
      rows: this.rows,
      values: this.values.done(),
      meta: this.meta.done(),
      offsets: this.offsets.done(),
      stringIds: this.stringIds.done(),
      stringSlots: Int32Array.from(slots),
      strings: this.strings,
      channels: this.channels.done(),
      roleIds: this.roleIds.done(),
      otherAt: this.otherAt.done(),
      otherLine: this.otherLine.done(),
      otherKind: this.otherKind.done(),
      objects: this.objects,
      bytes: csv ? csv.buf.subarray(0, csv.pos) : new Uint8Array(0),
      csvRows: csv?.rows ?? 0,
      summary: this.summary?.any ? this.summary.take() : null,
    };
  }
}

/** A block's big arrays, whole: handed back by the main thread for the next block. */
export interface BlockArrays {
  values: Float64Array;
  meta: Int32Array;
  offsets: Float64Array;
  stringIds: Int32Array;
  channels: Float64Array;
  roleIds: Int32Array;
  bytes?: Buffer;
}

/** The whole arrays behind a block's lists (to reuse them for another block). */
export function blockArrays(b: PackedBlock): BlockArrays {
  return {
    values: new Float64Array(b.values.buffer),
    meta: new Int32Array(b.meta.buffer),
    offsets: new Float64Array(b.offsets.buffer),
    stringIds: new Int32Array(b.stringIds.buffer),
    channels: new Float64Array(b.channels.buffer),
    roleIds: new Int32Array(b.roleIds.buffer),
    ...(b.bytes.length > 0 ? { bytes: Buffer.from(b.bytes.buffer) } : {}),
  };
}

/** The buffers of a block's arrays, to transfer them. */
export function arraysBuffers(a: BlockArrays): ArrayBuffer[] {
  const all: Uint8Array[] | ArrayBufferView[] = [
    a.values,
    a.meta,
    a.offsets,
    a.stringIds,
    a.channels,
    a.roleIds,
    ...(a.bytes ? [a.bytes] : []),
  ];
  return all.map((x) => x.buffer as ArrayBuffer);
}

/** The ArrayBuffers of a block, to transfer rather than copy. */
export function blockBuffers(b: PackedBlock): ArrayBuffer[] {
  return [
    ...arraysBuffers(blockArrays(b)),
    ...[b.stringSlots, b.otherAt, b.otherLine, b.otherKind].map((a) => a.buffer as ArrayBuffer),
  ];
}
