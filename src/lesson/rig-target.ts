/**
 * A lesson on a rig: the normal session (src/rig/session.ts: board, satellite model,
 * recorder, alarms) with the lesson as one more sink. Runs end on orbit time read from the
 * node states, so a run's length follows the board's clock (emulated or real) whatever its
 * pace. The eclipse is measured from the cell current: each frame's current against the
 * largest seen so far (full sun; a lesson starts at orbit noon).
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { FaultSpec } from "../emulator/index.js";
import type { RigSession } from "../rig/session.js";
import type { Meter } from "./meter.js";
import type { LessonTarget } from "./runner.js";

export interface RigTargetOptions {
  /** Frames a second the rig's board sends (board.rateHz): a longer gap is time not seen. */
  rateHz: number;
  /** Bench seconds a `say` and an `ask` step stay on screen before the next. Default 8 and 20. */
  holdS?: { say: number; ask: number };
  /** Waits bench time (the board's clock); injected so tests do not sleep. */
  wait?: (benchS: number) => Promise<void>;
}

export class RigTarget implements LessonTarget {
  readonly mode: LessonTarget["mode"];
  private t = 0;
  private lastT: number | null = null;
  private meter: Meter | null = null;
  private endS = Number.POSITIVE_INFINITY;
  private done: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private ended: string | null = null;
  private onEnd: () => void = () => undefined;
  /** Settles when the session ends: a hold on a stopped board clock must not wait for ever. */
  private readonly endPromise = new Promise<void>((resolve) => {
    this.onEnd = resolve;
  });
  private fullCurrentMa = 0;
  /** Orbit seconds between two frames at the board's rate. */
  private readonly frameOrbitS: number;
  private watchdogResets = 0;
  private readonly holdS: { say: number; ask: number };
  private readonly wait: (benchS: number) => Promise<void>;

  constructor(
    private readonly rs: RigSession,
    opts: RigTargetOptions,
  ) {
    const rateHz = opts.rateHz;
    this.mode = rs.built.emulator ? "emulated" : "desk";
    this.frameOrbitS = rs.model.timeScale / rateHz;
    this.holdS = opts.holdS ?? { say: 8, ask: 20 };
    this.wait =
      opts.wait ?? ((s) => new Promise((resolve) => setTimeout(resolve, s * 1000).unref()));
    rs.session.addSink({
      frame: (frame, node) => {
        const dt = this.lastT === null ? 0 : node.tS - this.lastT;
        this.lastT = node.tS;
        this.t = node.tS;
        this.fullCurrentMa = Math.max(this.fullCurrentMa, frame.currentMa);
        if (this.meter && dt > 0) {
          // A frame after a gap (frames lost, a board reset) stands for time nobody saw.
          const seen = dt <= 3 * this.frameOrbitS && this.fullCurrentMa > 0;
          this.meter.add({
            tS: node.tS - dt,
            dtS: dt,
            state: node,
            arrayFraction: seen ? frame.currentMa / this.fullCurrentMa : null,
            geometry: this.model.geometryAt(node.tS - dt),
          });
        }
        if (this.done && node.tS >= this.endS) {
          const d = this.done;
          this.done = null;
          this.meter = null;
          d.resolve();
        }
      },
      end: (summary) => {
        this.ended = String(summary.reason ?? "stopped");
        this.onEnd();
        this.done?.reject(this.endedError());
        this.done = null;
      },
      event: (e) => {
        if (
          e.kind === "board-event" &&
          e.data.name === "BOOT" &&
          String(e.data.arg).includes("WDRF")
        )
          this.watchdogResets++;
      },
    });
  }

  get model() {
    return this.rs.model;
  }

  nowS(): number {
    return this.t;
  }

  private endedError(): OrbitrigError {
    return new OrbitrigError(
      "LESSON_STOPPED",
      `the session ended (${this.ended}) before the lesson did`,
      ExitCode.failure,
    );
  }

  advanceTo(endS: number, meter: Meter): Promise<void> {
    if (this.ended) return Promise.reject(this.endedError());
    this.meter = meter;
    this.endS = endS;
    return new Promise((resolve, reject) => {
      this.done = { resolve, reject };
    });
  }

  fault(spec: FaultSpec): string | null {
    const emu = this.rs.built.emulator;
    if (!emu) return "a desk rig's board cannot be given emulator faults";
    // A lesson's fault lasts until its next fault step, which replaces it.
    emu.clearFaults();
    emu.injectFault({ ...spec, atMs: emu.nowMs() });
    return null;
  }

  bench(): { rejectedLines: number; watchdogResets: number } {
    const s = this.rs.session.status().link ?? this.rs.built.board.stats();
    return {
      rejectedLines: s.checksumRejects + s.malformedLines,
      watchdogResets: this.watchdogResets,
    };
  }

  async hold(kind: "say" | "ask"): Promise<void> {
    const s = this.holdS[kind];
    if (s > 0 && !this.ended) await Promise.race([this.wait(s), this.endPromise]);
    if (this.ended) throw this.endedError();
  }
}
