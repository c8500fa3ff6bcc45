/**
 * The orbitrig recording format, version 1 (docs/recording.md): NDJSON, one record a line.
 *
 * - Line 1 is the header object (`"type":"header"`), declaring the column order of rows.
 * - Frame rows are compact JSON arrays: `["f", <frame columns>, [<channels>], <node columns>?]`.
 *   A frame and the node state computed from it share one line, so a reader parses once.
 * - Events are objects (`"type":"event"`), rare enough that readability wins over speed.
 * - The last line is the footer object (`"type":"footer"`) with statistics; a recording cut
 *   short by a crash has none, and readers say so.
 *
 * Frame numbers are stored exactly (JSON's shortest round-trip form: the protocol's integer
 * mV/µA/µW already give short decimals). Node-state numbers are quantized to the decimals
 * declared per column in the header, which keeps lines short; a re-run reproduces them exactly
 * after the same quantization (quantizeNode).
 */
import type { BoardInfo, LinkStats } from "../core/board.js";
import type { ChannelReading, ChannelRole, Frame, FrameStatus } from "../core/frame.js";
import type { NodeState } from "../node/state.js";

export const FORMAT_NAME = "orbitrig-recording";
export const FORMAT_VERSION = 1;
/** Tag in front of every frame row. */
export const FRAME_TAG = "f";
/**
 * Longest header line readers accept. The writer keeps its headers well inside it: the rig
 * text is bounded by the rig file limit (src/config/load.ts) and stored once.
 */
export const MAX_HEADER_BYTES = 4 * 1024 * 1024;

/** Frame columns in row order (after the tag). Units are in the names, as in Frame. */
export const FRAME_COLUMNS = [
  "seq",
  "boardMs",
  "hostMs",
  "busV",
  "currentMa",
  "powerMw",
  "panelTempC",
  "boardTempC",
  "lamp",
  "load",
  "flags",
  "statusBits",
  "channels",
] as const;
export type FrameColumn = (typeof FRAME_COLUMNS)[number];
/** Index of each frame column in a row (the tag is at 0). */
export const F = Object.fromEntries(FRAME_COLUMNS.map((c, i) => [c, i + 1])) as Record<
  FrameColumn,
  number
>;

/** Fields of one entry of the channels column. `bits`: 1 = present, 2 = overflow. */
export const CHANNEL_COLUMNS = [
  "address",
  "role",
  "bits",
  "busV",
  "shuntMv",
  "currentMa",
  "powerMw",
] as const;

/** Bits of the statusBits column, one per FrameStatus field. */
export const STATUS_BITS: ReadonlyArray<[keyof FrameStatus, number]> = [
  ["panelTempPresent", 1],
  ["watchdogTripped", 2],
  ["overTempCut", 4],
  ["safeMode", 8],
  ["txOverrun", 16],
];

export type NodeColumnType = "num" | "int" | "bool" | "str" | "num?";
export interface NodeColumn {
  name: string;
  type: NodeColumnType;
  /** Decimals kept for "num"/"num?" columns. */
  decimals?: number;
}

/**
 * Node-state columns known at the time of writing, with stored precision. Fields the node
 * model adds later are appended by the writer from the first node state it sees (decimals 6).
 */
