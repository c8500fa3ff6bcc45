/**
 * Binds the session's recorder seam to the NDJSON RecordingWriter (src/telemetry). The
 * file is opened when the board has answered the handshake, so the header carries the
 * firmware's HELLO.
 */

import type { LoadedRig } from "../config/load.js";
import type { BoardInfo, LinkStats } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import type { Frame } from "../core/frame.js";
import { packageVersion } from "../core/version.js";
import type { NodeState } from "../node/state.js";
import type { SessionRecorder } from "../session/ports.js";
import type { SessionEvent } from "../session/types.js";
import { RecordingWriter } from "../telemetry/index.js";

export interface NdjsonRecorderOptions {
  path: string;
  rig: LoadedRig;
  clock: Clock;
  mode: string;
  timeScale: number;
  /** A node state whose fields become the node columns. */
  sampleNode: NodeState;
  /** Extra header fields (policy, speed, faults). */
  session?: Record<string, unknown>;
}

export class NdjsonRecorder implements SessionRecorder {
  private readonly writer: RecordingWriter;

  constructor(private readonly opts: NdjsonRecorderOptions) {
    this.writer = new RecordingWriter({
      clock: opts.clock,
      flushMs: opts.rig.config.recording.flushMs,
      sampleNode: opts.sampleNode,
    });
  }

  get path(): string {
    return this.opts.path;
  }

  begin(info: BoardInfo): void {
    const { rig } = this.opts;
    this.writer.open(this.opts.path, {
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
    this.writer.close({
      endReason: reason.startsWith("SIG") ? "signal" : reason,
      link: (footer.link as LinkStats | undefined) ?? null,
      session: footer,
    });
  }
}
