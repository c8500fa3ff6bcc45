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
 *    coalesced: a timer whose interrupts are all disabled cannot wake the core, and a
 *    timer's state only matters at its next compare match, TOP or BOTTOM, which we
 *    compute from its mode; avr8js's count() already handles a multi-tick delta.
 * 2. Idle loops (busy-waits such as `while (ADCSRA & _BV(ADSC))`). At a backward branch
 *    to the same head as the previous one we compare r0..r31, SREG, SP and then all of
 *    data memory (which holds every flag and pin a peripheral event changes) with the
 *    previous visit, plus a count of peripheral hook calls (registers with side effects
 *    on access, WDR). If nothing changed, the iteration is a pure function of unchanged
 *    state, and so is every further one until the next event that can change something
 *    (a non-timer clock event, or a timer's next compare/TOP/BOTTOM): whole iterations
 *    are skipped up to it. Plain memory accesses carry no instrumentation.
 *
 * 3. libgcc's 32-bit division, run natively when nothing can interrupt it (./libgcc.ts).
 * 4. Lazy timers: a timer's per-tick event is moved to its next visible point
 *    (./lazy-timers.ts).
 *
 * In "sleep" and "fast" modes every clock event due by the end of an instruction fires
 * before the next one, as on the chip; avr8js's tick() fires one per instruction, so
 * coinciding events (a timer tick and a USART flag) are delayed there by an instruction.
 * Both modes also apply the AVR rule avr8js leaves out: the instruction after SEI (and
 * after RETI) executes before any pending interrupt is served (AVR Instruction Set
 * Manual, SEI). avr-libc's race-free `sei(); sleep_cpu();` idiom depends on it.
 */
import { type AVRTimer, avrInstruction, type CPU } from "avr8js";
import { LazyTimers } from "./lazy-timers.js";
import { applyUdivmodsi4, findRoutine, udivmodsi4Outcome } from "./libgcc.js";
import { type Horizon, type TimerInternals, timerNextChange } from "./timer-horizon.js";

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

const OP_SLEEP = 0x9588;
const OP_SEI = 0x9478;
const OP_RETI = 0x9518;
const SMCR = 0x53;
const SREG = 95;
/** Word address past the ATmega328P interrupt vector table (26 vectors x 2 words). */
const VECTOR_END = 52;
/** Backward jumps longer than this (in words) are not treated as loop edges. */
const MAX_LOOP_WORDS = 64;
/** Loop heads remembered at once, direct-mapped by pc (a power of two). */
const LOOP_SLOTS = 32;

interface LoopSnapshot {
  head: number;
  /** 0: new; 1: registers recorded; 2: registers and memory recorded. */
  stage: number;
  cycles: number;
  hooks: number;
  sreg: number;
  sp: number;
  regs: Uint8Array;
  mem: Int32Array | null;
}

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
  /** Calls of libgcc's __udivmodsi4 run natively (./libgcc.ts). */
  nativeCalls: number;
}

export class FastStepper {
  readonly stats: StepStats = {
    instructions: 0,
    sleptCycles: 0,
    loopSkippedCycles: 0,
    unsupportedSleeps: 0,
    nativeCalls: 0,
  };
  /** True while the core is halted by SLEEP. */
  sleeping = false;
  /** Calls of peripheral read/write hooks and WDR: side effects a RAM comparison cannot see. */
  private hookCalls = 0;
  /** Per loop head, direct-mapped by its low bits: what the previous visit saw (see backEdge). */
  private readonly loops: Array<LoopSnapshot | undefined> = new Array(LOOP_SLOTS);
  private readonly mem: Int32Array;
  private readonly timers: TimerInternals[];
  private readonly optimise: boolean;
  private readonly skip: boolean;
  /** Timer events moved to the next visible point ("fast" only). */
  private readonly lazy: LazyTimers | null;
  /** Word address of libgcc's __udivmodsi4 in this flash, or -1. */
  private readonly udivEntry: number;

