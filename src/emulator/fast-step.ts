/**
 * Fast stepping of an avr8js CPU without changing what the firmware observes.
 *
 * avr8js executes SLEEP as a no-op (instruction.js: "not implemented") and drives each
 * timer with one clock event per prescaler period (every 64 cycles for Arduino's
 * timers), so a naive `avrInstruction(cpu); cpu.tick()` loop pays full price for idle
 * time. Two exact shortcuts, in the spirit of simavr's sleep handling:
 *
 * 1. Idle sleep. When the CPU executes SLEEP with SMCR.SE set and SM = idle (datasheet
 *    DS40002061A section 10.1), the core is halted until an enabled interrupt is pending.
 *    Nothing the firmware can see happens in between except clock events, so we jump
 *    cpu.cycles from event to event and fire them in order. Timer count events are
 *    coalesced: a timer whose interrupts are all disabled cannot wake the core, and an
 *    up-counting timer (normal, CTC, fast PWM) only matters at its next compare match or
 *    overflow, which we compute; avr8js's count() already handles a multi-tick delta.
 *    Phase-correct timers with an interrupt enabled are stepped event by event.
 * 2. Idle loops (busy-waits such as Wire's `while (twi_state == ...)`). At a backward
 *    branch we snapshot r0..r31, SREG and SP together with counters of side effects
 *    (writes that change memory, reads of peripheral registers with hooks, WDR). If the
 *    next visit of the same loop head finds the same state and no side effect, no clock
 *    event and no interrupt in between, every further iteration is identical until the
 *    next clock event, so whole iterations are skipped up to it.
 */
import { avrInstruction, type CPU, type AVRTimer } from "avr8js";

/** avr8js internals read here. They are private in its .d.ts; names as in 0.21.1. */
interface ClockEventEntry {
  cycles: number;
  callback: () => void;
  next: ClockEventEntry | null;
}
interface CpuInternals {
  nextClockEvent: ClockEventEntry | null;
  clockEventPool: ClockEventEntry[];
}
interface TimerInternals {
  count: () => void;
  lastCycle: number;
  tcnt: number;
  divider: number;
  ocrA: number;
  ocrB: number;
  timerMode: number;
  tcntUpdated: boolean;
  updateDivider: boolean;
  TOP: number;
}
/** avr8js TimerMode enum values (timer.js). */
const TimerMode = { Normal: 0, PWMPhaseCorrect: 1, CTC: 2, FastPWM: 3, PWMPhaseFrequencyCorrect: 4 } as const;

const OP_SLEEP = 0x9588;
const SMCR = 0x53;
const SREG = 95;
/** Word address past the ATmega328P interrupt vector table (26 vectors x 2 words). */
const VECTOR_END = 52;
/** Backward branches longer than this (in words) are not treated as tight loops. */
const MAX_LOOP_WORDS = 64;

export interface StepStats {
  /** Instructions executed one by one. */
  instructions: number;
  /** Cycles skipped while the core slept. */
  sleptCycles: number;
  /** Cycles skipped inside identical busy-wait iterations. */
  loopSkippedCycles: number;
  /** SLEEP instructions executed in a mode other than idle (treated as a no-op, as avr8js does). */
  unsupportedSleeps: number;
}

export class FastStepper {
  readonly stats: StepStats = { instructions: 0, sleptCycles: 0, loopSkippedCycles: 0, unsupportedSleeps: 0 };
  /** True while the core is halted by SLEEP. */
  sleeping = false;
  private writes = 0;
  private hookedReads = 0;
  private loopHead = -1;
  private loopCycles = 0;
  private loopWrites = 0;
  private loopReads = 0;
  private readonly loopRegs = new Uint8Array(32);
  private loopSreg = 0;
  private loopSp = 0;
  private loopValid = false;
  private readonly timers: TimerInternals[];

  constructor(
    private readonly cpu: CPU,
    timers: readonly AVRTimer[],
    /** Set false to compare against plain avr8js stepping. */
    readonly optimise = true,
  ) {
    this.timers = timers as unknown as TimerInternals[];
    if (optimise) this.instrument();
  }

  /** Counts side effects the idle-loop detector must see (memory writes, hooked reads, WDR). */
  private instrument(): void {
    const cpu = this.cpu;
    const { data, writeHooks, readHooks } = cpu;
    const write = cpu.writeData.bind(cpu);
    const read = cpu.readData.bind(cpu);
    cpu.writeData = (addr: number, value: number, mask?: number) => {
      if (writeHooks[addr] || data[addr] !== value) this.writes++;
      write(addr, value, mask);
    };
    cpu.readData = (addr: number) => {
      if (addr >= 32 && readHooks[addr]) this.hookedReads++;
      return read(addr);
    };
    const wdr = cpu.onWatchdogReset;
    cpu.onWatchdogReset = () => {
      this.writes++;
      wdr();
    };
  }

