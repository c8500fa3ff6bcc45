/**
 * CSV export of a recording: one row per frame with its node state joined, in the columns
 * ./columns.ts defines (names with their side and unit, values rounded to their
 * resolution); time as ISO-8601 (UTC, ms) and as seconds since the session start. RFC 4180:
 * comma separated, CRLF line ends, fields quoted when they contain a comma, quote or line
 * break; an absent value (no sensor, no node state) is an empty field.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import {
  CHANNEL_EXPORT_COLUMNS,
  COLUMNS,
  channelColumnName,
  type DictionaryEntry,
  decimalsFor,
  resolutionOf,
} from "./columns.js";
import type { RowLayout } from "./decode.js";
import type { RecordingHeader } from "./format.js";
import { refuseVirtualPath } from "./output-file.js";
import { type OpenedRecording, type ReadCounts, scanRecordingSync } from "./reader.js";
import { ascii, writeFiniteNumber } from "./row-line.js";
import { CHANNEL_WIDTH, type RowParser } from "./row-parser.js";
import type { TimeWindow } from "./window.js";

export interface CsvColumn {
  name: string;
  /**
   * The value of the parser's current row: text, or a number that the export writes as
   * String() would (NaN: an empty field), straight into its buffer.
   */
  cell(p: RowParser): string | number;
  /** What the column dictionary says of it. */
  entry: DictionaryEntry;
  /**
   * Node elements of the row the cell reads (frame columns are always decoded): the export
   * decodes only those (LineHandler.only). Absent: the cell may read any element.
   */
  reads?: readonly number[];
}

export function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A number as the column shows it: v × scale + offset at `decimals` places, in its shortest
 * text (0.39, not 0.390; 5.9997 s at 3 places is 6). NaN (null, not measured) is empty.
 */
export function formatValue(v: number, scale: number, offset: number, decimals: number): string {
  if (Number.isNaN(v)) return "";
  const r = Number((v * scale + offset).toFixed(decimals));
  return r === 0 ? "0" : String(r);
}

/**
 * The same value as a number for the export's buffer (written as String() writes it; NaN is
 * an empty field), equal to formatValue's: Math.round where that is safe, toFixed near a
 * half (where the double's exact decimal decides). -0 is 0.
 */
export function roundedValue(v: number, scale: number, offset: number, decimals: number): number {
  const x = v * scale + offset;
  const p10 = POW10[decimals] ?? 10 ** decimals;
  const m = Math.abs(x) * p10;
  // Near a half, only toFixed (the exact decimal of the double) rounds as formatValue does.
  if (Number.isNaN(x)) return x;
  if (!(m < 2 ** 52) || Math.abs(m - Math.floor(m) - 0.5) < 1e-6) {
    const t = Number(x.toFixed(decimals));
    return t === 0 ? 0 : t;
  }
  const r = (Math.sign(x) * Math.round(m)) / p10;
  return r === 0 ? 0 : r;
}
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** snake_case of a node field the definitions do not know, keeping its unit's case: fooBarJ -> foo_bar_J. */
export function snake(name: string): string {
  const m = /^(.*?)(Wh|W|J|V|C|Ma|Mw|Ms|S|Pct)$/.exec(name);
  const [stem, unit] = m?.[1] ? [m[1], m[2]!] : [name, ""];
  const units: Record<string, string> = { Ma: "mA", Mw: "mW", Ms: "ms", S: "s", Pct: "pct" };
  const head = stem.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return unit ? `${head}_${units[unit] ?? unit}` : head;
}

