/**
 * CSV rows of a recording's frame rows, written straight into a byte buffer: the one row
 * writer of the CSV export (./csv.ts), on the main thread for a small recording and in the
 * parallel scan's workers for a large one (./scan-block.ts), so both write the same bytes.
 * Everything it needs (header, column names, window) can be sent to a worker.
 */
import { layoutOf } from "./decode.js";
import {
  chooseColumns,
  type ExportColumn,
  type Rounded,
  roundedUnits,
  roundedValue,
} from "./export-columns.js";
import type { RecordingHeader } from "./format.js";
import { fixed } from "./number-text.js";
import { writeFiniteNumber } from "./row-line.js";
import type { RowSlots } from "./row-slots.js";
import type { TimeWindow } from "./window.js";

/** What a CSV row writer is made from. */
export interface CsvPlan {
  header: RecordingHeader;
  /** Column names in order; default: every default column. */
  columns?: string[];
  window?: TimeWindow;
}

export function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A column's CSV cell in the current row: text, or a number written as String() would
 * (NaN: an empty field).
 */
function csvCell(c: ExportColumn): (p: RowSlots) => string | number {
  const value = c.value;
  switch (c.kind) {
    case "timestamp":
      return (p) => new Date(value(p) as number).toISOString();
    case "bool":
      return (p) => {
        const v = value(p);
        return v === null ? "" : v ? "true" : "false";
      };
    case "str":
      return (p) => {
        const v = value(p);
        return v === null ? "" : csvQuote(v as string);
      };
    default:
      return value as (p: RowSlots) => number;
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
const INT31 = 2 ** 31;

/**
 * roundedValue(v, scale, offset, decimals) as String() writes it (NaN, ±Infinity: nothing), into buf at
 * o; returns the end. The rounded integer is the text's digits: this skips the division
 * back to a double and the search for its decimals (most of an export's writing time, CPU
 * profile of bench/replay.ts). Up to 6 decimals and below 2^31 units; otherwise it writes
 * roundedValue's result. tests/telemetry/csv-cells.test.ts holds it to formatValue.
 */
export function writeRounded(
  buf: Buffer,
  o: number,
  v: number,
  scale: number,
  offset: number,
  decimals: number,
): number {
  const x = v * scale + offset;
  if (!Number.isFinite(x)) return o;
  const p10 = POW10[decimals];
  const ax = Math.abs(x);
  if (p10 !== undefined && ax * p10 < INT31 - 1) {
    const r = roundedUnits(ax, p10);
    if (r === 0) {
      buf[o] = 48;
      return o + 1;
    }
    if (x < 0) buf[o++] = 45;
    return r % p10 === 0 ? writeFiniteNumber(buf, o, r / p10) : fixed(buf, o, r, decimals);
  }
  const r = roundedValue(v, scale, offset, decimals);
  return Number.isFinite(r) ? writeFiniteNumber(buf, o, r) : o;
}

/** Room kept free at the end of the buffer: one row never needs more (cells are bounded). */
const ROW_ROOM = 64 << 10;

export class CsvRows {
  readonly columns: ExportColumn[];
  private readonly cells: Array<(p: RowSlots) => string | number>;
  /** Per column: how it is rounded, when writeRounded writes it (else null: cells[k]). */
  private readonly rounded: Array<Rounded | null>;
  private readonly withNodeLength: number;
  private readonly fromMs: number;
  private readonly toMs: number;
  private readonly hostAt: number;
  buf: Buffer;
  pos = 0;
  /** Rows written (frame rows inside the window). */
  rows = 0;

  constructor(plan: CsvPlan, buf?: Buffer) {
    const layout = layoutOf(plan.header);
    this.columns = chooseColumns(plan.header, layout, plan.columns);
    this.cells = this.columns.map(csvCell);
    this.rounded = this.columns.map((c) => c.rounded ?? null);
    this.withNodeLength = layout.withNodeLength;
    this.fromMs = (plan.window?.fromS ?? 0) * 1000;
    this.toMs = (plan.window?.toS ?? Number.POSITIVE_INFINITY) * 1000;
    this.hostAt = layout.frame.hostMs;
    this.buf = buf && buf.length >= 2 * ROW_ROOM ? buf : Buffer.allocUnsafe(4 << 20);
  }

  /** The header line (column names). */
  headerLine(): string {
    return `${this.columns.map((c) => csvQuote(c.name)).join(",")}\r\n`;
  }

  /** True when the buffer should be emptied (flushed or handed on) before the next row. */
  full(): boolean {
    return this.pos > this.buf.length - ROW_ROOM;
  }

  /** Starts again on an empty buffer (the next block of a parallel scan). */
  restart(buf: Buffer): void {
    this.buf = buf.length >= 2 * ROW_ROOM ? buf : Buffer.allocUnsafe(4 << 20);
    this.pos = 0;
    this.rows = 0;
  }

  /** Makes the buffer at least twice as big, keeping what it holds. */
  grow(atLeast = 0): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + atLeast));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Writes the row if it is inside the window. */
  row(p: RowSlots): void {
    const t = p.values[this.hostAt]!;
    if (t < this.fromMs || t > this.toMs) return;
    const cells = this.cells;
    const rounded = this.rounded;
    const n = cells.length;
    const hasNode = p.length === this.withNodeLength;
    const v = p.values;
    for (let k = 0; k < n; k++) {
      if (k > 0) this.buf[this.pos++] = 44;
      const r = rounded[k]!;
      if (r === null) this.put(cells[k]!(p));
      else if (hasNode || !r.nodeOnly) {
        this.pos = writeRounded(this.buf, this.pos, v[r.index]!, r.scale, r.offset, r.decimals);
      }
    }
    this.buf[this.pos++] = 13;
    this.buf[this.pos++] = 10;
    this.rows++;
  }

  /** One cell at pos: numbers and ASCII text byte by byte, other text as UTF-8. */
  private put(v: string | number): void {
    const buf = this.buf;
    if (typeof v === "number") {
      if (Number.isFinite(v)) this.pos = writeFiniteNumber(buf, this.pos, v);
      return;
    }
    const len = v.length;
    if (len > 256) {
      // A long text (a recording's own string): make room for its UTF-8 whole.
      if (this.pos + 3 * len + ROW_ROOM > this.buf.length) this.grow(3 * len + ROW_ROOM);
      this.pos += this.buf.write(v, this.pos, "utf8");
      return;
    }
    const pos = this.pos;
    let k = 0;
    for (; k < len; k++) {
      const c = v.charCodeAt(k);
      if (c >= 128) break;
      buf[pos + k] = c;
    }
    if (k === len) this.pos += len;
    else this.pos += buf.write(v, pos, "utf8");
  }
}
