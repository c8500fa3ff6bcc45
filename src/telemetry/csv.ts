/**
 * CSV export of a recording: one row per frame with its node state joined, in the columns
 * ./columns.ts defines (names with their side and unit, values rounded to their
 * resolution); time as ISO-8601 (UTC, ms) and as seconds since the session start. RFC 4180:
 * comma separated, CRLF line ends, fields quoted when they contain a comma, quote or line
 * break; an absent value (no sensor, no node state) is an empty field.
 */
import { closeSync, rmSync, writeSync } from "node:fs";
import { basename } from "node:path";
import type { DictionaryEntry } from "./columns.js";
import { type CsvPlan, CsvRows } from "./csv-rows.js";
import { dictionaryJson, dictionaryPathFor, nodeElementsRead } from "./export-columns.js";
import {
  openExportFile,
  refuseExportOverInput,
  writeDictionaryFile,
  writeFailure,
} from "./output-file.js";
import {
  type OpenedRecording,
  type ReadCounts,
  type ScanOptions,
  scanRecordingSync,
} from "./reader.js";
import type { TimeWindow } from "./window.js";

export { csvQuote } from "./csv-rows.js";

export interface CsvExportOptions {
  window?: TimeWindow;
  /** Column names to write, in order; default: every default column. */
  columns?: string[];
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** How the recording is scanned (threads, block size); default: scanRecordingSync's. */
  scan?: Pick<ScanOptions, "threads" | "blockBytes">;
  /** Write the column dictionary beside a file out (default true; false for a device). */
  dictionary?: boolean;
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
function writeAllSync(fd: number, buf: Uint8Array, end: number): void {
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
 * that error. A file is never the recording itself (nor its dictionary); a file whose
 * export fails is removed, so a cut CSV never looks like a whole one.
 */
export function exportCsv(
  rec: OpenedRecording,
  out: string | { fd: number },
  options: CsvExportOptions = {},
): CsvExportResult {
  const plan: CsvPlan = { header: rec.header, columns: options.columns, window: options.window };
  const w = new CsvRows(plan);
  const names = w.columns.map((c) => c.name);
  const dictionaryPath =
    typeof out === "string" && options.dictionary !== false ? dictionaryPathFor(out) : null;
  let fd: number;
  let regular = false;
  if (typeof out === "string") {
    refuseExportOverInput(out, rec.path, "a CSV export");
    ({ fd, regular } = openExportFile(out, "a CSV export"));
  } else fd = out.fd;
  let counts: ReadCounts;
  let rows = 0;
  w.pos = w.buf.write(w.headerLine(), 0, "utf8");
  const flush = () => {
    writeAllSync(fd, w.buf, w.pos);
    w.pos = 0;
  };
  // Only the node elements the chosen columns read are decoded (when every column says).
  const only = nodeElementsRead(w.columns);
  try {
    counts = scanRecordingSync(
      rec,
      {
        // Rows read on this thread (a small recording) are written here…
        row: (p) => {
          if (w.full()) flush();
          w.row(p);
          return true;
        },
      },
      {
        onProgress: options.onProgress,
        ...(only ? { only } : {}),
        ...options.scan,
        // …and a large recording's rows are written by the scan's workers, in order.
        csv: {
          plan,
          onBytes: (bytes, n) => {
            flush();
            writeAllSync(fd, bytes, bytes.length);
            rows += n;
          },
        },
      },
    );
    flush();
  } catch (e) {
    if (typeof out !== "string") throw e;
    closeSync(fd);
    if (regular) rmSync(out, { force: true });
    throw writeFailure(out, e);
  }
  if (typeof out === "string") closeSync(fd);
  rows += w.rows;
  const dictionary = w.columns.map((c) => c.entry);
  if (dictionaryPath)
    writeDictionaryFile(dictionaryPath, dictionaryJson(dictionary, basename(rec.path)));
  return { rows, columns: names, counts, dictionary, dictionaryPath };
}
