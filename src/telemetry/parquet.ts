/**
 * Parquet export of a recording: the CSV export's columns (./export-columns.ts: the same
 * names, the same values rounded to the same resolution, the same absent values), typed,
 * for pandas (`pd.read_parquet`), DuckDB or Polars, which read it many times faster than
 * the CSV. Written with hyparquet-writer (pure JS; Apache Parquet format 2, Snappy pages,
 * min/max statistics per column chunk).
 *
 * Types: num -> DOUBLE; int -> INT32 (seq and board_ms, the protocol's u32 counters:
 * INT32 with the unsigned 32-bit logical type; a newer model's int field: INT64); bool ->
 * BOOLEAN; str -> STRING (UTF-8 BYTE_ARRAY); time_iso -> TIMESTAMP(MILLIS, UTC), the
 * instant the CSV writes as ISO text. Every column is OPTIONAL: an empty CSV field (no
 * sensor, no node state, NaN) is a Parquet null, never 0.
 *
 * Memory: rows are gathered a row group at a time (ParquetExportOptions.rowGroupRows, one
 * typed buffer per column), encoded and written before the next group is read, and the
 * file is written through a buffer that is flushed instead of grown: peak memory depends on
 * the row group and the column count, not on the recording's length.
 */
import { closeSync, rmSync, writeSync } from "node:fs";
import { basename } from "node:path";
import {
  ByteWriter,
  type ColumnSource,
  ParquetWriter,
  type SchemaElement,
  type Writer,
} from "hyparquet-writer";
import { describeFsError, ExitCode, OrbitrigError } from "../core/errors.js";
import { packageVersion } from "../core/version.js";
import type { DictionaryEntry } from "./columns.js";
import {
  chooseColumns,
  dictionaryJson,
  dictionaryPathFor,
  type ExportColumn,
  nodeElementsRead,
  type ValueKind,
} from "./export-columns.js";
import { createOutputFile, refuseExportOverInput, writeDictionaryFile } from "./output-file.js";
import { type OpenedRecording, type ReadCounts, scanRecordingSync } from "./reader.js";
import type { RowSlots } from "./row-slots.js";
import type { TimeWindow } from "./window.js";

export interface ParquetExportOptions {
  window?: TimeWindow;
  /** Column names to write, in order; default: every default column (as for CSV). */
  columns?: string[];
  /** Rows per row group, and so per buffer held in memory. Default 16,384. */
  rowGroupRows?: number;
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** Write the column dictionary beside out (default true; false for a device). */
  dictionary?: boolean;
}

export interface ParquetExportResult {
  rows: number;
  columns: string[];
  rowGroups: number;
  counts: ReadCounts;
  /** The exported columns' dictionary entries, in order. */
  dictionary: DictionaryEntry[];
  /** Where the dictionary was written: beside the file (run.parquet -> run.columns.json); null when not asked for. */
  dictionaryPath: string | null;
}

const DEFAULT_ROW_GROUP_ROWS = 16_384;

/** The Parquet schema element of a column of each kind (all OPTIONAL: absent is null). */
export function schemaElement(name: string, kind: ValueKind): SchemaElement {
  const optional = { name, repetition_type: "OPTIONAL" } as const;
  switch (kind) {
    case "timestamp":
      return {
        ...optional,
        type: "INT64",
        converted_type: "TIMESTAMP_MILLIS",
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
      };
    case "double":
      return { ...optional, type: "DOUBLE" };
    case "int32":
      return { ...optional, type: "INT32" };
    case "uint32":
      // The converted type alone: hyparquet-writer 0.17 writes the INTEGER logical type's
      // bitWidth as a thrift i32 where the format has an i8, which pyarrow refuses; readers
      // derive the logical type from UINT_32.
      return { ...optional, type: "INT32", converted_type: "UINT_32" };
    case "int64":
      return { ...optional, type: "INT64" };
    case "bool":
      return { ...optional, type: "BOOLEAN" };
    case "str":
      return {
        ...optional,
        type: "BYTE_ARRAY",
        converted_type: "UTF8",
        logical_type: { type: "STRING" },
      };
  }
}

/** One column's values for the row group being gathered. */
interface ColumnBuffer {
  put(p: RowSlots, row: number): void;
  /** The first `rows` values as the writer takes them (absent: null); the buffer is reused. */
  take(rows: number): ColumnSource["data"];
}