/** Every column this recording can export (./columns.ts), in default order. */
export function availableColumns(
  header: RecordingHeader,
  L: RowLayout,
): { all: CsvColumn[]; defaults: string[] } {
  const startMs = Date.parse(header.startedAt);
  const hostAt = L.frame.hostMs;
  const hasNode = (p: RowParser) => p.length === L.withNodeLength;
  const all: CsvColumn[] = [];
  const defaults: string[] = [];
  const known = new Set<string>();
  for (const def of COLUMNS) {
    const step = resolutionOf(def.resolution, header);
    const entry: DictionaryEntry = {
      name: def.name,
      unit: def.unit,
      type: def.type,
      resolution: step,
      description: def.description,
    };
    const d = decimalsFor(step);
    const scale = def.scale ?? 1;
    const offset = def.offset ?? 0;
    const src = def.source;
    let cell: ((p: RowParser) => string | number) | null = null;
    let reads: readonly number[] = [];
    if (src.from === "time")
      cell =
        src.field === "iso"
          ? (p) => new Date(startMs + Math.round(p.values[hostAt]!)).toISOString()
          : (p) => roundedValue(p.values[hostAt]!, 0.001, 0, d);
    else if (src.from === "frame") {
      const i = (L.frame as Record<string, number>)[src.field];
      if (i !== undefined) cell = (p) => roundedValue(p.values[i]!, scale, offset, d);
    } else {
      known.add(src.field);
      const i = L.node[src.field];
      if (i !== undefined) {
        cell = nodeCell(i, def.type, scale, offset, d, hasNode);
        reads = [i];
      }
    }
    if (!cell) continue;
    all.push({ name: def.name, cell, entry, reads });
    defaults.push(def.name);
  }
  // Node fields a newer model wrote that these definitions do not know yet: exported as
  // recorded, at the decimals the recording declares.
  for (const c of L.nodeColumns) {
    if (known.has(c.name)) continue;
    const i = L.node[c.name]!;
    const name = `sat_${snake(c.name)}`;
    const d = c.decimals ?? 6;
    const type = c.type === "str" || c.type === "bool" || c.type === "int" ? c.type : "num";
    all.push({
      name,
      cell: nodeCell(i, type, 1, 0, d, hasNode),
      entry: {
        name,
        unit: "",
        type,
        resolution: 10 ** -d,
        description: `node field ${c.name} (not described by this version of orbitrig)`,
      },
      reads: [i],
    });
    defaults.push(name);
  }
  // Per-channel readings: on by default only when the board has more than one channel.
  const channels = header.board.channels ?? [];
  channels.forEach((ch, k) => {
    for (const def of CHANNEL_EXPORT_COLUMNS) {
      const name = channelColumnName(k, ch.role, def.suffix);
      const step = resolutionOf(def.resolution, header);
      const d = decimalsFor(step);
      all.push({
        name,
        cell: (p) =>
          k < p.channelCount
            ? roundedValue(p.channels[k * CHANNEL_WIDTH + def.index]!, 1, 0, d)
            : "",
        entry: {
          name,
          unit: def.unit,
          type: "num",
          resolution: step,
          description: `channel ${k} (${ch.role}) ${def.description}`,
        },
        reads: [],
      });
      if (channels.length > 1) defaults.push(name);
    }
  });
  return { all, defaults };
}

function nodeCell(
  i: number,
  type: string,
  scale: number,
  offset: number,
  decimals: number,
  hasNode: (p: RowParser) => boolean,
) {
  return (p: RowParser): string | number => {
    if (!hasNode(p)) return "";
    if (type === "str") return csvQuote(p.strings[i] ?? "");
    const v = p.values[i]!;
    if (Number.isNaN(v)) return "";
    if (type === "bool") return v === 1 ? "true" : "false";
    return roundedValue(v, scale, offset, decimals);
  };
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

/** The column dictionary's file beside a CSV: run.csv -> run.columns.json. */
export function dictionaryPathFor(csvPath: string): string {
  return `${csvPath.replace(/\.csv$/i, "")}.columns.json`;
}

/** The column dictionary as the sidecar file holds it. */
export function dictionaryJson(entries: readonly DictionaryEntry[], recording: string): string {
  return `${JSON.stringify({ format: "orbitrig-columns", version: 1, recording, columns: entries }, null, 2)}\n`;
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
  const { all, defaults } = availableColumns(rec.header, rec.layout);
  const byName = new Map(all.map((c) => [c.name, c]));
  const names = options.columns ?? defaults;
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new OrbitrigError(
      "USAGE",
      `--columns: unknown column ${unknown.map((u) => `"${u}"`).join(", ")}; available: ${all.map((c) => c.name).join(",")}`,
      ExitCode.usage,
    );
  }
  const cols = names.map((n) => byName.get(n)!);
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
  const n = cols.length;
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
  const only = cols.every((c) => c.reads) ? cols.flatMap((c) => c.reads ?? []) : undefined;
  try {
    counts = scanRecordingSync(
      rec,
      {
        row: (p) => {
          const t = p.values[hostAt]!;
          if (t < fromMs || t > toMs) return true;
          if (pos > buf.length - (64 << 10)) flush();
          put(cols[0]!.cell(p));
          for (let k = 1; k < n; k++) {
            buf[pos++] = 44;
            put(cols[k]!.cell(p));
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
  const dictionary = cols.map((c) => c.entry);
  let dictionaryPath: string | null = null;
  if (typeof out === "string") {
    dictionaryPath = dictionaryPathFor(out);
    writeFileSync(dictionaryPath, dictionaryJson(dictionary, basename(rec.path)));
  }
  return { rows, columns: names, counts, dictionary, dictionaryPath };
}
