/**
 * One byte range of a recording scanned into a packed block: the parallel scan's unit of work
 * (./parallel-scan.ts). A block holds, in file order, every frame row's decoded slots (only
 * the elements asked for) and every other record (event, footer, corrupt or cut-off line),
 * in typed arrays a worker thread hands over without copying.
 *
 * The same LineHandler and RowParser as the one-thread scan judge every line, so a block
 * says exactly what the one-thread scan would have said about the same lines. The range
 * owns the lines that start inside it: it skips the line cut at its start (the range before
 * owns that one) and reads past its end to finish its own last line.
 */
import { closeSync, openSync, readSync } from "node:fs";
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
}

/** The sorted list of row elements a block holds for this plan. */
export function blockElements(plan: BlockPlan, layout: RowLayout): number[] {
  if (plan.csv) return [];
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
export function lineStartAtOrAfter(fd: number, from: number, bodyStart: number): number {
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
 * Scans the lines that start in [from, to) of the recording into a block.
 * `bodyStart` is the offset of the first record (after the header).
 */
export function scanBlock(
  path: string,
  plan: BlockPlan,
  index: number,
  from: number,
  to: number,
  bodyStart: number,
  reuse?: BlockArrays,
): PackedBlock {
  const layout = layoutOf({ columns: plan.columns } as RecordingHeader);
  const elements = Int32Array.from(blockElements(plan, layout));
  const width = elements.length;
  // Rows of a recording with node states are about 400 bytes, without about 130: start at
  // 300 and let the arrays double when the rows are shorter.
  const guess = Math.max(16, Math.ceil((to - from) / 300));
  const values = new GrowF64(guess * width, reuse?.values);
  const stringIds = new GrowI32(guess * width, reuse?.stringIds);
  stringIds.a.fill(0); // a reused array holds the last block's ids; 0 is "not a string"
  const csv = plan.csv
    ? new CsvRows(
        plan.csv,
        reuse?.bytes ?? Buffer.allocUnsafe(Math.max(256 << 10, 2 * Math.min(to - from, 8 << 20))),
      )
    : null;
  const meta = new GrowI32(guess * 4, reuse?.meta);
  const offsets = new GrowF64(guess, reuse?.offsets);
  const channels = new GrowF64(guess * CHANNEL_WIDTH, reuse?.channels);
  const roleIds = new GrowI32(guess, reuse?.roleIds);
  const otherAt = new GrowI32(16);
  const otherLine = new GrowI32(16);
  const otherKind = new GrowI32(16);
  const objects: Array<EventRecord | RecordingFooter> = [];
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const slotHasString = new Uint8Array(width);
  const lastString: (string | null)[] = new Array(width).fill(null);
  const lastId = new Int32Array(width);
  const stringAt = new Int32Array(width);
  const idOf = (s: string | null): number => {
    if (s === null) return 0;
    let id = ids.get(s);
    if (id === undefined) {
      strings.push(s);
      id = strings.length;
      ids.set(s, id);
    }
    return id;
  };
  let rows = 0;
  let lastRole: string | null = null;
  let lastRoleId = 0;
  const other = (kind: OtherKind, line: number) => {
    otherAt.push(rows);
    otherLine.push(line);
    otherKind.push(kind);
  };

  const handler = new LineHandler(layout, {
    row: (p: RowSlots, _L, line, offset) => {
      if (csv) {
        if (csv.full()) csv.grow();
        csv.row(p);
        meta.push(line);
        meta.push(p.length);
        meta.push(p.channelsAt);
        meta.push(0);
        offsets.push(offset);
        rows++;
        return true;
      }
      const base = values.n;
      const nStr = packRow(p.values, p.strings, elements, values.room(width), base, stringAt);
      const ids = stringIds.room(width);
      for (let k = 0; k < nStr; k++) {
        const j = stringAt[k]!;
        const str = p.strings[elements[j]!]!;
        // Most string columns repeat (the tag, "sunlit"): one comparison, not a lookup.
        if (str !== lastString[j]) {
          lastString[j] = str;
          lastId[j] = idOf(str);
        }
        ids[base + j] = lastId[j]!;
        slotHasString[j] = 1;
      }
      values.n += width;
      stringIds.n += width;
      const m = meta.room(4);
      m[rows * 4] = line;
      m[rows * 4 + 1] = p.length;
      m[rows * 4 + 2] = p.channelsAt;
      m[rows * 4 + 3] = p.channelCount;
      meta.n += 4;
      offsets.push(offset);
      const k = p.channelCount * CHANNEL_WIDTH;
      if (k > 0) {
        const out = channels.room(k);
        const src = p.channels;
        for (let i = 0; i < k; i++) out[channels.n + i] = src[i]!;
        channels.n += k;
        for (let c = 0; c < p.channelCount; c++) {
          const role = p.channelRoles[c] ?? null;
          if (role !== lastRole) {
            lastRole = role;
            lastRoleId = idOf(role);
          }
          roleIds.push(lastRoleId);
        }
      }
      rows++;
      return true;
    },
    event: (e, line) => {
      other(OtherKind.Event, line);
      objects.push(e);
    },
    footer: (f, line) => {
      other(OtherKind.Footer, line);
      objects.push(f);
    },
    bad: (line, terminated) => other(terminated ? OtherKind.Corrupt : OtherKind.Truncated, line),
  });
  if (plan.only) handler.only(plan.only);

  const fd = openSync(path, "r");
  let start: number;
  try {
    start = lineStartAtOrAfter(fd, from, bodyStart);
  } finally {
    closeSync(fd);
  }
  let endOffset = start;
  let lines = 0;
  let past = false;
  if (start < to) {
    splitLinesSync(
      path,
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
        // A line longer than this grows the buffer, as in the one-thread scan.
        chunkBytes: Math.min(512 * 1024, Math.max(4096, to - start + 1024)),
        onChunk: () => !past,
      },
    );
  }
  const slots: number[] = [];
  slotHasString.forEach((x, j) => {
    if (x) slots.push(j);
  });
  return {
    index,
    endOffset,
    lines,
    width,
    rows,
    values: values.done(),
    meta: meta.done(),
    offsets: offsets.done(),
    stringIds: stringIds.done(),
    stringSlots: Int32Array.from(slots),
    strings,
    channels: channels.done(),
    roleIds: roleIds.done(),
    otherAt: otherAt.done(),
    otherLine: otherLine.done(),
    otherKind: otherKind.done(),
    objects,
    bytes: csv ? csv.buf.subarray(0, csv.pos) : new Uint8Array(0),
    csvRows: csv?.rows ?? 0,
  };
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
    b.values,
    b.meta,
    b.offsets,
    b.stringIds,
    b.stringSlots,
    b.channels,
    b.roleIds,
    b.otherAt,
    b.otherLine,
    b.otherKind,
    ...(b.bytes.length > 0 ? [b.bytes] : []),
  ].map((a) => a.buffer as ArrayBuffer);
}
