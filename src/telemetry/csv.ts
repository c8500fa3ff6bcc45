/**
 * CSV export of a recording: one row per frame with its node state joined; units in the
 * column names; time as ISO-8601 (UTC, ms) and as seconds since the session start. RFC 4180:
 * comma separated, CRLF line ends, fields quoted when they contain a comma, quote or line
 * break; an absent value (no sensor, no node state) is an empty field.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
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
  /**
   * Node elements of the row the cell reads (frame columns are always decoded): the export
   * decodes only those (LineHandler.only). Absent: the cell may read any element.
   */
  reads?: readonly number[];
}

export function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number cell: the export writes NaN (null in the recording) as an empty field. */
const num = (v: number): number => v;

/** Frame fields: [csv name, frame column]. */
const FRAME_CSV: ReadonlyArray<[string, string]> = [
  ["seq", "seq"],
  ["board_ms", "boardMs"],
  ["host_ms", "hostMs"],
  ["bus_V", "busV"],
  ["current_mA", "currentMa"],
  ["power_mW", "powerMw"],
  ["panel_temp_C", "panelTempC"],
  ["board_temp_C", "boardTempC"],
  ["lamp_pwm", "lamp"],
  ["load_pwm", "load"],
  ["flags", "flags"],
];

/** Node fields: [csv name, node column, scale]. Fractions become percentages. */
const NODE_CSV: ReadonlyArray<[string, string, number]> = [
  ["orbit_time_s", "tS", 1],
  ["orbit_number", "orbitNumber", 1],
  ["orbit_phase", "orbitPhase", 1],
  ["region", "region", 1],
  ["illumination", "illumination", 1],
  ["array_power_W", "arrayPowerW", 1],
  ["soc_pct", "socFraction", 100],
  ["battery_Wh", "batteryWh", 1],
  ["battery_power_W", "batteryPowerW", 1],
  ["curtailed_power_W", "curtailedPowerW", 1],
  ["compute_level", "computeLevel", 1],
  ["compute_power_W", "computePowerW", 1],
  ["avionics_power_W", "avionicsPowerW", 1],
  ["node_temp_C", "nodeTempC", 1],
  ["radiator_power_W", "radiatorPowerW", 1],
  ["duty_this_orbit_pct", "dutyThisOrbit", 100],
  ["duty_last_orbit_pct", "dutyLastOrbit", 100],
  ["duty_session_pct", "dutySession", 100],
  ["work_duty_this_orbit_pct", "workDutyThisOrbit", 100],
  ["work_duty_session_pct", "workDutySession", 100],
  ["work_accel_s", "workAccelS", 1],
  ["floor_violation", "floorViolation", 1],
  ["unserved_power_W", "unservedPowerW", 1],
  ["compute_level_requested", "computeLevelRequested", 1],
  ["battery_ocv_V", "batteryOcvV", 1],
  ["battery_loss_W", "batteryLossW", 1],
  ["absorbed_power_W", "absorbedPowerW", 1],
  ["thermal_limit_exceeded", "thermalLimitExceeded", 1],
  ["orbit_elapsed_s", "orbitElapsedS", 1],
  ["orbit_full_compute_s", "orbitFullComputeS", 1],
  ["orbit_work_level_s", "orbitWorkLevelS", 1],
  ["session_elapsed_s", "sessionElapsedS", 1],
  ["session_full_compute_s", "sessionFullComputeS", 1],
  ["session_work_level_s", "sessionWorkLevelS", 1],
  ["work_duty_last_orbit_pct", "workDutyLastOrbit", 100],
  ["energy_in_J", "energyInJ", 1],
  ["energy_to_load_J", "energyToLoadJ", 1],
  ["energy_stored_J", "energyStoredJ", 1],
  ["energy_losses_J", "energyLossesJ", 1],
  ["energy_curtailed_J", "energyCurtailedJ", 1],
  ["energy_unserved_J", "energyUnservedJ", 1],
  ["floor_violation_s", "floorViolationS", 1],
  ["session_min_soc_pct", "sessionMinSocFraction", 100],
  ["session_max_node_temp_C", "sessionMaxNodeTempC", 1],
];

