/**
 * One streaming pass over a recording: per-orbit statistics, the events worth listing in a
 * report (faults, alarms, link gaps, notes, board errors) and the reader's damage counts.
 * Used by `export --json`, `report` and `replay --headless`.
 */
import type { TimeWindow } from "./duration.js";
import type { EventRecord, RecordedEvent, RecordingFooter, RecordingHeader } from "./format.js";
import {
  type OpenedRecording,
  type ReadCounts,
  type ScanVisitor,
  scanRecordingSync,
} from "./reader.js";
import type { RowParser } from "./row-parser.js";
import { type RecordingStats, SampleFiller, StatsAccumulator } from "./stats.js";

/** Keep at most this many listed events of each kind (a flapping alarm must not fill memory). */
const MAX_LISTED = 500;

export interface ListedEvents {
  faults: RecordedEvent[];
  alarms: RecordedEvent[];
  linkGaps: RecordedEvent[];
  notes: RecordedEvent[];
  boardErrors: RecordedEvent[];
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
  return { faults: [], alarms: [], linkGaps: [], notes: [], boardErrors: [], counts: {} };
}

/** Sorts an event into the lists; returns the list it went to, if any. */
export function listEvent(ev: ListedEvents, e: RecordedEvent): void {
  ev.counts[e.kind] = (ev.counts[e.kind] ?? 0) + 1;
  const list =
    e.kind === "fault"
      ? ev.faults
      : e.kind === "alarm"
        ? ev.alarms
        : e.kind === "link-gap"
          ? ev.linkGaps
          : e.kind === "note"
            ? ev.notes
            : e.kind === "board" && e.event.kind === "board-error"
              ? ev.boardErrors
              : null;
  if (list && list.length < MAX_LISTED) list.push(e);
}

export interface SummarizeOptions {
  window?: TimeWindow;
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** Also called for every frame row in the window (the report's chart downsampler). */
  onRow?: (p: RowParser) => void;
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
      const { type: _t, ...event } = e;
      listEvent(events, event as RecordedEvent);
    },
    footer: (f) => {
      footer = f;
    },
  };
  const counts = scanRecordingSync(rec, visitor, { onProgress: options.onProgress });
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
