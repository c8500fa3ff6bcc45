/**
 * Time is injected. Models never read a wall clock; they are handed `dtS`. The
 * session and the board drivers read time through a Clock, which is one of:
 * - RealClock: wall time (performance.now) and real timers;
 * - ManualClock: advanced by hand, for tests;
 * - the emulator's clock (src/emulator), driven by the emulated CPU's cycle count.
 */

export interface Clock {
  /** Milliseconds since this clock's own epoch (its creation, or the emulator's reset). */
  nowMs(): number;
  /** Calls fn once after delayMs of this clock's time. Returns a function that cancels it. */
  setTimeout(fn: () => void, delayMs: number): () => void;
}

export class RealClock implements Clock {
  private readonly t0 = performance.now();
  nowMs(): number {
    return performance.now() - this.t0;
  }
  setTimeout(fn: () => void, delayMs: number): () => void {
    const h = setTimeout(fn, Math.max(0, delayMs));
    return () => clearTimeout(h);
  }
}

interface PendingTimer {
  atMs: number;
  order: number;
  fn: () => void;
}

/** A clock that moves only when told to; timers fire in time order during advance(). */
export class ManualClock implements Clock {
  private t = 0;
  private order = 0;
  private timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.t = startMs;
  }

  nowMs(): number {
    return this.t;
  }

  setTimeout(fn: () => void, delayMs: number): () => void {
    const timer: PendingTimer = { atMs: this.t + Math.max(0, delayMs), order: this.order++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves time forward by dtMs, firing due timers (including ones they schedule) in order. */
  advance(dtMs: number): void {
    const end = this.t + dtMs;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const timer of this.timers) {
        if (
          timer.atMs <= end &&
          (!next ||
            timer.atMs < next.atMs ||
            (timer.atMs === next.atMs && timer.order < next.order))
        ) {
          next = timer;
        }
      }
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.atMs);
      next.fn();
    }
    this.t = end;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
