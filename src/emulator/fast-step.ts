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
 *    branch to the same head as the previous one we compare r0..r31, SREG, SP and then all
 *    of data memory with the previous visit, plus a count of peripheral hook calls (reads
 *    and writes of registers with side effects, WDR) and the head of the clock-event
 *    queue. If nothing changed, the iteration is a pure function of unchanged state: every
 *    further iteration is identical until the next clock event, so whole iterations are
 *    skipped up to it. Plain memory accesses carry no instrumentation.
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

/**
 * - "plain": `avrInstruction(cpu); cpu.tick()` per instruction, SLEEP a no-op (avr8js as is);
 * - "sleep": SLEEP halts the core; clock events are fired one by one while it sleeps
 *   (the reference the fast mode must match byte for byte);
 * - "fast": "sleep" plus coalesced timer events and idle-loop skipping.
 */
export type SteppingMode = "plain" | "sleep" | "fast";

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
  /** Calls of peripheral read/write hooks and WDR: side effects a RAM comparison cannot see. */
  private hookCalls = 0;
  private loopHead = -1;
  /** 0: head seen once; 1: registers snapshotted; 2: registers and memory snapshotted. */
  private loopStage = 0;
  private loopCycles = 0;
  private loopHooks = 0;
  private loopEvent: ClockEventEntry | null = null;
  private loopEventCycles = 0;
  private readonly regs = new Uint8Array(32);
  private loopSreg = 0;
  private loopSp = 0;
  private readonly mem: Int32Array;
  private readonly memSnap: Int32Array;
  private readonly timers: TimerInternals[];

  private readonly optimise: boolean;
  private readonly skip: boolean;

  constructor(
    private readonly cpu: CPU,
    timers: readonly AVRTimer[],
    readonly mode: SteppingMode = "fast",
  ) {
    this.timers = timers as unknown as TimerInternals[];
    this.mem = new Int32Array(cpu.data.buffer, 0, cpu.data.length >> 2);
    this.memSnap = new Int32Array(this.mem.length);
    this.optimise = mode !== "plain";
    this.skip = mode === "fast";
    if (this.skip) this.instrument();
  }

  /**
   * Counts calls of peripheral hooks (and WDR): those have effects beyond memory. Plain
   * memory accesses are left alone (no per-access cost); memory is compared instead.
   */
  private instrument(): void {
    const cpu = this.cpu;
    const { readHooks, writeHooks } = cpu;
    for (const key of Object.keys(readHooks)) {
      const addr = Number(key);
      const hook = readHooks[addr];
      if (!hook) continue;
      readHooks[addr] = (a: number) => {
        this.hookCalls++;
        return hook(a);
      };
    }
    for (const key of Object.keys(writeHooks)) {
      const addr = Number(key);
      const hook = writeHooks[addr];
      if (!hook) continue;
      writeHooks[addr] = (value: number, oldValue: number, a: number, mask: number) => {
        this.hookCalls++;
        return hook(value, oldValue, a, mask);
      };
    }
    const wdr = cpu.onWatchdogReset;
    cpu.onWatchdogReset = () => {
      this.hookCalls++;
      wdr();
    };
  }

  /** Runs until cpu.cycles >= targetCycles, or a reset is pending (`halt()` true; checked after each instruction). */
  runTo(targetCycles: number, halt: () => boolean): void {
    const cpu = this.cpu;
    const prog = cpu.progMem;
    if (!this.optimise) {
      while (cpu.cycles < targetCycles) {
        avrInstruction(cpu);
        cpu.tick();
        this.stats.instructions++;
        if (halt()) return;
      }
      return;
    }
    let instructions = 0;
    while (cpu.cycles < targetCycles) {
      if (this.sleeping) {
        this.sleep(targetCycles);
        if (this.sleeping) break;
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
      cpu.tick();
      instructions++;
      const pc = cpu.pc;
      // An interrupt dispatched right after SLEEP means the core never stayed asleep.
      if (this.sleeping && pc !== pc0 + 1) this.sleeping = false;
      if (pc < pc0 && pc0 - pc < MAX_LOOP_WORDS && this.skip) {
        if (pc < VECTOR_END) this.loopHead = -1;
        else this.backEdge(pc, targetCycles);
      }
      if (halt()) break;
    }
    this.stats.instructions += instructions;
  }

  /**
   * At a loop head: skip whole iterations once two consecutive visits found the same
   * registers, SREG, SP, memory, no hook call and no clock event fired or scheduled.
   */
  private backEdge(head: number, targetCycles: number): void {
    const cpu = this.cpu;
    const data = cpu.data;
    const ev = (cpu as unknown as CpuInternals).nextClockEvent;
    if (head !== this.loopHead) {
      this.loopHead = head;
      this.loopStage = 0;
      return;
    }
    let same =
      this.loopStage > 0 &&
      this.hookCalls === this.loopHooks &&
      ev === this.loopEvent &&
      (ev === null || ev.cycles === this.loopEventCycles) &&
      data[SREG] === this.loopSreg &&
      cpu.SP === this.loopSp;
    const regs = this.regs;
    for (let r = 0; same && r < 32; r++) same = data[r] === regs[r];
    if (!same) {
      regs.set(data.subarray(0, 32));
      this.loopSreg = data[SREG] ?? 0;
      this.loopSp = cpu.SP;
      this.loopHooks = this.hookCalls;
      this.loopEvent = ev;
      this.loopEventCycles = ev ? ev.cycles : 0;
      this.loopCycles = cpu.cycles;
      this.loopStage = 1;
      return;
    }
    const mem = this.mem;
    const snap = this.memSnap;
    if (this.loopStage === 1) {
      snap.set(mem);
      this.loopCycles = cpu.cycles;
      this.loopStage = 2;
      return;
    }
    let memSame = true;
    for (let i = 0; memSame && i < mem.length; i++) memSame = mem[i] === snap[i];
    if (!memSame) {
      snap.set(mem);
      this.loopCycles = cpu.cycles;
      return;
    }
    const iter = cpu.cycles - this.loopCycles;
    const limit = ev ? Math.min(ev.cycles - 1, targetCycles) : targetCycles;
    const k = iter > 0 ? Math.floor((limit - cpu.cycles) / iter) : 0;
    if (k > 0) {
      cpu.cycles += k * iter;
      this.stats.loopSkippedCycles += k * iter;
    }
    this.loopCycles = cpu.cycles;
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
        this.loopHead = -1;
        cpu.tick();
        return;
      }
      let wake = targetCycles;
      for (let ev = internals.nextClockEvent; ev; ev = ev.next) {
        let at = ev.cycles;
        for (let i = 0; i < 3 && this.skip; i++) {
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