  /** Runs until cpu.cycles >= targetCycles, or a reset is pending (`halt()` true; checked after each instruction). */
  runTo(targetCycles: number, halt: () => boolean): void {
    const cpu = this.cpu;
    const prog = cpu.progMem;
    const internals = cpu as unknown as CpuInternals;
    if (!this.optimise) {
      while (cpu.cycles < targetCycles) {
        avrInstruction(cpu);
        cpu.tick();
        this.stats.instructions++;
        if (halt()) return;
      }
      return;
    }
    while (cpu.cycles < targetCycles) {
      if (this.sleeping) {
        this.sleep(targetCycles);
        if (this.sleeping) return;
        continue;
      }
      const pc0 = cpu.pc;
      if (prog[pc0] === OP_SLEEP) {
        const smcr = cpu.data[SMCR] ?? 0;
        if (smcr & 1) {
          if ((smcr & 0x0e) === 0) this.sleeping = true;
          else this.stats.unsupportedSleeps++;
        }
      }
      avrInstruction(cpu);
      this.stats.instructions++;
      const ev = internals.nextClockEvent;
      if (ev !== null && ev.cycles <= cpu.cycles) this.loopValid = false;
      cpu.tick();
      const pc = cpu.pc;
      if (pc < pc0 && pc0 - pc < MAX_LOOP_WORDS) {
        if (pc < VECTOR_END) this.loopValid = false;
        else this.backEdge(pc, targetCycles);
      }
      if (halt()) return;
    }
  }

  private backEdge(head: number, targetCycles: number): void {
    const cpu = this.cpu;
    const data = cpu.data;
    if (this.loopValid && head === this.loopHead && this.writes === this.loopWrites && this.hookedReads === this.loopReads) {
      let same = data[SREG] === this.loopSreg && cpu.SP === this.loopSp;
      for (let r = 0; same && r < 32; r++) same = data[r] === this.loopRegs[r];
      if (same) {
        const iter = cpu.cycles - this.loopCycles;
        const ev = (cpu as unknown as CpuInternals).nextClockEvent;
        const limit = ev ? Math.min(ev.cycles - 1, targetCycles) : targetCycles;
        const k = Math.floor((limit - cpu.cycles) / iter);
        if (iter > 0 && k > 0) {
          cpu.cycles += k * iter;
          this.stats.loopSkippedCycles += k * iter;
        }
      }
    }
    this.loopHead = head;
    this.loopCycles = cpu.cycles;
    this.loopWrites = this.writes;
    this.loopReads = this.hookedReads;
    this.loopSreg = data[SREG] ?? 0;
    this.loopSp = cpu.SP;
    this.loopRegs.set(data.subarray(0, 32));
    this.loopValid = true;
  }

  /** The earliest cycle at which this timer can raise an enabled interrupt (Infinity: never). */
  private timerWakeCycle(t: TimerInternals, timsk: number, nextEvent: number): number {
    if ((timsk & 0x07) === 0) return Number.POSITIVE_INFINITY;
    if (t.tcntUpdated || t.updateDivider || t.divider === 0) return nextEvent;
    const mode = t.timerMode;
    if (mode !== TimerMode.Normal && mode !== TimerMode.CTC && mode !== TimerMode.FastPWM) return nextEvent;
    const top = t.TOP;
    const tcnt = t.tcnt;
    let steps = top - tcnt + 1;
    for (const ocr of [t.ocrA, t.ocrB]) {
      if (ocr > top) continue;
      const d = ocr > tcnt ? ocr - tcnt : top + 1 - tcnt + ocr;
      if (d < steps) steps = d;
    }
    return t.lastCycle + Math.max(1, steps) * t.divider;
  }

  /** Advances a sleeping core to the next event that raises an enabled interrupt, or to targetCycles. */
  private sleep(targetCycles: number): void {
    const cpu = this.cpu;
    const internals = cpu as unknown as CpuInternals;
    const timsk = [cpu.data[0x6e] ?? 0, cpu.data[0x6f] ?? 0, cpu.data[0x70] ?? 0];
    for (;;) {
      if (cpu.interruptsEnabled && cpu.nextInterrupt >= 0) {
        this.sleeping = false;
        this.loopValid = false;
        cpu.tick();
        return;
      }
      let wake = targetCycles;
      for (let ev = internals.nextClockEvent; ev; ev = ev.next) {
        let at = ev.cycles;
        for (let i = 0; i < 3; i++) {
          const t = this.timers[i];
          if (t && ev.callback === t.count) at = this.timerWakeCycle(t, timsk[i] ?? 0, ev.cycles);
        }
        if (at < wake) wake = at;
      }
      if (wake > cpu.cycles) {
        this.stats.sleptCycles += wake - cpu.cycles;
        cpu.cycles = wake;
      }
      // Fire every event due by now, in time order, as tick() would one per instruction.
      let fired = false;
      for (let ev = internals.nextClockEvent; ev && ev.cycles <= cpu.cycles; ev = internals.nextClockEvent) {
        internals.nextClockEvent = ev.next;
        ev.callback();
        if (internals.clockEventPool.length < 10) internals.clockEventPool.push(ev);
        fired = true;
      }
      if (!fired && cpu.cycles >= targetCycles) return;
      for (let i = 0; i < 3; i++) timsk[i] = cpu.data[0x6e + i] ?? 0;
    }
  }
}
