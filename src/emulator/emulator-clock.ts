/**
 * A Clock (src/core/clock.ts) whose time is the emulated CPU's: nowMs is cycles / 16000
 * and setTimeout fires when emulated time reaches the deadline, between instructions, in
 * deadline order (ties in scheduling order). The emulator's run loop asks for the next
 * deadline so it never steps past one.
 */
import type { Clock } from "../core/clock.js";

interface Timer {
  atMs: number;
  order: number;
  fn: () => void;
}

export class EmulatorClock implements Clock {
  private timers: Timer[] = [];
  private order = 0;

  constructor(private readonly now: () => number) {}

  nowMs(): number {
    return this.now();
  }

  setTimeout(fn: () => void, delayMs: number): () => void {
    const timer: Timer = { atMs: this.now() + Math.max(0, delayMs), order: this.order++, fn };
    let i = this.timers.length;
    while (i > 0) {
      const prev = this.timers[i - 1];
      if (
        prev &&
        (prev.atMs < timer.atMs || (prev.atMs === timer.atMs && prev.order < timer.order))
      )
        break;
      i--;
    }
    this.timers.splice(i, 0, timer);
    return () => {
      const k = this.timers.indexOf(timer);
      if (k >= 0) this.timers.splice(k, 1);
    };
  }

  /** Deadline of the earliest pending timer, ms, or Infinity. */
  nextDeadlineMs(): number {
    return this.timers[0]?.atMs ?? Number.POSITIVE_INFINITY;
  }

  /** Fires every timer due at the current time (including ones they schedule for now). */
  fireDue(): number {
    let fired = 0;
    const now = this.now();
    for (let t = this.timers[0]; t && t.atMs <= now; t = this.timers[0]) {
      this.timers.shift();
      t.fn();
      fired++;
    }
    return fired;
  }

  get pending(): number {
    return this.timers.length;
  }
}
