/**
 * RecordingWriter: appends a session to an NDJSON recording (format in ./format.ts and
 * docs/recording.md).
 *
 * Durability: lines are only ever written whole, with fs.writeSync, so a crash leaves a file
 * readable up to its last complete line. Lines wait in memory at most `flushMs` of the
 * injected clock (default 500 ms, never more than 1000) or until `flushBytes` have piled up,
 * whichever comes first; `flushMs: 0` writes every line at once. A SIGKILL can therefore
 * lose at most the last flushMs of lines; every other exit path calls close(), which flushes.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock } from "../core/clock.js";
import { OrbitrigError } from "../core/errors.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import {
  appendNode,
  CHANNEL_COLUMNS,
  type EventRecord,
  FORMAT_NAME,
  FORMAT_VERSION,
  type FooterInput,
  FRAME_COLUMNS,
  frameToRow,
  type HeaderInput,
  type NodeColumn,
  nodeColumnsFor,
  type RecordingFooter,
  type RecordingHeader,
} from "./format.js";

export interface RecordingWriterOptions {
  /** Clock that paces flushing (and stamps notes). */
  clock: Clock;
  /** Longest time a line waits in memory, in clock ms. Default 500; clamped to 0..1000. */
  flushMs?: number;
  /** Flush as soon as this many bytes are pending. Default 256 KiB. */
  flushBytes?: number;
  /** Node columns to declare; default: the known ones plus fields of `sampleNode`. */
  nodeColumns?: readonly NodeColumn[];
  /** A node state whose extra fields (added by the node model) become columns too. */
  sampleNode?: NodeState;
}

export class RecordingWriter {
  private fd: number | null = null;
  private pending: string[] = [];
  private pendingBytes = 0;
  private cancelTimer: (() => void) | null = null;
  private readonly flushMs: number;
  private readonly flushBytes: number;
  private nodeColumns: readonly NodeColumn[] = [];
  private header: RecordingHeader | null = null;
  private frames = 0;
  private nodeStates = 0;
  private eventCounts: Record<string, number> = {};
  private firstHostMs: number | null = null;
  private lastHostMs: number | null = null;
  private bytes = 0;
  private path = "";

  constructor(private readonly options: RecordingWriterOptions) {
    this.flushMs = Math.min(1000, Math.max(0, options.flushMs ?? 500));
    this.flushBytes = options.flushBytes ?? 256 * 1024;
  }

  /** Creates the folders and the file, and writes the header line at once. */
  open(path: string, input: HeaderInput): RecordingHeader {
    if (this.fd !== null) throw new Error("RecordingWriter.open called twice");
    this.nodeColumns = this.options.nodeColumns ?? nodeColumnsFor(this.options.sampleNode);
    const header: RecordingHeader = {
      type: "header",
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      ...input,
      columns: { frame: FRAME_COLUMNS, channel: CHANNEL_COLUMNS, node: this.nodeColumns },
    };
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, "w");
    } catch (e) {
      throw new OrbitrigError(
        "IO",
        `${path}: cannot create recording (${(e as Error).message})`,
        74,
        { cause: e },
      );
    }
    this.path = path;
    this.header = header;
    this.writeNow(`${JSON.stringify(header)}\n`);
    return header;
  }

  /** Path of the open recording and bytes written so far (for the status line). */
  get status(): { path: string; bytes: number } {
    return { path: this.path, bytes: this.bytes + this.pendingBytes };
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** One frame and, when the node model ran, the node state computed from it. */
  frame(frame: Frame, node?: NodeState | null): void {
    const row = frameToRow(frame);
    if (node) {
      appendNode(row, node, this.nodeColumns);
      this.nodeStates++;
    }
    this.frames++;
    if (this.firstHostMs === null) this.firstHostMs = frame.hostMs;
    this.lastHostMs = frame.hostMs;
    this.push(`${JSON.stringify(row)}\n`);
  }

  /** An event at hostMs (session time); data says what happened. */
  event(hostMs: number, kind: string, data: Record<string, unknown> = {}): void {
    const rec: EventRecord = { type: "event", hostMs, kind, data };
    this.eventCounts[kind] = (this.eventCounts[kind] ?? 0) + 1;
    this.push(`${JSON.stringify(rec)}\n`);
  }

  /** A user's note, stamped now on the writer's clock unless hostMs is given. */
  note(text: string, hostMs = this.options.clock.nowMs()): void {
    this.event(hostMs, "note", { text });
  }

  /** Writes everything pending. Safe to call at any time (e.g. from a signal handler). */
  flush(): void {
    if (this.cancelTimer) {
      this.cancelTimer();
      this.cancelTimer = null;
    }
    if (this.pending.length === 0 || this.fd === null) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingBytes = 0;
    this.writeNow(text);
  }

  /** Flushes, writes the footer with the statistics, syncs and closes. Idempotent. */
  close(input: FooterInput): RecordingFooter | null {
    if (this.fd === null || !this.header) return null;
    this.flush();
    const startMs = Date.parse(this.header.startedAt);
    const footer: RecordingFooter = {
      type: "footer",
      endedAt: new Date(
        Number.isFinite(startMs) ? startMs + (this.lastHostMs ?? 0) : Date.now(),
      ).toISOString(),
      endReason: input.endReason,
      durationS:
        this.firstHostMs === null || this.lastHostMs === null
          ? 0
          : (this.lastHostMs - this.firstHostMs) / 1000,
      frames: this.frames,
      nodeStates: this.nodeStates,
      events: { ...this.eventCounts },
      firstHostMs: this.firstHostMs,
      lastHostMs: this.lastHostMs,
      link: input.link ?? null,
      ...(input.session ? { session: input.session } : {}),
    };
    this.writeNow(`${JSON.stringify(footer)}\n`);
    const fd = this.fd;
    this.fd = null;
    try {
      fsyncSync(fd);
    } catch {
      // fsync is not supported on every file system (some FUSE mounts); the data is written.
    }
    closeSync(fd);
    return footer;
  }

  private push(line: string): void {
    if (this.fd === null) throw new Error("RecordingWriter: write after close");
    if (this.flushMs === 0) {
      this.writeNow(line);
      return;
    }
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= this.flushBytes) this.flush();
    else if (!this.cancelTimer)
      this.cancelTimer = this.options.clock.setTimeout(() => this.onTimer(), this.flushMs);
  }

  private onTimer(): void {
    this.cancelTimer = null;
    this.flush();
  }

  private writeNow(text: string): void {
    if (this.fd === null) return;
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
  }
}