export const NODE_COLUMNS: readonly NodeColumn[] = [
  { name: "tS", type: "num", decimals: 3 },
  { name: "orbitNumber", type: "int" },
  { name: "orbitPhase", type: "num", decimals: 6 },
  { name: "region", type: "str" },
  { name: "illumination", type: "num", decimals: 4 },
  { name: "arrayPowerW", type: "num", decimals: 3 },
  { name: "socFraction", type: "num", decimals: 6 },
  { name: "batteryWh", type: "num", decimals: 3 },
  { name: "batteryPowerW", type: "num", decimals: 3 },
  { name: "curtailedPowerW", type: "num", decimals: 3 },
  { name: "computeLevel", type: "num", decimals: 4 },
  { name: "computePowerW", type: "num", decimals: 3 },
  { name: "avionicsPowerW", type: "num", decimals: 3 },
  { name: "nodeTempC", type: "num", decimals: 3 },
  { name: "radiatorPowerW", type: "num", decimals: 3 },
  { name: "dutyThisOrbit", type: "num", decimals: 6 },
  { name: "dutyLastOrbit", type: "num?", decimals: 6 },
  { name: "dutySession", type: "num", decimals: 6 },
  { name: "workDutyThisOrbit", type: "num", decimals: 6 },
  { name: "workDutySession", type: "num", decimals: 6 },
  { name: "workAccelS", type: "num", decimals: 3 },
  { name: "floorViolation", type: "bool" },
  { name: "unservedPowerW", type: "num", decimals: 3 },
  { name: "computeLevelRequested", type: "num", decimals: 4 },
  { name: "batteryOcvV", type: "num", decimals: 4 },
  { name: "batteryLossW", type: "num", decimals: 3 },
  { name: "absorbedPowerW", type: "num", decimals: 3 },
  { name: "thermalLimitExceeded", type: "bool" },
  { name: "orbitElapsedS", type: "num", decimals: 3 },
  { name: "orbitFullComputeS", type: "num", decimals: 3 },
  { name: "orbitWorkLevelS", type: "num", decimals: 3 },
  { name: "sessionElapsedS", type: "num", decimals: 3 },
  { name: "sessionFullComputeS", type: "num", decimals: 3 },
  { name: "sessionWorkLevelS", type: "num", decimals: 3 },
  { name: "workDutyLastOrbit", type: "num?", decimals: 6 },
  { name: "energyInJ", type: "num", decimals: 1 },
  { name: "energyToLoadJ", type: "num", decimals: 1 },
  { name: "energyStoredJ", type: "num", decimals: 1 },
  { name: "energyLossesJ", type: "num", decimals: 1 },
  { name: "energyCurtailedJ", type: "num", decimals: 1 },
  { name: "energyUnservedJ", type: "num", decimals: 1 },
  { name: "floorViolationS", type: "num", decimals: 3 },
  { name: "sessionMinSocFraction", type: "num", decimals: 6 },
  { name: "sessionMaxNodeTempC", type: "num", decimals: 3 },
];

export interface RecordingHeader {
  type: "header";
  format: typeof FORMAT_NAME;
  version: number;
  orbitrigVersion: string;
  /** Wall-clock time of hostMs 0, ISO-8601 UTC. */
  startedAt: string;
  /**
   * The rig file as read (text) and as validated (config, without its description: the
   * text has it); path as given. text is null when the file was over the rig file limit
   * (textBytes says how big it was).
   */
  rig: { path: string; text: string | null; textBytes?: number; config: unknown };
  /** The firmware's HELLO as the board driver reported it. */
  board: BoardInfo;
  /** Bench calibration in force (the rig's calibration section plus anything measured). */
  calibration: Record<string, unknown>;
  /** Orbit seconds per bench second, if the session knows it. */
  timeScale?: number;
  /** Session mode and anything else the session wants kept. */
  session?: Record<string, unknown>;
  columns: {
    frame: readonly string[];
    channel: readonly string[];
    node: readonly NodeColumn[];
  };
}

/** What the session hands RecordingWriter.open; the writer fills format, version and columns. */
export type HeaderInput = Omit<RecordingHeader, "type" | "format" | "version" | "columns">;

/** One event, stamped with the session's hostMs; what happened is in data. */
export interface RecordedEvent {
  hostMs: number;
  kind: string;
  data: Record<string, unknown>;
}

export type EventRecord = { type: "event" } & RecordedEvent;

export type EndReason =
  | "quit"
  | "signal"
  | "error"
  | "link-lost"
  | "duration"
  | "end-of-input"
  | string;

export interface RecordingFooter {
  type: "footer";
  endedAt: string;
  endReason: EndReason;
  durationS: number;
  frames: number;
  nodeStates: number;
  events: Record<string, number>;
  firstHostMs: number | null;
  lastHostMs: number | null;
  /** Session time when it ended (after the last frame when the board had gone silent). */
  endHostMs?: number | null;
  /** Whether a board was still answering at the end (link up); null when unknown. */
  boardAttachedAtEnd?: boolean | null;
  link: LinkStats | null;
  /** Why the recording stopped early (a full disk), and the lines it could not keep. */
  recordingError?: string;
  linesDropped?: number;
  session?: Record<string, unknown>;
}

