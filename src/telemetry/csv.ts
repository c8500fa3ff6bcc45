/**
 * CSV export of a recording: one row per frame with its node state joined, in the columns
 * ./columns.ts defines (names with their side and unit, values rounded to their
 * resolution); time as ISO-8601 (UTC, ms) and as seconds since the session start. RFC 4180:
 * comma separated, CRLF line ends, fields quoted when they contain a comma, quote or line
 * break; an absent value (no sensor, no node state) is an empty field.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { DictionaryEntry } from "./columns.js";
import {
  chooseColumns,
  dictionaryJson,
  dictionaryPathFor,
  type ExportColumn,
  nodeElementsRead,
} from "./export-columns.js";
import { refuseVirtualPath } from "./output-file.js";
import { type OpenedRecording, type ReadCounts, scanRecordingSync } from "./reader.js";
import { ascii, writeFiniteNumber } from "./row-line.js";
import type { RowSlots } from "./row-slots.js";
import type { TimeWindow } from "./window.js";

export function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A column's CSV cell in the parser's current row: text, or a number that the export
 * writes as String() would (NaN: an empty field), straight into its buffer.
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

export interface CsvExportOptions {
  window?: TimeWindow;
  /** Column names to write, in order; default: every default column. */
  columns?: string[];
  onProgress?: (bytesDone: number, totalBytes: number) => void;
}

export interface CsvExportResult {
  rows: number;
  columns: string[];
  counts: ReadCounts;
  /** The exported columns' dictionary entries, in order. */
  dictionary: DictionaryEntry[];
  /** Where the dictionary was written (beside a CSV file; null for a descriptor). */
  dictionaryPath: string | null;
}

/** Blocks this thread for a moment: a full pipe drains while we wait (no busy loop). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Writes all of buf[0, end) to fd. A pipe that stdout shares with Node's own stream can be
 * non-blocking and answer EAGAIN while its reader catches up: wait and write on.
 */
function writeAllSync(fd: number, buf: Buffer, end: number): void {
  let off = 0;
  while (off < end) {
    try {
      off += writeSync(fd, buf, off, end - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      pause(2);
    }
  }
}

/**
 * Writes the CSV to a file (its folder created if missing) or to an open file descriptor
 * (`{ fd: 1 }`: stdout, left open). A reader that goes away (EPIPE) ends the export with
 * that error.
 */
export function exportCsv(
  rec: OpenedRecording,
  out: string | { fd: number },
  options: CsvExportOptions = {},
): CsvExportResult {
  const chosen = chooseColumns(rec.header, rec.layout, options.columns);
  const names = chosen.map((c) => c.name);
  const cells = chosen.map(csvCell);
  const fromMs = (options.window?.fromS ?? 0) * 1000;
  const toMs = (options.window?.toS ?? Number.POSITIVE_INFINITY) * 1000;
  const hostAt = rec.layout.frame.hostMs;
  if (typeof out === "string") {
    refuseVirtualPath(out, "a CSV export");
    mkdirSync(dirname(out), { recursive: true });
  }
  const fd = typeof out === "string" ? openSync(out, "w") : out.fd;
  let rows = 0;
  let counts: ReadCounts;
  // Cells go straight into one reused buffer: no per-row string to build and join.
  const buf = Buffer.allocUnsafe(4 << 20);
  let pos = buf.write(`${names.map(csvQuote).join(",")}\r\n`, 0, "utf8");
  const flush = () => {
    writeAllSync(fd, buf, pos);
    pos = 0;
  };
  const n = cells.length;
  /** One cell into buf at pos: numbers and ASCII text byte by byte, other text as UTF-8. */
  const put = (v: string | number) => {
    if (typeof v === "number") {
      if (Number.isFinite(v)) pos = writeFiniteNumber(buf, pos, v);
      else if (!Number.isNaN(v)) pos = ascii(buf, pos, String(v));
      return;
    }
    const len = v.length;
    if (len > 256) {
      pos += buf.write(v, pos, "utf8");
      return;
    }
    let k = 0;
    for (; k < len; k++) {
      const c = v.charCodeAt(k);
      if (c >= 128) break;
      buf[pos + k] = c;
    }
    if (k === len) pos += len;
    else pos += buf.write(v, pos, "utf8");
  };
  // Only the node elements the chosen columns read are decoded (when every column says).
  const only = nodeElementsRead(chosen);
  try {
    counts = scanRecordingSync(
      rec,
      {
        row: (p) => {
          const t = p.values[hostAt]!;
          if (t < fromMs || t > toMs) return true;
          if (pos > buf.length - (64 << 10)) flush();
          put(cells[0]!(p));
          for (let k = 1; k < n; k++) {
            buf[pos++] = 44;
            put(cells[k]!(p));
          }
          buf[pos++] = 13;
          buf[pos++] = 10;
          rows++;
          return true;
        },
      },
      { onProgress: options.onProgress, ...(only ? { only } : {}) },
    );
    flush();
  } finally {
    if (typeof out === "string") closeSync(fd);
  }
  const dictionary = chosen.map((c) => c.entry);
  let dictionaryPath: string | null = null;
  if (typeof out === "string") {
    dictionaryPath = dictionaryPathFor(out);
    writeFileSync(dictionaryPath, dictionaryJson(dictionary, basename(rec.path)));
  }
  return { rows, columns: names, counts, dictionary, dictionaryPath };
}
