/**
 * Parsed row slots (RowParser) -> Frame and NodeState objects, using the column layout the
 * recording's header declares.
 */
import type { ChannelReading, ChannelRole, Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import { bitsToStatus, FRAME_COLUMNS, type NodeColumn, type RecordingHeader } from "./format.js";
import { CHANNEL_WIDTH, type RowSlots } from "./row-slots.js";

/** Where each column sits in a row of this recording. */
export interface RowLayout {
  /** Row length (tag included) of a frame row without / with its node state. */
  frameLength: number;
  withNodeLength: number;
  /** Index in the row of each frame column, and of each node column by name. */
  frame: Record<(typeof FRAME_COLUMNS)[number], number>;
  node: Record<string, number>;
  nodeColumns: readonly NodeColumn[];
  /** Row indices of the frame columns that must hold a number, and of those that may be null. */
  numberAt: Int32Array;
  nullableAt: Int32Array;
  /**
   * The latest hostMs a row may have: one a date can show from the header's startedAt (CSV's
   * time_iso). The earliest is 0, the session's start.
   */
  maxHostMs: number;
}

/** The farthest a JavaScript Date reaches from 1970, either way (ECMA-262 "Time Values"). */
const MAX_DATE_MS = 8.64e15;

/** Frame columns that may be null: a sensor that read nothing. */
const NULLABLE = new Set<string>(["panelTempC", "boardTempC"]);

export function layoutOf(header: RecordingHeader): RowLayout {
  const frame = {} as Record<(typeof FRAME_COLUMNS)[number], number>;
  header.columns.frame.forEach((c, i) => {
    (frame as Record<string, number>)[c] = i + 1;
  });
  const frameLength = header.columns.frame.length + 1;
  const node: Record<string, number> = {};
  header.columns.node.forEach((c, i) => {
    node[c.name] = frameLength + i;
  });
  const scalars = FRAME_COLUMNS.filter((c) => c !== "channels" && frame[c] !== undefined);
  // The reader refuses a header without a valid startedAt; 0 keeps a hand-made layout usable.
  const startMs = Date.parse(header.startedAt) || 0;
  return {
    frameLength,
    withNodeLength: frameLength + header.columns.node.length,
    frame,
    node,
    nodeColumns: header.columns.node,
    numberAt: Int32Array.from(scalars.filter((c) => !NULLABLE.has(c)).map((c) => frame[c])),
    nullableAt: Int32Array.from(scalars.filter((c) => NULLABLE.has(c)).map((c) => frame[c])),
    maxHostMs: MAX_DATE_MS - startMs,
  };
}

/** Missing frame columns a reader needs; empty when the layout is usable. */
export function missingFrameColumns(layout: RowLayout): string[] {
  return FRAME_COLUMNS.filter((c) => layout.frame[c] === undefined);
}

/** The row carries a node state. */
export function rowHasNode(p: RowSlots, L: RowLayout): boolean {
  return L.nodeColumns.length > 0 && p.length === L.withNodeLength;
}

/**
 * The shape every reader asks of a frame row before it uses it (docs/recording.md): the
 * row is a frame without or with its whole node state; every frame column is a number,
 * except the temperatures, which may be null; channels is a list of complete entries (the
 * parser refuses short ones); no number is ±Infinity (1e999 in the text), and hostMs is a time
 * since the session started that a date can show (CSV and Parquet write one per row). Node values are not
 * checked here: replay does not read them (the model recomputes them). A reader that does
 * takes null, and a number past the double range (±Infinity), as no value (roundedValue,
 * SampleFiller).
 */
export function frameRowOk(p: RowSlots, L: RowLayout): boolean {
  if (p.length !== L.frameLength && p.length !== L.withNodeLength) return false;
  if (p.channelsAt !== L.frame.channels) return false;
  const { values, strings } = p;
  // null and strings are NaN in values; a string also leaves itself in strings. A JSON
  // number past the double range (1e999) reads as ±Infinity: no measurement is that.
  for (const i of L.numberAt) if (!Number.isFinite(values[i])) return false;
  const t = values[L.frame.hostMs]!;
  if (!(t >= 0 && t <= L.maxHostMs)) return false;
  for (const i of L.nullableAt) {
    const v = values[i]!;
    if (strings[i] !== null || v === Infinity || v === -Infinity) return false;
  }
  const c = p.channels;
  for (let j = 0; j < p.channelCount * CHANNEL_WIDTH; j++)
    if (c[j] === Infinity || c[j] === -Infinity) return false;
  return true;
}

export function decodeFrame(p: RowSlots, L: RowLayout): Frame {
  const v = p.values;
  const F = L.frame;
  const channels: ChannelReading[] = new Array(p.channelCount);
  const c = p.channels;
  for (let ch = 0; ch < p.channelCount; ch++) {
    const b = ch * CHANNEL_WIDTH;
    const bits = c[b + 2]!;
    channels[ch] = {
      role: (p.channelRoles[ch] ?? "aux") as ChannelRole,
      address: c[b]!,
      present: (bits & 1) !== 0,
      overflow: (bits & 2) !== 0,
      busV: c[b + 3]!,
      shuntMv: c[b + 4]!,
      currentMa: c[b + 5]!,
      powerMw: c[b + 6]!,
    };
  }
  const panel = v[F.panelTempC]!;
  const boardT = v[F.boardTempC]!;
  return {
    seq: v[F.seq]!,
    boardMs: v[F.boardMs]!,
    hostMs: v[F.hostMs]!,
    busV: v[F.busV]!,
    currentMa: v[F.currentMa]!,
    powerMw: v[F.powerMw]!,
    panelTempC: Number.isNaN(panel) ? null : panel,
    boardTempC: Number.isNaN(boardT) ? null : boardT,
    lamp: v[F.lamp]!,
    load: v[F.load]!,
    flags: v[F.flags]!,
    status: bitsToStatus(v[F.statusBits]!),
    channels,
  };
}

/** The node state of the row, or null when the row has none. */
export function decodeNode(p: RowSlots, L: RowLayout): NodeState | null {
  if (p.length !== L.withNodeLength || L.nodeColumns.length === 0) return null;
  const out: Record<string, unknown> = {};
  const base = L.frameLength;
  const cols = L.nodeColumns;
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i]!;
    const idx = base + i;
    const x = p.values[idx]!;
    switch (col.type) {
      case "str":
        out[col.name] = p.strings[idx];
        break;
      case "bool":
        out[col.name] = x === 1;
        break;
      case "num?":
        out[col.name] = Number.isNaN(x) ? null : x;
        break;
      default:
        out[col.name] = x;
    }
  }
  return out as unknown as NodeState;
}