export interface FooterInput {
  endReason: EndReason;
  /** Session time at the end. Default: the last frame's. */
  endHostMs?: number | null;
  link?: LinkStats | null;
  /** Whatever the session adds (its own summary). */
  session?: Record<string, unknown>;
}

/** Rounds to the column's declared decimals (the stored precision). */
export function quantize(v: number, decimals: number): number {
  if (!Number.isFinite(v)) return v;
  const p = POW10[decimals] ?? 10 ** decimals;
  const r = Math.round(v * p) / p;
  return r === 0 ? 0 : r; // no "-0" in files
}
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** A node state as it reads back from a recording (its numbers at stored precision). */
export function quantizeNode(
  node: NodeState,
  columns: readonly NodeColumn[] = NODE_COLUMNS,
): NodeState {
  const out: Record<string, unknown> = { ...node };
  const src = node as unknown as Record<string, unknown>;
  for (const c of columns) {
    const v = src[c.name];
    if (typeof v === "number" && (c.type === "num" || c.type === "num?"))
      out[c.name] = quantize(v, c.decimals ?? 6);
  }
  return out as unknown as NodeState;
}

export function statusToBits(s: FrameStatus): number {
  let bits = 0;
  for (const [k, b] of STATUS_BITS) if (s[k]) bits |= b;
  return bits;
}

export function bitsToStatus(bits: number): FrameStatus {
  return {
    panelTempPresent: (bits & 1) !== 0,
    watchdogTripped: (bits & 2) !== 0,
    overTempCut: (bits & 4) !== 0,
    safeMode: (bits & 8) !== 0,
    txOverrun: (bits & 16) !== 0,
  };
}

export const CHANNEL_ROLES: readonly ChannelRole[] = ["array", "load", "battery", "aux"];

export function channelToRow(c: ChannelReading): unknown[] {
  return [
    c.address,
    c.role,
    (c.present ? 1 : 0) | (c.overflow ? 2 : 0),
    c.busV,
    c.shuntMv,
    c.currentMa,
    c.powerMw,
  ];
}

export function frameToRow(frame: Frame): unknown[] {
  return [
    FRAME_TAG,
    frame.seq,
    frame.boardMs,
    frame.hostMs,
    frame.busV,
    frame.currentMa,
    frame.powerMw,
    frame.panelTempC,
    frame.boardTempC,
    frame.lamp,
    frame.load,
    frame.flags,
    statusToBits(frame.status),
    frame.channels.map(channelToRow),
  ];
}

/** Node columns for a recording: the known ones plus any the node model added since. */
export function nodeColumnsFor(sample: NodeState | null | undefined): NodeColumn[] {
  const cols = [...NODE_COLUMNS];
  if (!sample) return cols;
  const known = new Set(cols.map((c) => c.name));
  for (const [name, v] of Object.entries(sample)) {
    if (known.has(name)) continue;
    if (typeof v === "number") cols.push({ name, type: "num", decimals: 6 });
    else if (typeof v === "boolean") cols.push({ name, type: "bool" });
    else if (typeof v === "string") cols.push({ name, type: "str" });
    else if (v === null) cols.push({ name, type: "num?", decimals: 6 });
  }
  return cols;
}

/** Appends the node columns to a frame row, quantized as declared. */
export function appendNode(row: unknown[], node: NodeState, columns: readonly NodeColumn[]): void {
  const src = node as unknown as Record<string, unknown>;
  for (const c of columns) {
    const v = src[c.name];
    if (typeof v === "number" && (c.type === "num" || c.type === "num?"))
      row.push(quantize(v, c.decimals ?? 6));
    else if (v === undefined || (typeof v === "number" && !Number.isFinite(v))) row.push(null);
    else row.push(v);
  }
}