function columnBuffer(c: ExportColumn, size: number): ColumnBuffer {
  const value = c.value;
  if (c.kind === "bool" || c.kind === "str") {
    const a = new Array<boolean | string | null>(size).fill(null);
    return {
      put: (p, row) => {
        a[row] = value(p) as boolean | string | null;
      },
      take: (rows) => a.slice(0, rows),
    };
  }
  // Numbers in a typed buffer, NaN for absent; nulls only where a group has one.
  const f = new Float64Array(size);
  let absent = false;
  const int64 = c.kind === "int64";
  return {
    put: (p, row) => {
      const v = value(p) as number;
      f[row] = v;
      if (Number.isNaN(v)) absent = true;
    },
    take: (rows) => {
      const had = absent;
      absent = false;
      const view = f.subarray(0, rows);
      if (int64) return Array.from(view, (v) => (Number.isNaN(v) ? null : BigInt(v)));
      if (had) return Array.from(view, (v) => (Number.isNaN(v) ? null : v));
      return c.kind === "double" ? view.slice() : Array.from(view);
    },
  };
}

/** Writes everything in buf to fd (a short write goes on where it stopped). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * The writer's byte sink on an open file: its buffer is written out whenever it would grow
 * and after each row group, so it stays near the largest single page.
 */
function fileSink(fd: number): Writer {
  const w: Writer = new ByteWriter(1 << 20);
  const index = () => (w as unknown as { index: number }).index;
  const flush = () => {
    writeAll(fd, new Uint8Array(w.buffer, 0, index()));
    (w as unknown as { index: number }).index = 0;
  };
  const grow = w.ensure.bind(w);
  w.ensure = (size: number) => {
    if (index() + size > w.buffer.byteLength && index() > 0) flush();
    grow(size);
  };
  w.flush = flush;
  w.finish = flush;
  return w;
}

/**
 * Writes the Parquet file (its folder created if missing; an existing file replaced) and its
 * column dictionary beside it. A failure removes the partial file: Parquet's footer comes
 * last, so a cut file cannot be read.
 */
export function exportParquet(
  rec: OpenedRecording,
  out: string,
  options: ParquetExportOptions = {},
): ParquetExportResult {
  const chosen = chooseColumns(rec.header, rec.layout, options.columns);
  const names = chosen.map((c) => c.name);
  const size = Math.max(1, Math.floor(options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS));
  const buffers = chosen.map((c) => columnBuffer(c, size));
  const dictionary = chosen.map((c) => c.entry);
  const fromMs = (options.window?.fromS ?? 0) * 1000;
  const toMs = (options.window?.toS ?? Number.POSITIVE_INFINITY) * 1000;
  const hostAt = rec.layout.frame.hostMs;
  const recording = basename(rec.path);

  const dictionaryPath = options.dictionary !== false ? dictionaryPathFor(out) : null;
  refuseExportOverInput(out, rec.path, "a Parquet export");
  const { fd } = createOutputFile(out, "overwrite", "a Parquet export");
  let rows = 0;
  let rowGroups = 0;
  let pending = 0;
  let counts: ReadCounts;
  let open = true;
  try {
    const writer = new ParquetWriter({
      writer: fileSink(fd),
      schema: [
        { name: "root", num_children: chosen.length },
        ...chosen.map((c) => schemaElement(c.name, c.kind)),
      ],
      createdBy: `orbitrig ${packageVersion()} (hyparquet-writer)`,
      kvMetadata: [{ key: "orbitrig.columns", value: dictionaryJson(dictionary, recording) }],
    });
    const writeGroup = () => {
      if (pending === 0) return;
      writer.write({
        columnData: chosen.map((c, k) => ({ name: c.name, data: buffers[k]!.take(pending) })),
        rowGroupSize: pending,
      });
      rowGroups++;
      pending = 0;
    };
    const n = buffers.length;
    counts = scanRecordingSync(
      rec,
      {
        row: (p) => {
          const t = p.values[hostAt]!;
          if (t < fromMs || t > toMs) return true;
          for (let k = 0; k < n; k++) buffers[k]!.put(p, pending);
          pending++;
          rows++;
          if (pending === size) writeGroup();
          return true;
        },
      },
      { onProgress: options.onProgress, only: nodeElementsRead(chosen) },
    );
    writeGroup();
    writer.finish();
    open = false;
    closeSync(fd);
  } catch (e) {
    if (open) closeSync(fd);
    rmSync(out, { force: true });
    if (e instanceof OrbitrigError) throw e;
    // A file system error, or a value the column's type cannot hold (a hand-edited
    // recording: an int column past 32 bits); either way one line, not a stack.
    const why = (e as NodeJS.ErrnoException).code
      ? describeFsError(e)
      : `the Parquet writer refused a value (${(e as Error).message})`;
    throw new OrbitrigError("IO", `${out}: cannot write: ${why}`, ExitCode.io, { cause: e });
  }
  if (dictionaryPath) writeDictionaryFile(dictionaryPath, dictionaryJson(dictionary, recording));
  return { rows, columns: names, rowGroups, counts, dictionary, dictionaryPath };
}
