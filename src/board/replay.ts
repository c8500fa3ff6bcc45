/**
 * ReplayBoard: a recording played back behind the BoardDriver interface, so the session and
 * dashboard run the same code as live.
 *
 * - Frames are emitted as recorded (hostMs unchanged, relative to the recording's start),
 *   paced by an injected Clock at `speed` × real time, or as fast as possible ("max").
 * - `clock` is the recording's own time: nowMs() is the playback position in recording ms
 *   and its timers fire when playback passes them, so a session reading board.clock sees the
 *   recording's time at any speed, and stands still while paused.
 * - pause/resume, setSpeed, seekTo/seekBy (forward and back, by time), from/to bounds.
 * - setLamp/setLoad/setRateHz/safe are accepted and do nothing (a recording cannot be
 *   commanded); they are counted in stats().commandsSent.
 * - Recorded board events (board-event, board-error, link-down/up, rejected-line) are
 *   replayed through onEvent; at the end a board-event "replay-end" is emitted and `done`
 *   resolves.
 */
import type {
  BoardDriver,
  BoardEvent,
  BoardInfo,
  LinkStats,
  PlaybackControl,
  SpeedControl,
} from "../core/board.js";
import type { Clock } from "../core/clock.js";
import { RealClock } from "../core/clock.js";
import type { Frame } from "../core/frame.js";
import { LinkStatsTracker } from "./link-stats.js";

/** One recorded item: a frame or a board event, at its recording time t (ms). */
export type ReplayItem =
  | { t: number; frame: Frame; event?: undefined }
  | { t: number; frame?: undefined; event: BoardEvent };

/**
 * Where a ReplayBoard's items come from: a recording read from disk (src/telemetry's
 * ReplaySource), or anything else that yields items in time order and can seek.
 */
export interface ReplayFeed {
  /** What the recorded board said of itself (kind and port are replaced by the replay's). */
  readonly board: BoardInfo;
  /** Shown as the replay board's port, e.g. the recording's file name. */
  readonly name: string;
  /** The next items in time order, or null at the end. */
  next(): Promise<ReplayItem[] | null>;
  /** Positions the feed so the next items are those at or after tMs. */
  seek(tMs: number): void;
  close(): Promise<void>;
}

export interface ReplayBoardOptions {
  /** Real-time pacing clock. Default: a RealClock. */
  pacing?: Clock;
  /** Recording seconds per real second, or "max". Default 1. */
  speed?: number | "max";
  /** Start and stop at these recording times, seconds since its start. */
  fromS?: number;
  toS?: number;
  /** At max speed, frames emitted before yielding to the event loop. Default 4096. */
  burst?: number;
}

export type ReplayEnd = "end" | "closed";

interface Timer {
  atMs: number;
  fn: () => void;
}

