/**
 * RecordingWriter: appends a session to an NDJSON recording (format in ./format.ts and
 * docs/recording.md).
 *
 * Durability: lines are only ever written whole, with fs.writeSync, so a crash leaves a file
 * readable up to its last complete line. Lines wait in memory at most `flushMs` of the
 * injected clock (default 500 ms, never more than 1000) or until `flushBytes` have piled up,
 * whichever comes first; `flushMs: 0` writes every line at once. A SIGKILL can therefore
 * lose at most the last flushMs of lines; every other exit path calls close(), which flushes,
 * and a process that exits with a recording still open (a second Ctrl-C while the session
 * stops) has it closed by an exit hook: its pending lines and a footer saying "exit".
 *
 * A write that fails (a full disk, a pulled USB stick) never throws out of frame(), event()
 * or the flush timer, which run inside the board's clock (the emulator's pacer): the file is
 * cut back to its last whole line, later lines are dropped and counted, `onError` hears of
 * it once, and close() still tries to leave a footer.
 */
import { closeSync, fsyncSync, ftruncateSync, rmSync, writeSync } from "node:fs";
import { MAX_RIG_FILE_BYTES } from "../config/load.js";
import type { Clock } from "../core/clock.js";
import { describeFsError, ExitCode, OrbitrigError } from "../core/errors.js";
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
  MAX_HEADER_BYTES,
  type NodeColumn,
  nodeColumnsFor,
  type RecordingFooter,
  type RecordingHeader,
} from "./format.js";
import { type CreateMode, createOutputFile } from "./output-file.js";
import { encodeFrameLine } from "./row-line.js";

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
  /** Wall clock (ms since 1970) for the footer's endedAt. Default Date.now. */
  wallClockMs?: () => number;
  /**
   * Told once when a write fails (IO, exit 74; the message says why, e.g. the disk is full).
   * Without it, the failing call throws that error instead.
   */
  onError?: (error: OrbitrigError) => void;
  /**
   * The file write, fs.writeSync by default (tests put a full disk behind it). Always given
   * the file position: after a failed write is cut back, the next write (the footer's try)
   * must land at the cut, not at the old offset, which would leave a run of NUL bytes.
   */
  writeSync?: (
    fd: number,
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ) => number;
}

/** Writers with a file open: closed as they are if the process exits first. */
const openWriters = new Set<RecordingWriter>();
let exitHooked = false;

/**
 * What the process's exit hook does: every recording still open gets its pending lines and
 * a footer with endReason "exit" (the process ended before the session's stop closed it: a
 * second Ctrl-C during the stop, an exit from an error path). Synchronous, as an 'exit'
 * listener must be; returns how many it closed.
 */
export function closeOpenRecordings(): number {
  let n = 0;
  for (const w of [...openWriters]) if (w.close({ endReason: "exit" })) n++;
  return n;
}

export class RecordingWriter {
  private fd: number | null = null;
  /** Lines not yet written, encoded as they come (one buffer, reused after each flush). */
  private pending: Buffer | null = null;
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
  private failure: OrbitrigError | null = null;
  private linesDropped = 0;

  constructor(private readonly options: RecordingWriterOptions) {
    this.flushMs = Math.min(1000, Math.max(0, options.flushMs ?? 500));
    this.flushBytes = options.flushBytes ?? 256 * 1024;
  }