  constructor(
    private readonly cpu: CPU,
    timers: readonly AVRTimer[],
    readonly mode: SteppingMode = "fast",
  ) {
    this.timers = timers as unknown as TimerInternals[];
    this.mem = new Int32Array(cpu.data.buffer, 0, cpu.data.length >> 2);
    this.optimise = mode !== "plain";
    this.skip = mode === "fast";
    this.udivEntry = this.skip ? (findRoutine(cpu.progMem)[0] ?? -1) : -1;
    this.lazy = this.skip ? new LazyTimers(cpu, timers) : null;
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
    const data = cpu.data;
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
    const internals = cpu as unknown as CpuInternals;
    if (this.lazy !== null && this.lazy.pending !== 0) this.lazy.flush();
    while (cpu.cycles < targetCycles) {
      if (this.sleeping) {
        this.sleep(targetCycles);
        if (this.sleeping) break;
        continue;
      }
      const pc0 = cpu.pc;
      if (pc0 === this.udivEntry && this.nativeDivide(targetCycles)) {
        instructions++;
        continue;
      }
      const opcode = prog[pc0];
      if (opcode === OP_SLEEP) {
        const smcr = data[SMCR] ?? 0;
        if (smcr & 1) {
          if ((smcr & 0x0e) === 0) this.sleeping = true;
          else this.stats.unsupportedSleeps++;
        }
      }
      avrInstruction(cpu);
      // Every event due by now happens before the next instruction, as on the chip (avr8js's
      // tick() fires one per instruction, delaying the others when they coincide).
      const ev = internals.nextClockEvent;
      if (ev !== null && ev.cycles <= cpu.cycles) this.fireDue();
      if ((opcode === OP_SEI || opcode === OP_RETI) && (data[SREG] ?? 0) & 0x80) {
        // One more instruction runs before a pending interrupt is served.
      } else if (cpu.nextInterrupt >= 0) {
        cpu.tick(); // no event is due: this only serves the interrupt, if enabled
      }
      instructions++;
      const pc = cpu.pc;
      // An interrupt dispatched right after SLEEP means the core never stayed asleep.
      if (this.sleeping && pc !== pc0 + 1) this.sleeping = false;
      if (pc < pc0 && pc0 - pc < MAX_LOOP_WORDS && this.skip) {
        if (pc >= VECTOR_END) this.backEdge(pc, targetCycles);
      }
      if (halt()) break;
    }
    this.stats.instructions += instructions;
  }

  /**
   * Runs __udivmodsi4 natively (./libgcc.ts) when nothing can happen during its cycles:
   * no interrupt pending, no clock event that changes anything before it returns.
   */
  private nativeDivide(targetCycles: number): boolean {
    const cpu = this.cpu;
    if (cpu.interruptsEnabled && cpu.nextInterrupt >= 0) return false;
    const outcome = udivmodsi4Outcome(cpu.data);
    const end = cpu.cycles + outcome.cycles;
    if (end > targetCycles || this.nextChange("visible") <= end) return false;
    applyUdivmodsi4(cpu, outcome);
    this.fireDue();
    this.stats.nativeCalls++;
    return true;
  }

