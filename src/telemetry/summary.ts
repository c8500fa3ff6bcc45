/**
 * One streaming pass over a recording: per-orbit statistics, the events worth listing in a
 * report (faults, alarms, link gaps, notes, board errors) and the reader's damage counts.
 * Used by `export --json`, `report` and `replay --headless`.
 */

import type { EventRecord, RecordedEvent, RecordingFooter, RecordingHeader } from "./format.js";
import {
  type OpenedRecording,
  type ReadCounts,
  type ScanVisitor,
  scanRecordingSync,
} from "./reader.js";
import type { RowSlots } from "./row-slots.js";
import { type RecordingStats, SampleFiller, StatsAccumulator } from "./stats.js";
import type { TimeWindow } from "./window.js";

/** Keep at most this many listed events of each kind (a flapping alarm must not fill memory). */
const MAX_LISTED = 500;

export interface ListedEvents {
  faults: RecordedEvent[];
  alarms: RecordedEvent[];
  /** Link down / up (reconnects). */
  linkGaps: RecordedEvent[];
  notes: RecordedEvent[];
  /** Count of every event kind, listed or not. */
  counts: Record<string, number>;
}

export interface RecordingSummary {
  path: string;
  header: RecordingHeader;
  footer: RecordingFooter | null;
  counts: ReadCounts;
  /** Frames inside the window. */
  frames: number;
  firstHostMs: number | null;
  lastHostMs: number | null;
  stats: RecordingStats;
  events: ListedEvents;
}

export function emptyEvents(): ListedEvents {
  return { faults: [], alarms: [], linkGaps: [], notes: [], counts: {} };
}

const FAULT_KINDS = new Set(["fault", "board-error", "command-failed", "limit"]);
const LINK_KINDS = new Set(["link-down", "link-up"]);

/** Sorts an event into the lists (faults, alarms, link, notes) and counts it. */
export function listEvent(ev: ListedEvents, e: RecordedEvent): void {
  ev.counts[e.kind] = (ev.counts[e.kind] ?? 0) + 1;
  const list = FAULT_KINDS.has(e.kind)
    ? ev.faults
    : e.kind === "alarm"
      ? ev.alarms
      : LINK_KINDS.has(e.kind)
        ? ev.linkGaps
        : e.kind === "note"
          ? ev.notes
          : null;
  if (list && list.length < MAX_LISTED) list.push(e);
}

/** One line for a table: "lamp on", "limit: panel 61 C", "note: moved the lamp". */
export function describeEvent(e: RecordedEvent): string {
  const d = e.data ?? {};
  const parts = Object.entries(d)
    .filter(([, v]) => v === null || ["string", "number", "boolean"].includes(typeof v))
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(6)) : String(v)}`);
  if (e.kind === "note" && typeof d.text === "string") return d.text;
  return parts.join(" ");
}

export interface SummarizeOptions {
  window?: TimeWindow;
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** Also called for every frame row in the window (the report's chart downsampler). */
  onRow?: (p: RowSlots) => void;
  /** Row elements onRow reads besides those the statistics need (see RowParser.only). */
  columns?: readonly number[];
  /** Worker threads for the scan (scanRecordingSync's default when absent). */
  threads?: number;
}

export function summarizeRecording(
  rec: OpenedRecording,
  options: SummarizeOptions = {},
): RecordingSummary {
  const acc = new StatsAccumulator();
  const filler = new SampleFiller(rec.layout);
  const events = emptyEvents();
  const fromMs = (options.window?.fromS ?? 0) * 1000;
  const toMs = (options.window?.toS ?? Number.POSITIVE_INFINITY) * 1000;
  const hostAt = rec.layout.frame.hostMs;
  let frames = 0;
  let first: number | null = null;
  let last: number | null = null;
  let footer: RecordingFooter | null = null;
  let dutySession = Number.NaN;
  const onRow = options.onRow;
  const visitor: ScanVisitor = {
    row: (p) => {
      const t = p.values[hostAt]!;
      if (t < fromMs || t > toMs) return true;
      frames++;
      if (first === null) first = t;
      last = t;
      const s = acc.sample();
      dutySession = filler.fill(s, p);
      acc.add(s);
      onRow?.(p);
      return true;
    },
    event: (e: EventRecord) => {
      if (e.hostMs < fromMs || e.hostMs > toMs) return;
      listEvent(events, { hostMs: e.hostMs, kind: e.kind, data: e.data ?? {} });
    },
    footer: (f) => {
      footer = f;
    },
  };
  const only = [...filler.columns(), ...(options.columns ?? [])];
  // The statistics read the columns up to floorViolation; the rest of each row (the node
  // model's bookkeeping) is only counted, so a row's length is checked as by every reader.
  const counts = scanRecordingSync(rec, visitor, {
    onProgress: options.onProgress,
    only,
    threads: options.threads,
  });
  acc.setDutySession(Number.isNaN(dutySession) ? null : dutySession);
  return {
    path: rec.path,
    header: rec.header,
    footer,
    counts,
    frames,
    firstHostMs: first,
    lastHostMs: last,
    stats: acc.finish(),
    events,
  };
}
