/**
 * The run loop of a lockstep pacer: one slice of emulation at a time, each after the I/O
 * that is ready (setImmediate: the host's promises, a pty's or a broker's bytes) or, when
 * the emulation is ahead of the wall clock, after a short timer; never two at once, none
 * once stopped. The desk bench's lockstep (src/network/desk-lockstep.ts) and the end-to-end
 * tests' pty lockstep (tests/e2e/lockstep.ts) run on it. The Pacer (./pacer.ts) keeps its
 * own timer loop.
 */
export class SliceLoop {
  private running_ = false;
  private scheduled = false;

  /** `slice` runs one slice and calls schedule() for the next, or leaves it to a callback. */
  constructor(private readonly slice: () => void) {}

  get running(): boolean {
    return this.running_;
  }

  start(): void {
    if (this.running_) return;
    this.running_ = true;
    this.schedule();
  }

  /** No slice runs after this (one already scheduled finds the loop stopped). */
  stop(): void {
    this.running_ = false;
  }

  /** The next slice after pending I/O, or after `delayMs` of wall time. */
  schedule(delayMs = 0): void {
    if (!this.running_ || this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (this.running_) this.slice();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }
}
