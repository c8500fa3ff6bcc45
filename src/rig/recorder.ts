/**
 * Binds the session's recorder seam to the NDJSON RecordingWriter (src/telemetry). The file
 * is created when the recorder is built, before any board is opened, so a path that cannot
 * be written stops the command before the lamp could come on; the header is written when
 * the board has answered the handshake, so it carries the firmware's HELLO.
 */

import type { LoadedRig } from "../config/load.js";
import type { BoardInfo, LinkStats } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import type { OrbitrigError } from "../core/errors.js";
import type { Frame } from "../core/frame.js";
import { packageVersion } from "../core/version.js";
import type { NodeState } from "../node/state.js";
import type { SessionRecorder } from "../session/ports.js";
import type { SessionEvent } from "../session/types.js";
import {
  type CreateMode,
  RecordingWriter,
  type RecordingWriterOptions,
} from "../telemetry/index.js";

export interface NdjsonRecorderOptions {
  path: string;
  /**
   * How the file is created: "exclusive" (default) refuses an existing file, "unique" (for
   * default names) adds -2, -3… to a taken name, "overwrite" replaces the file.
   */
  create?: CreateMode;
  rig: LoadedRig;
  clock: Clock;
  mode: string;
  timeScale: number;
  /** A node state whose fields become the node columns. */
  sampleNode: NodeState;
  /** Extra header fields (policy, speed, faults). */
  session?: Record<string, unknown>;
  /**
   * Told once when the recording cannot be written any more (a full disk): the session
   * should stop. Default: the error is thrown where the write happened.
   */
  onError?: (error: OrbitrigError) => void;
  /** The file write (tests put a full disk behind it). */
  writeSync?: RecordingWriterOptions["writeSync"];
}

export class NdjsonRecorder implements SessionRecorder {
  private readonly writer: RecordingWriter;
  /** The path really used (a default name may have got a suffix). */
  readonly path: string;

  /** Creates the file now; throws OrbitrigError (IO 74, USAGE 2) with one line. */
  constructor(private readonly opts: NdjsonRecorderOptions) {
    this.writer = new RecordingWriter({
      clock: opts.clock,
      flushMs: opts.rig.config.recording.flushMs,
      sampleNode: opts.sampleNode,
      ...(opts.onError ? { onError: opts.onError } : {}),
      ...(opts.writeSync ? { writeSync: opts.writeSync } : {}),
    });
    this.path = this.writer.create(opts.path, opts.create ?? "exclusive");
  }

  begin(info: BoardInfo): void {
    const { rig } = this.opts;
    this.writer.writeHeader({
      orbitrigVersion: packageVersion(),
      startedAt: new Date().toISOString(),
      rig: { path: rig.path, text: rig.text, config: rig.config },
      board: info,
      calibration: { ...rig.config.calibration },
      timeScale: this.opts.timeScale,
      session: { mode: this.opts.mode, ...this.opts.session },
    });
  }

  bytes(): number {
    return this.writer.isOpen ? this.writer.status.bytes : 0;
  }

  frame(frame: Frame, node: NodeState): void {
    if (this.writer.isOpen) this.writer.frame(frame, node);
  }

  event(e: SessionEvent): void {
    if (this.writer.isOpen) this.writer.event(e.hostMs, e.kind, e.data);
  }

  async end(footer: Record<string, unknown>): Promise<void> {
    const reason = String(footer.reason ?? "quit");
    const benchS = footer.benchS;
    this.writer.close({
      endReason: reason.startsWith("SIG") ? "signal" : reason,
      ...(typeof benchS === "number" ? { endHostMs: benchS * 1000 } : {}),
      link: (footer.link as LinkStats | undefined) ?? null,
      session: footer,
    });
  }

  /** The session never started: remove the empty file (or close a written one). */
  abandon(): void {
    this.writer.abandon();
  }
}