  /**
   * Creates the file (and its folders) without writing to it: "exclusive" (default) refuses
   * an existing file, "unique" picks `name-2.ndjson`… instead, "overwrite" replaces it.
   * Returns the path used. Throws OrbitrigError (IO 74, or USAGE 2) with one line.
   */
  create(path: string, mode: CreateMode = "exclusive"): string {
    if (this.fd !== null) throw new Error("RecordingWriter: file already created");
    const created = createOutputFile(path, mode, "a recording");
    this.fd = created.fd;
    this.path = created.path;
    openWriters.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.on("exit", () => closeOpenRecordings());
    }
    return created.path;
  }

  /** Writes the header line at once (the file must have been created). */
  writeHeader(input: HeaderInput): RecordingHeader {
    if (this.fd === null) throw new Error("RecordingWriter.writeHeader before create");
    if (this.header) throw new Error("RecordingWriter: header written twice");
    this.nodeColumns = this.options.nodeColumns ?? nodeColumnsFor(this.options.sampleNode);
    const header: RecordingHeader = {
      type: "header",
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      ...input,
      rig: boundedRig(input.rig),
      columns: { frame: FRAME_COLUMNS, channel: CHANNEL_COLUMNS, node: this.nodeColumns },
    };
    let line = `${JSON.stringify(header)}\n`;
    if (Buffer.byteLength(line) > MAX_HEADER_BYTES) {
      // Only a rig text full of escapes gets here (its size is bounded): keep the config.
      header.rig = {
        ...header.rig,
        text: null,
        textBytes: Buffer.byteLength(input.rig.text ?? ""),
      };
      line = `${JSON.stringify(header)}\n`;
    }
    this.header = header;
    this.writeNow(line);
    return header;
  }

  /** create() then writeHeader(). */
  open(path: string, input: HeaderInput, mode: CreateMode = "exclusive"): RecordingHeader {
    this.create(path, mode);
    return this.writeHeader(input);
  }

  /** Path of the open recording and bytes written so far (for the status line). */
  get status(): { path: string; bytes: number } {
    return { path: this.path, bytes: this.bytes + this.pendingBytes };
  }

  get isOpen(): boolean {
    return this.fd !== null && this.header !== null;
  }

  /** The write error that stopped the recording, or null. */
  get error(): OrbitrigError | null {
    return this.failure;
  }

  /** One frame and, when the node model ran, the node state computed from it. */
  frame(frame: Frame, node?: NodeState | null): void {
    if (node) this.nodeStates++;
    this.frames++;
    if (this.firstHostMs === null) this.firstHostMs = frame.hostMs;
    this.lastHostMs = frame.hostMs;
    if (!this.accepting()) return;
    // Encoded straight into the pending buffer (src/telemetry/row-line.ts: the same bytes as
    // JSON.stringify of the row, without building it; bench/serial.ts, recording on).
    const buf = this.pendingBuffer();
    let end = encodeFrameLine(buf, this.pendingBytes, frame, node, this.nodeColumns);
    if (end < 0 && this.pendingBytes > 0) {
      this.flush();
      if (this.failure) {
        this.linesDropped++;
        return;
      }
      end = encodeFrameLine(buf, 0, frame, node, this.nodeColumns);
    }
    if (end < 0) {
      // Longer than the whole buffer: only a node state with very long strings gets here.
      const row = frameToRow(frame);
      if (node) appendNode(row, node, this.nodeColumns);
      this.push(`${JSON.stringify(row)}\n`);
      return;
    }
    this.pendingBytes = end;
    this.pushed();
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
    if (this.pendingBytes === 0 || this.pending === null || this.fd === null) return;
    const n = this.pendingBytes;
    this.pendingBytes = 0;
    this.writeBytes(this.pending.subarray(0, n));
  }

  /**
   * Flushes, writes the footer with the statistics, syncs and closes. Idempotent. After a
   * write error the footer is still tried once (it says what was lost); if that fails too,
   * the file ends at its last whole line.
   */
  close(input: FooterInput): RecordingFooter | null {
    if (this.fd === null) return null;
    if (!this.header) {
      this.closeFd();
      return null;
    }
    this.flush();
    const footer: RecordingFooter = {
      type: "footer",
      // The real end: a session may outlive its last frame by a long time (a lost board).
      endedAt: new Date((this.options.wallClockMs ?? Date.now)()).toISOString(),
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
      endHostMs: input.endHostMs ?? this.lastHostMs,
      boardAttachedAtEnd: input.link ? input.link.link === "up" : null,
      link: input.link ?? null,
      ...(this.failure
        ? { recordingError: this.failure.message, linesDropped: this.linesDropped }
        : {}),
      ...(input.session ? { session: input.session } : {}),
    };
    // After a failure the footer gets one try of its own, reported to nobody if it fails.
    const failed = this.failure;
    this.failure = null;
    this.writeNow(`${JSON.stringify(footer)}\n`, failed !== null);
    if (failed) this.failure = failed;
    this.closeFd();
    return footer;
  }

  /** Closes and deletes a file that never got its header (a session that never started). */
  abandon(): void {
    if (this.fd === null || this.header) return;
    this.closeFd();
    try {
      // Only the file this writer created and never wrote to.
      rmSync(this.path, { force: true });
    } catch {
      // Left empty: harmless, and readers say it has no header.
    }
  }

  private closeFd(): void {
    const fd = this.fd;
    this.fd = null;
    openWriters.delete(this);
    if (fd === null) return;
    try {
      fsyncSync(fd);
    } catch {
      // fsync is not supported on every file system (some FUSE mounts); the data is written.
    }
    try {
      closeSync(fd);
    } catch {
      // A failed close (EIO on a pulled stick) loses nothing more than the writes already did.
    }
  }

  /** False (and the line counted as dropped) after a write failure; throws after close. */
  private accepting(): boolean {
    if (this.fd === null) throw new Error("RecordingWriter: write after close");
    if (this.failure) {
      this.linesDropped++;
      return false;
    }
    return true;
  }

  private pendingBuffer(): Buffer {
    this.pending ??= Buffer.allocUnsafe(this.flushBytes + PENDING_SLACK);
    return this.pending;
  }

  /** After a line went into the pending buffer: write it now, or soon. */
  private pushed(): void {
    if (this.flushMs === 0 || this.pendingBytes >= this.flushBytes) this.flush();
    else if (!this.cancelTimer)
      this.cancelTimer = this.options.clock.setTimeout(() => this.onTimer(), this.flushMs);
  }

  private push(line: string): void {
    if (!this.accepting()) return;
    if (this.flushMs === 0) {
      this.writeNow(line);
      return;
    }
    // Encoded into the pending buffer, as frames are: no array of strings to join and
    // encode at each flush. A UTF-16 unit takes at most 3 bytes of UTF-8.
    const room = this.flushBytes + PENDING_SLACK;
    if (this.pendingBytes + line.length * 3 > room) this.flush();
    if (line.length * 3 > room) {
      this.writeNow(line);
      return;
    }
    this.pendingBytes += this.pendingBuffer().write(line, this.pendingBytes, "utf8");
    this.pushed();
  }

  private onTimer(): void {
    this.cancelTimer = null;
    this.flush();
  }

  private writeNow(text: string, quiet = false): void {
    this.writeBytes(Buffer.from(text, "utf8"), quiet);
  }

  private writeBytes(buf: Buffer, quiet = false): void {
    if (this.fd === null || this.failure) return;
    const write = this.options.writeSync ?? writeSync;
    let off = 0;
    try {
      while (off < buf.length) off += write(this.fd, buf, off, buf.length - off, this.bytes + off);
      this.bytes += buf.length;
    } catch (e) {
      this.fail(e, buf, quiet);
    }
  }

  /** A write failed: cut the file back to its last whole line and stop writing. */
  private fail(e: unknown, text: Buffer, quiet: boolean): void {
    try {
      if (this.fd !== null) ftruncateSync(this.fd, this.bytes);
    } catch {
      // A half line at the end is skipped by every reader as "cut-off last line".
    }
    this.linesDropped += countLines(text);
    this.failure = new OrbitrigError(
      "IO",
      `${this.path}: recording stopped: ${describeFsError(e)}; the ${this.bytes} bytes written before read back to their last whole line`,
      ExitCode.io,
      { cause: e },
    );
    if (quiet) return;
    const report = this.options.onError;
    if (!report) throw this.failure;
    report(this.failure);
  }
}

function countLines(text: Buffer): number {
  let n = 0;
  for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) n++;
  return n;
}

/** Room in the pending buffer beyond flushBytes, so a line never waits for a flush. */
const PENDING_SLACK = 64 * 1024;

/**
 * The rig as a header keeps it: the file's text once (its description is not repeated in
 * the config) and only when it is within the rig file limit, so no header outgrows what
 * readers accept (MAX_HEADER_BYTES).
 */
function boundedRig(rig: HeaderInput["rig"]): RecordingHeader["rig"] {
  const config =
    rig.config && typeof rig.config === "object" && "description" in rig.config
      ? (({ description: _d, ...rest }) => rest)(rig.config as Record<string, unknown>)
      : rig.config;
  const textBytes = rig.text === null ? 0 : Buffer.byteLength(rig.text);
  if (rig.text !== null && textBytes > MAX_RIG_FILE_BYTES)
    return { path: rig.path, text: null, textBytes, config };
  return { ...rig, config };
}
