/**
 * Lazy timers: avr8js drives each timer with a clock event every prescaler period (every
 * 64 cycles for Arduino's timers, three timers: an event every ~21 cycles), which costs
 * more than the instructions in between. Here a timer's event is moved forward to the
 * timer's next *visible* point (./timer-horizon.ts: a compare match, TOP or BOTTOM that
 * raises an enabled interrupt, sets a flag not yet set, moves an OC pin or loads a
 * buffered OCR). avr8js's count() catches up a multi-tick delta in one call, so the
 * state at that point is the same.
 *
 * The program can only observe a timer between those points through its registers, so:
 * reading TCNT already catches up (avr8js's read hook calls count()); every write to the
 * timer's registers first catches up the ticks that happened before it, under the old
 * configuration, then re-plans the event. Re-planning is deferred to `flush()`, which the
 * stepper calls after each tick: avr8js's tick() relinks the event it fires after its
 * callback returns, so the queue must not be touched from inside a timer's own callback.
 * Used by the "fast" stepping mode only; tests compare it byte for byte with "sleep".
 */
import type { AVRTimer, AVRTimerConfig, CPU } from "avr8js";
import { type TimerInternals, timerNextChange } from "./timer-horizon.js";

/** Longest postponement, cycles: bounds the catch-up loop of phase-correct modes. */
const MAX_POSTPONE_CYCLES = 1 << 20;

type CountFn = (reschedule?: boolean, external?: boolean) => void;
type LazyTimer = TimerInternals & { count: CountFn; config: AVRTimerConfig };

export class LazyTimers {
  /** Bit i set: timer i must be re-planned at the next flush(). */
  pending = 0;
  private readonly timers: LazyTimer[];

  constructor(
    private readonly cpu: CPU,
    timers: readonly AVRTimer[],
  ) {
    this.timers = timers as unknown as LazyTimer[];
    for (const [i, t] of this.timers.entries()) this.install(t, 1 << i);
  }

  /** Moves each pending timer's event to its next visible point. */
  flush(): void {
    const pending = this.pending;
    this.pending = 0;
    for (let i = 0; i < this.timers.length; i++) {
      const t = this.timers[i];
      if (t && pending & (1 << i)) this.plan(t);
    }
  }

  private plan(t: LazyTimer): void {
    if (t.tcntUpdated || t.updateDivider || t.divider === 0) return;
    const cpu = this.cpu;
    const natural = t.lastCycle + t.divider;
    const horizon = timerNextChange(t, natural, cpu.data, "visible");
    const target = Math.min(horizon, cpu.cycles + MAX_POSTPONE_CYCLES);
    // updateClockEvent only moves an event that is scheduled (a running timer).
    if (target > natural) cpu.updateClockEvent(t.count, target - cpu.cycles);
  }

  private install(t: LazyTimer, bit: number): void {
    const cpu = this.cpu;
    const original = t.count;
    t.count = (reschedule?: boolean, external?: boolean) => {
      original(reschedule ?? true, external ?? false);
      if (reschedule ?? true) this.pending |= bit;
    };
    const c = t.config;
    const addresses = [c.TCCRA, c.TCCRB, c.TCNT, c.OCRA, c.OCRB, c.TIFR, c.TIMSK];
    if (c.bits === 16)
      addresses.push(c.TCCRC, c.TCNT + 1, c.OCRA + 1, c.OCRB + 1, c.ICR, c.ICR + 1);
    for (const addr of addresses) {
      if (!addr) continue;
      const hook = cpu.writeHooks[addr];
      cpu.writeHooks[addr] = (value, oldValue, a, mask) => {
        // Ticks before this write happen under the old configuration.
        if (!t.tcntUpdated && !t.updateDivider && t.divider) t.count(false);
        const handled = hook ? hook(value, oldValue, a, mask) : false;
        if (!handled) cpu.data[a] = value;
        this.pending |= bit;
        return true;
      };
    }
  }
}