  /**
   * At a loop head: skip whole iterations once two consecutive visits found the same
   * registers, SREG, SP, memory and no hook call in between.
   */
  private backEdge(head: number, targetCycles: number): void {
    const cpu = this.cpu;
    const data = cpu.data;
    const slot = head & (LOOP_SLOTS - 1);
    let snap = this.loops[slot];
    if (!snap) {
      snap = {
        head,
        stage: 0,
        cycles: 0,
        hooks: 0,
        sreg: 0,
        sp: 0,
        regs: new Uint8Array(32),
        mem: null,
      };
      this.loops[slot] = snap;
    } else if (snap.head !== head) {
      snap.head = head;
      snap.stage = 0;
    }
    let same =
      snap.stage > 0 &&
      this.hookCalls === snap.hooks &&
      data[SREG] === snap.sreg &&
      cpu.SP === snap.sp;
    const regs = snap.regs;
    for (let r = 0; same && r < 32; r++) same = data[r] === regs[r];
    if (!same) {
      regs.set(data.subarray(0, 32));
      snap.sreg = data[SREG] ?? 0;
      snap.sp = cpu.SP;
      snap.hooks = this.hookCalls;
      snap.cycles = cpu.cycles;
      snap.stage = 1;
      return;
    }
    const mem = this.mem;
    if (snap.stage === 1 || !snap.mem) {
      snap.mem ??= new Int32Array(mem.length);
      snap.mem.set(mem);
      snap.cycles = cpu.cycles;
      snap.stage = 2;
      return;
    }
    const old = snap.mem;
    let memSame = true;
    for (let i = 0; memSame && i < mem.length; i++) memSame = mem[i] === old[i];
    if (!memSame) {
      old.set(mem);
      snap.cycles = cpu.cycles;
      return;
    }
    // The machine is back in exactly the state it had at this pc one iteration ago, and
    // nothing outside it acted in between: it will repeat that iteration until the next
    // event that can change something.
    const iter = cpu.cycles - snap.cycles;
    const limit = Math.min(this.nextChange("visible") - 1, targetCycles);
    const k = iter > 0 ? Math.floor((limit - cpu.cycles) / iter) : 0;
    if (k > 0) {
      cpu.cycles += k * iter;
      this.stats.loopSkippedCycles += k * iter;
      // Timer count events passed over carry no visible change (by the choice of limit):
      // let them catch up now, in order.
      this.fireDue();
    }
    snap.cycles = cpu.cycles;
  }

  /**
   * The earliest cycle at which a clock event can matter: any non-timer event, or a
   * timer's next relevant compare match, TOP or BOTTOM (./timer-horizon.ts), "wake" for
   * what can end an idle sleep, "visible" for what a running program could observe.
   */
  private nextChange(horizon: Horizon): number {
    const cpu = this.cpu;
    let next = Number.POSITIVE_INFINITY;
    for (let ev = (cpu as unknown as CpuInternals).nextClockEvent; ev; ev = ev.next) {
      let at = ev.cycles;
      for (const t of this.timers) {
        if (ev.callback !== t.count) continue;
        at = timerNextChange(t, ev.cycles, cpu.data, horizon);
        break;
      }
      if (at < next) next = at;
    }
    return next;
  }

  /** Fires every clock event due at the current cycle count, in order (as tick() would, one per instruction). */
  private fireDue(): boolean {
    const internals = this.cpu as unknown as CpuInternals;
    let fired = false;
    for (
      let ev = internals.nextClockEvent;
      ev && ev.cycles <= this.cpu.cycles;
      ev = internals.nextClockEvent
    ) {
      internals.nextClockEvent = ev.next;
      ev.callback();
      if (internals.clockEventPool.length < 10) internals.clockEventPool.push(ev);
      fired = true;
    }
    if (this.lazy !== null && this.lazy.pending !== 0) this.lazy.flush();
    return fired;
  }

  /** Advances a sleeping core to the next event that raises an enabled interrupt, or to targetCycles. */
  private sleep(targetCycles: number): void {
    const cpu = this.cpu;
    const internals = cpu as unknown as CpuInternals;
    for (;;) {
      if (cpu.interruptsEnabled && cpu.nextInterrupt >= 0) {
        this.sleeping = false;
        cpu.tick();
        return;
      }
      const wake = Math.min(
        targetCycles,
        this.skip ? this.nextChange("wake") : (internals.nextClockEvent?.cycles ?? targetCycles),
      );
      if (wake > cpu.cycles) {
        this.stats.sleptCycles += wake - cpu.cycles;
        cpu.cycles = wake;
      }
      if (!this.fireDue() && cpu.cycles >= targetCycles) return;
    }
  }
}
