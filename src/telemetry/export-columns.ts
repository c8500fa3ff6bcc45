/**
 * The exported columns of one recording, ready to read row by row: every exporter (CSV in
 * ./csv.ts, Parquet in ./parquet.ts) takes its names, values and rounding from here, so the
 * files agree cell for cell. The definitions themselves (names, units, resolution, meaning)
 * are data in ./columns.ts; this module binds them to a recording's row layout.
 *
 * A value is typed, not text: a number rounded to the column's resolution (NaN when the
 * frame has no such value: no sensor, no node state), a boolean or a string (null when
 * absent), and for `time_iso` the epoch milliseconds that its ISO text shows.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import {
  CHANNEL_EXPORT_COLUMNS,
  COLUMNS,
  type ColumnDef,
  channelColumnName,
  type DictionaryEntry,
  decimalsFor,
  resolutionOf,
} from "./columns.js";
import type { RowLayout } from "./decode.js";
import type { RecordingHeader } from "./format.js";
import { CHANNEL_WIDTH, type RowSlots } from "./row-slots.js";

/**
 * How a column's values are stored, which decides its Parquet type:
 * - "timestamp": epoch ms (UTC), the CSV's ISO text;
 * - "double": a number, NaN when absent;
 * - "int32" / "uint32": an integer in that range (a definition's `range`), NaN when absent;
 * - "int64": an integer a newer model recorded, range unknown, NaN when absent;
 * - "bool": true / false / null;
 * - "str": text / null.
 */
export type ValueKind = "timestamp" | "double" | "int32" | "uint32" | "int64" | "bool" | "str";

export interface ExportColumn {
  name: string;
  kind: ValueKind;
  /**
   * The value in the parser's current row: a number for the numeric kinds and "timestamp"
   * (NaN: absent), a boolean or null for "bool", a string or null for "str".
   */
  value(p: RowSlots): number | boolean | string | null;
  /** What the column dictionary says of it. */
  entry: DictionaryEntry;
  /**
   * Node elements of the row the value reads (frame columns are always decoded): an export
   * decodes only those (LineHandler.only). Absent: the value may read any element.
   */
  reads?: readonly number[];
  /**
   * When value(p) is roundedValue(p.values[index], scale, offset, decimals) (NaN for a frame
   * without node state when nodeOnly): the CSV writer writes it without the closure
   * (csv-rows.ts writeRounded).
   */
  rounded?: Rounded;
}

export interface Rounded {
  index: number;
  scale: number;
  offset: number;
  decimals: number;
  nodeOnly: boolean;
}

/**
 * A number as the column shows it: v × scale + offset at `decimals` places, in its shortest
 * text (0.39, not 0.390; 5.9997 s at 3 places is 6). NaN (null, not measured) is empty, as
 * is ±Infinity (a node value past the double range, 1e999 in the recording: no value).
 */
export function formatValue(v: number, scale: number, offset: number, decimals: number): string {
  const x = v * scale + offset;
  if (!Number.isFinite(x)) return "";
  const r = Number(x.toFixed(decimals));
  return r === 0 ? "0" : String(r);
}

/**
 * The same value as a number (NaN stays NaN: absent; ±Infinity is NaN), equal to formatValue's: the nearest
 * integer multiple of the resolution, halves away from zero, decided on the double's exact
 * value as toFixed does (roundedUnits). -0 is 0.
 */
export function roundedValue(v: number, scale: number, offset: number, decimals: number): number {
  const x = v * scale + offset;
  if (!Number.isFinite(x)) return Number.NaN;
  const p10 = POW10[decimals];
  const ax = Math.abs(x);
  if (p10 === undefined || !(ax * p10 < 2 ** 52)) {
    const t = Number(x.toFixed(decimals));
    return t === 0 ? 0 : t;
  }
  const r = roundedUnits(ax, p10) / p10;
  return r === 0 ? 0 : x < 0 ? -r : r;
}

/**
 * |x| × p10 rounded to an integer as toFixed rounds (the exact value decides; a tie goes up),
 * for a finite ax = |x| with ax × p10 < 2^52 and p10 = 10^k below 2^27. Off the half the
 * rounded product decides; on it, its exact error (Dekker's product: p10 has under 27 bits,
 * so each partial product is exact) says on which side of the half the exact value lies.
 */
export function roundedUnits(ax: number, p10: number): number {
  const m = ax * p10;
  const k = Math.floor(m);
  const f = m - k - 0.5; // exact
  // k + ½ is a double (m < 2^52) and rounding is monotone: when the rounded product is not
  // on the half, the exact one lies on the same side of it.
  if (f > 0) return k + 1;
  if (f < 0) return k;
  const c = 134217729 * ax;
  const hi = c - (c - ax);
  const err = hi * p10 - m + (ax - hi) * p10;
  return err >= 0 ? k + 1 : k;
}
/** 10^k for the decimals roundedUnits takes (10^8 < 2^27). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/** snake_case of a node field the definitions do not know, keeping its unit's case: fooBarJ -> foo_bar_J. */
export function snake(name: string): string {
  const m = /^(.*?)(Wh|W|J|V|C|Ma|Mw|Ms|S|Pct)$/.exec(name);
  const [stem, unit] = m?.[1] ? [m[1], m[2]!] : [name, ""];
  const units: Record<string, string> = { Ma: "mA", Mw: "mW", Ms: "ms", S: "s", Pct: "pct" };
  const head = stem.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return unit ? `${head}_${units[unit] ?? unit}` : head;
}