export class ReplayBoard<F extends ReplayFeed = ReplayFeed>
  implements BoardDriver, SpeedControl, PlaybackControl
{
  readonly kind = "replay" as const;
  readonly commandable = false;
  readonly speedControl: SpeedControl = this;
  readonly playback: PlaybackControl = this;
  readonly clock: Clock;
  info: BoardInfo | null = null;
  /** Resolves when playback reaches the end (or toS), or the board is closed. */
  readonly done: Promise<ReplayEnd>;
  private resolveDone!: (r: ReplayEnd) => void;
  private readonly pacing: Clock;
  private readonly frameListeners = new Set<(f: Frame) => void>();
  private readonly eventListeners = new Set<(e: BoardEvent) => void>();
  private readonly tracker = new LinkStatsTracker();
  private speed_: number | "max";
  private readonly fromMs: number;
  private readonly toMs: number;
  private readonly burst: number;
  private paused_ = false;
  private closed = false;
  private ended = false;
  /** Playback position (recording ms) = anchorRecMs + (pacing now − anchorPaceMs) × speed. */
  private anchorRecMs: number;
  private anchorPaceMs = 0;
  private positionMs: number;
  private queue: ReplayItem[] = [];
  private qi = 0;
  private generation = 0;
  private wake: (() => void) | null = null;
  private cancelWait: (() => void) | null = null;
  private timers: Timer[] = [];
  /** While a timer's callback runs, the clock reads its due time (as a ManualClock does). */
  private firingAtMs: number | null = null;

  constructor(
    /** The feed played back (the caller keeps its own reading of it: header, damage). */
    readonly source: F,
    options: ReplayBoardOptions = {},
  ) {
    this.pacing = options.pacing ?? new RealClock();
    this.speed_ = options.speed ?? 1;
    this.fromMs = (options.fromS ?? 0) * 1000;
    this.toMs = (options.toS ?? Number.POSITIVE_INFINITY) * 1000;
    this.burst = options.burst ?? 4096;
    this.anchorRecMs = this.fromMs;
    this.positionMs = this.fromMs;
    this.done = new Promise((r) => {
      this.resolveDone = r;
    });
    this.clock = {
      nowMs: () => this.position(),
      setTimeout: (fn, delayMs) => this.addTimer(fn, delayMs),
    };
  }

  async open(): Promise<BoardInfo> {
    this.info = { ...this.source.board, kind: "replay", port: this.source.name };
    this.tracker.setLink("up");
    if (this.fromMs > 0) this.source.seek(this.fromMs);
    this.anchorPaceMs = this.pacing.nowMs();
    this.emitEvent({ kind: "hello", hostMs: this.fromMs, info: this.info });
    // Start after open() resolves, so the caller can subscribe and read t0 first.
    this.pacing.setTimeout(() => void this.pump(this.generation), 0);
    return this.info;
  }

  onFrame(listener: (frame: Frame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onEvent(listener: (event: BoardEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async setLamp(_level: number): Promise<void> {
    this.tracker.commandSent(false);
  }
  async setLoad(_level: number): Promise<void> {
    this.tracker.commandSent(false);
  }
  async setRateHz(_hz: number): Promise<void> {}
  async safe(): Promise<void> {}

  stats(): LinkStats {
    return this.tracker.snapshot();
  }

  get paused(): boolean {
    return this.paused_;
  }

  get speed(): number | "max" {
    return this.speed_;
  }

  pause(): void {
    if (this.paused_) return;
    this.positionMs = this.position();
    this.paused_ = true;
    this.interrupt();
  }

  resume(): void {
    if (!this.paused_) return;
    this.paused_ = false;
    this.reanchor(this.positionMs);
    this.interrupt();
  }

  setSpeed(speed: number | "max"): void {
    const pos = this.position();
    this.speed_ = speed === "max" || speed > 0 ? speed : this.speed_;
    this.reanchor(pos);
    this.interrupt();
  }

  /** Jumps to a recording time (seconds since its start), clamped to the from/to bounds. */
  seekTo(tS: number): void {
    const t = Math.min(this.toMs, Math.max(this.fromMs, tS * 1000));
    this.source.seek(t);
    this.queue = [];
    this.qi = 0;
    this.positionMs = t;
    this.reanchor(t);
    this.timers = [];
    // The frames a seek jumps over (or plays again) were skipped on purpose: the next frame's
    // sequence number must not count as a gap, nor its board time stretch the rate window.
    this.tracker.forgetSequence();
    if (this.ended && !this.closed) {
      // Seeking back after the end starts playback again.
      this.ended = false;
      this.tracker.setLink("up");
    }
    this.generation++;
    this.interrupt();
    this.pacing.setTimeout(() => void this.pump(this.generation), 0);
  }

  seekBy(deltaS: number): void {
    this.seekTo(this.position() / 1000 + deltaS);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    this.interrupt();
    this.tracker.setLink("closed");
    await this.source.close();
    this.resolveDone("closed");
  }

  // ---- playback ---------------------------------------------------------------------

  private position(): number {
    if (this.firingAtMs !== null) return this.firingAtMs;
    if (this.paused_ || this.ended || this.speed_ === "max") return this.positionMs;
    const p = this.anchorRecMs + (this.pacing.nowMs() - this.anchorPaceMs) * this.speed_;
    return Math.min(p, this.toMs);
  }

  private reanchor(recMs: number): void {
    this.anchorRecMs = recMs;
    this.anchorPaceMs = this.pacing.nowMs();
  }

  /** Wakes a pump that waits on the pacing clock or on resume. */
  private interrupt(): void {
    this.cancelWait?.();
    this.cancelWait = null;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private waitPacing(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      if (ms !== null) this.cancelWait = this.pacing.setTimeout(() => this.interrupt(), ms);
    });
  }

  private async pump(gen: number): Promise<void> {
    let sinceYield = 0;
    while (gen === this.generation && !this.closed) {
      if (this.paused_) {
        await this.waitPacing(null);
        continue;
      }
      if (this.qi >= this.queue.length) {
        const items = await this.source.next();
        if (gen !== this.generation) return;
        if (!items) return this.finish();
        this.queue = items;
        this.qi = 0;
        continue;
      }
      const item = this.queue[this.qi]!;
      if (item.t > this.toMs) return this.finish();
      if (this.speed_ !== "max") {
        const dueInMs = (item.t - this.position()) / this.speed_;
        if (dueInMs > 0) {
          // Every item before now is delivered: the timers due by now may fire.
          this.fireTimers(this.position());
          await this.waitPacing(Math.min(dueInMs, this.nextTimerInMs()));
          if (gen !== this.generation) return;
          this.fireTimers(this.position());
          continue;
        }
      }
      this.qi++;
      if (this.speed_ === "max") this.positionMs = Math.max(this.positionMs, item.t);
      // Timers fire in recording order with the items, up to this item's time. When
      // playback lags (a slow render at ×40), position() runs ahead of items not yet
      // delivered, and a timer fired past them (the session's control tick) would see a
      // link silent for seconds that never was.
      this.fireTimers(Math.min(item.t, this.speed_ === "max" ? this.positionMs : this.position()));
      this.deliver(item);
      if (++sinceYield >= this.burst) {
        sinceYield = 0;
        await new Promise<void>((r) => setImmediate(r)); // let the session and UI breathe
      }
    }
  }

  private deliver(item: ReplayItem): void {
    if (item.frame) {
      const f = item.frame;
      this.tracker.frame(f.seq, f.boardMs, f.hostMs);
      for (const l of this.frameListeners) l(f);
    } else {
      const e = item.event;
      if (e.kind === "link-up" && e.reconnect) this.tracker.reconnected();
      if (e.kind === "rejected-line")
        this.tracker.rejected(e.reason === "bad-checksum" ? "bad-checksum" : "bad-field");
      this.emitEvent(e);
    }
  }

  private finish(): void {
    if (this.ended) return;
    // Read the paced position before `ended` is set: once ended, position() returns
    // positionMs, which paced playback never updated (it would read the start, or the last seek).
    this.positionMs = Math.min(this.toMs, Math.max(this.positionMs, this.position()));
    this.ended = true;
    this.tracker.setLink("down");
    this.emitEvent({ kind: "board-event", hostMs: this.positionMs, name: "replay-end", arg: "" });
    this.resolveDone("end");
  }

  private emitEvent(e: BoardEvent): void {
    for (const l of this.eventListeners) l(e);
  }

  // ---- the recording-time clock's timers ------------------------------------------------

  private addTimer(fn: () => void, delayMs: number): () => void {
    const t: Timer = { atMs: this.position() + Math.max(0, delayMs), fn };
    this.timers.push(t);
    this.timers.sort((a, b) => a.atMs - b.atMs);
    // Paced playback: wake the pump so the timer fires on time even between frames.
    if (this.speed_ !== "max" && !this.paused_) this.interrupt();
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }

  private nextTimerInMs(): number {
    const t = this.timers[0];
    if (!t || this.speed_ === "max") return Number.POSITIVE_INFINITY;
    return Math.max(0, (t.atMs - this.position()) / this.speed_);
  }

  private fireTimers(nowMs: number): void {
    while (this.timers.length > 0 && this.timers[0]!.atMs <= nowMs) {
      const t = this.timers.shift()!;
      this.firingAtMs = t.atMs;
      try {
        t.fn();
      } finally {
        this.firingAtMs = null;
      }
    }
  }
}