/** snake_case of a node field the table does not know, keeping its unit's case: energyInJ -> energy_in_J. */
export function snake(name: string): string {
  const m = /^(.*?)(Wh|W|J|V|C|Ma|Mw|Ms|S|Pct)$/.exec(name);
  const [stem, unit] = m?.[1] ? [m[1], m[2]!] : [name, ""];
  const units: Record<string, string> = { Ma: "mA", Mw: "mW", Ms: "ms", S: "s", Pct: "pct" };
  const head = stem.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return unit ? `${head}_${units[unit] ?? unit}` : head;
}

/** Every column this recording can export, in default order. */
export function availableColumns(
  header: RecordingHeader,
  L: RowLayout,
): { all: CsvColumn[]; defaults: string[] } {
  const startMs = Date.parse(header.startedAt);
  const hostAt = L.frame.hostMs;
  const all: CsvColumn[] = [
    {
      name: "time_iso",
      cell: (p) => new Date(startMs + p.values[hostAt]!).toISOString(),
      reads: [],
    },
    { name: "time_s", cell: (p) => p.values[hostAt]! / 1000, reads: [] },
  ];
  for (const [name, col] of FRAME_CSV) {
    const i = (L.frame as Record<string, number>)[col]!;
    all.push({ name, cell: (p) => num(p.values[i]!), reads: [] });
  }
  const defaults = all.map((c) => c.name);
  const known = new Set<string>();
  const hasNode = (p: RowParser) => p.length === L.withNodeLength;
  for (const [name, col, scale] of NODE_CSV) {
    known.add(col);
    const i = L.node[col];
    if (i === undefined) continue;
    const type = L.nodeColumns.find((c) => c.name === col)?.type;
    const decimals = L.nodeColumns.find((c) => c.name === col)?.decimals ?? 6;
    all.push({ name, cell: nodeCell(i, type ?? "num", scale, decimals, hasNode), reads: [i] });
    defaults.push(name);
  }
  for (const c of L.nodeColumns) {
    if (known.has(c.name)) continue;
    const i = L.node[c.name]!;
    const name = snake(c.name);
    all.push({ name, cell: nodeCell(i, c.type, 1, c.decimals ?? 6, hasNode), reads: [i] });
    defaults.push(name);
  }
  // Per-channel readings: on by default only when the board has more than one channel.
  const channels = header.board.channels ?? [];
  channels.forEach((ch, k) => {
    const prefix = `ch${k}_${ch.role}`;
    const fields: Array<[string, number]> = [
      ["bus_V", 3],
      ["shunt_mV", 4],
      ["current_mA", 5],
      ["power_mW", 6],
    ];
    for (const [suffix, off] of fields) {
      const name = `${prefix}_${suffix}`;
      all.push({
        name,
        cell: (p) => (k < p.channelCount ? num(p.channels[k * CHANNEL_WIDTH + off]!) : ""),
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
  decimals: number,
  hasNode: (p: RowParser) => boolean,
) {
  // Scaling a stored decimal by 100 moves its decimals: round so 0.812345 prints 81.2345.
  const p10 = 10 ** Math.max(0, decimals - 2);
  return (p: RowParser): string | number => {
    if (!hasNode(p)) return "";
    if (type === "str") return csvQuote(p.strings[i] ?? "");
    const v = p.values[i]!;
    if (Number.isNaN(v)) return "";
    if (type === "bool") return v === 1 ? "true" : "false";
    return scale === 1 ? v : Math.round(v * scale * p10) / p10;
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
    const counts = scanRecordingSync(
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
    return { rows, columns: names, counts };
  } finally {
    if (typeof out === "string") closeSync(fd);
  }
}
