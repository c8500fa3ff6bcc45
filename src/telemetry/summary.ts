/**
 * One streaming pass over a recording: per-orbit statistics, the events worth listing in a
 * report (faults, alarms, link gaps, notes, board errors), the reader's damage counts and,
 * for a report, the chart series. Used by `export --json`, `report` and `replay --headless`.
 */

import { BlockSummary, type SummaryPlan, SummaryTotal } from "./block-summary.js";
import type { EventRecord, RecordedEvent, RecordingFooter, RecordingHeader } from "./format.js";
import {
  type OpenedRecording,
  type ReadCounts,
  type ScanVisitor,
  scanRecordingSync,
} from "./reader.js";
import type { Bucket } from "./series.js";
import type { RecordingStats } from "./stats.js";
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
  /** The chart series (SummarizeOptions.seriesBuckets), or null. */
  series: Bucket[] | null;
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
  /** Also reduce the chart series to this many time buckets (RecordingSummary.series). */
  seriesBuckets?: number;
  /** Worker threads for the scan (scanRecordingSync's default when absent). */
  threads?: number;
  /** Bytes per block (tests; default SCAN_BLOCK_BYTES). */
  blockBytes?: number;
}

/**
 * Time of the first chart bucket, known before the scan so that every block's buckets line
 * up: a window's start when the window has one; else the first frame the summary takes (one
 * it does not refuse as corrupt, at or before the window's end), as one pass would find it.
 */
function seriesOrigin(rec: OpenedRecording, plan: SummaryPlan, only: number[]): number {
  if (plan.fromMs > 0) return plan.fromMs;
  let first = Number.NaN;
  const hostAt = rec.layout.frame.hostMs;
  scanRecordingSync(
    rec,
    {
      row: (p) => {
        const t = p.values[hostAt]!;
        if (t < plan.fromMs || t > plan.toMs) return true;
        first = t;
        return false;
      },
    },
    { threads: 0, only },
  );
  return Number.isNaN(first) ? plan.fromMs : first;
}

/**
 * One pass over a recording: per-orbit statistics, events and counts, and for a report its
 * chart series. The rows are reduced block by block (./block-summary.ts), in worker threads
 * for a large recording.
 */
export function summarizeRecording(
  rec: OpenedRecording,
  options: SummarizeOptions = {},
): RecordingSummary {
  const events = emptyEvents();
  const fromMs = (options.window?.fromS ?? 0) * 1000;
  const toMs = (options.window?.toS ?? Number.POSITIVE_INFINITY) * 1000;
  const plan: SummaryPlan = { fromMs, toMs, series: null };
  // The row elements the summary decodes (and so checks): the same for the origin's search.
  const only = new BlockSummary(rec.layout, {
    ...plan,
    series: { buckets: 1, originMs: 0 },
  }).columns();
  if (options.seriesBuckets !== undefined) {
    plan.series = { buckets: options.seriesBuckets, originMs: seriesOrigin(rec, plan, only) };
  }
  const total = new SummaryTotal(plan);
  let footer: RecordingFooter | null = null;
  const visitor: ScanVisitor = {
    event: (e: EventRecord) => {
      if (e.hostMs < fromMs || e.hostMs > toMs) return;
      listEvent(events, { hostMs: e.hostMs, kind: e.kind, data: e.data ?? {} });
    },
    footer: (f) => {
      footer = f;
    },
  };
  // The statistics read the columns up to floorViolation; the rest of each row (the node
  // model's bookkeeping) is only counted, so a row's length is checked as by every reader.
  const counts = scanRecordingSync(rec, visitor, {
    onProgress: options.onProgress,
    only,
    threads: options.threads,
    blockBytes: options.blockBytes,
    summary: { plan, onBlock: (b) => total.merge(b) },
  });
  return {
    path: rec.path,
    header: rec.header,
    footer,
    counts,
    frames: total.frames,
    firstHostMs: total.firstMs,
    lastHostMs: total.lastMs,
    stats: total.finishStats(),
    events,
    series: total.buckets(),
  };
}