/** The storage of a defined column. */
function kindOf(def: Pick<ColumnDef, "type" | "range" | "source">): ValueKind {
  if (def.source.from === "time" && def.source.field === "iso") return "timestamp";
  if (def.type === "int") return def.range === "uint32" ? "uint32" : "int32";
  return def.type === "num" ? "double" : def.type;
}

/** Every column this recording can export (./columns.ts), in default order. */
export function availableColumns(
  header: RecordingHeader,
  L: RowLayout,
): { all: ExportColumn[]; defaults: string[] } {
  const startMs = Date.parse(header.startedAt);
  const hostAt = L.frame.hostMs;
  const hasNode = (p: RowSlots) => p.length === L.withNodeLength;
  const all: ExportColumn[] = [];
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
    const kind = kindOf(def);
    let value: ExportColumn["value"] | null = null;
    let reads: readonly number[] = [];
    let rounded: Rounded | undefined;
    if (src.from === "time") {
      if (src.field === "iso") value = (p) => startMs + Math.round(p.values[hostAt]!);
      else {
        value = (p) => roundedValue(p.values[hostAt]!, 0.001, 0, d);
        rounded = { index: hostAt, scale: 0.001, offset: 0, decimals: d, nodeOnly: false };
      }
    } else if (src.from === "frame") {
      const i = (L.frame as Record<string, number>)[src.field];
      if (i !== undefined) {
        value = (p) => roundedValue(p.values[i]!, scale, offset, d);
        rounded = { index: i, scale, offset, decimals: d, nodeOnly: false };
      }
    } else {
      known.add(src.field);
      const i = L.node[src.field];
      if (i !== undefined) {
        value = nodeValue(i, kind, scale, offset, d, hasNode);
        reads = [i];
        if (isNumeric(kind)) rounded = { index: i, scale, offset, decimals: d, nodeOnly: true };
      }
    }
    if (!value) continue;
    all.push({ name: def.name, kind, value, entry, reads, ...(rounded ? { rounded } : {}) });
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
    const kind: ValueKind = type === "int" ? "int64" : type === "num" ? "double" : type;
    all.push({
      name,
      kind,
      value: nodeValue(i, kind, 1, 0, d, hasNode),
      ...(isNumeric(kind)
        ? { rounded: { index: i, scale: 1, offset: 0, decimals: d, nodeOnly: true } }
        : {}),
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
        kind: "double",
        value: (p) =>
          k < p.channelCount
            ? roundedValue(p.channels[k * CHANNEL_WIDTH + def.index]!, 1, 0, d)
            : Number.NaN,
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

/** Kinds whose value is a rounded number (nodeValue's last case). */
function isNumeric(kind: ValueKind): boolean {
  return kind !== "str" && kind !== "bool" && kind !== "timestamp";
}

function nodeValue(
  i: number,
  kind: ValueKind,
  scale: number,
  offset: number,
  decimals: number,
  hasNode: (p: RowSlots) => boolean,
): ExportColumn["value"] {
  if (kind === "str") return (p) => (hasNode(p) ? (p.strings[i] ?? null) : null);
  if (kind === "bool")
    return (p) => {
      if (!hasNode(p)) return null;
      const v = p.values[i]!;
      return Number.isNaN(v) ? null : v === 1;
    };
  return (p) => (hasNode(p) ? roundedValue(p.values[i]!, scale, offset, decimals) : Number.NaN);
}

/**
 * The columns an export writes: `names` in that order (default: the recording's defaults).
 * An unknown name is the user's mistake: the error lists every column there is.
 */
export function chooseColumns(
  header: RecordingHeader,
  L: RowLayout,
  names?: readonly string[],
): ExportColumn[] {
  const { all, defaults } = availableColumns(header, L);
  const byName = new Map(all.map((c) => [c.name, c]));
  const chosen = names ?? defaults;
  const available = `available: ${all.map((c) => c.name).join(",")}`;
  if (chosen.length === 0)
    throw new OrbitrigError("USAGE", `--columns: no column named; ${available}`, ExitCode.usage);
  const twice = chosen.find((n, i) => chosen.indexOf(n) !== i);
  if (twice !== undefined)
    throw new OrbitrigError("USAGE", `--columns: "${twice}" is named twice`, ExitCode.usage);
  const unknown = chosen.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new OrbitrigError(
      "USAGE",
      `--columns: unknown column ${unknown.map((u) => `"${u}"`).join(", ")}; ${available}`,
      ExitCode.usage,
    );
  }
  return chosen.map((n) => byName.get(n)!);
}

/** Node elements the columns read, for LineHandler.only; undefined when one may read any. */
export function nodeElementsRead(columns: readonly ExportColumn[]): number[] | undefined {
  return columns.every((c) => c.reads) ? columns.flatMap((c) => c.reads ?? []) : undefined;
}

/** The column dictionary's file beside an export: run.csv or run.parquet -> run.columns.json. */
export function dictionaryPathFor(exportPath: string): string {
  return `${exportPath.replace(/\.(csv|parquet)$/i, "")}.columns.json`;
}

/** The column dictionary as the sidecar file holds it. */
export function dictionaryJson(entries: readonly DictionaryEntry[], recording: string): string {
  return `${JSON.stringify({ format: "orbitrig-columns", version: 1, recording, columns: entries }, null, 2)}\n`;
}
