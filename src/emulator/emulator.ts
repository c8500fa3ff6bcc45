/**
 * The emulated rig: an ATmega328P running a .hex, wired to the virtual bench (lamp pin,
 * load pin, panel sensor on A0, INA219s on the I2C bus), with its USART as a Transport
 * and its cycle counter as the Clock of everything attached.
 *
 * Time is data: all progress happens in runFor()/runUntil(), which step the CPU and, every
 * benchStepMs of emulated time, the bench physics; Clock timers fire between instructions
 * at their emulated deadline; board -> host bytes are delivered at the next bench step
 * (1 ms of emulated time by default), before any timer due at that instant. Wall-clock
 * pacing is a separate adapter (./pacer.ts).
 */
import { type BenchConfig, benchSchema } from "../config/schema/bench.js";
import type { Clock } from "../core/clock.js";
import type { Transport } from "../transport/types.js";
import { Atmega328P, CPU_HZ, type ResetCauseName } from "./atmega328p.js";
import { VirtualBench } from "./bench.js";
import { EmulatorClock } from "./emulator-clock.js";
import { FastStepper, type SteppingMode, type StepStats } from "./fast-step.js";
import { type FaultSpec, type FaultStats, faultActive } from "./faults.js";
import { BaudWatch, checkFirmwareClock, type FirmwareClock } from "./firmware-clock.js";
import type { HexImage } from "./hex.js";
import { I2cBus } from "./i2c-bus.js";
import { Ina219 } from "./ina219.js";
import { mulberry32, type Prng } from "./prng.js";
import { pinDuty } from "./pwm.js";
import { UsartTransport } from "./usart-transport.js";

const CYCLES_PER_MS = CPU_HZ / 1000;

/** Where the bench is wired on the Uno (the uno-ina219 profile's pins by default). */
export interface BenchWiring {
  /** Arduino pin driving the lamp (default 9, OC1A). */
  lampPin: number;
  /** Arduino pin driving the compute load (default 10, OC1B). */
  loadPin: number;
  /** Analog channel of the panel temperature sensor (default 0, A0). */
  panelSensorChannel: number;
}

export interface EmulatorOptions {
  /** Flash image: a parsed HEX file or raw flash bytes. */
  firmware: HexImage | Uint8Array;
  /** The rig file's `bench:` section; defaults when omitted. */
  bench?: BenchConfig;
  wiring?: Partial<BenchWiring>;
  /** Faults to apply, each in its own time window. */
  faults?: FaultSpec[];
  /** How instructions are stepped (see SteppingMode); default "fast". */
  stepping?: SteppingMode;
  /** Reset the board when the transport opens, as an Uno's DTR does; default true. */
  resetOnOpen?: boolean;
  /** Bench physics step and board -> host delivery granularity, emulated ms; default 1. */
  benchStepMs?: number;
  /**
   * The clock and baud the firmware was built for (its profile): a profile for another
   * clock is refused at construction, a USART set to another baud is reported once
   * (./firmware-clock.ts). Default: not checked (a bare hex).
   */
  firmwareClock?: FirmwareClock;
  /** Told of what the emulator finds wrong with the firmware but runs anyway. */
  onWarning?: (text: string) => void;
}

export interface EmulatorStats extends StepStats {
  /** Emulated ms since power-on. */
  emulatedMs: number;
  resets: Record<ResetCauseName, number>;
  faults: FaultStats;
  i2cTransactions: number;
  i2cNacks: number;
  /** Host bytes lost because the firmware's receiver was off. */
  hostBytesLostRxOff: number;
  /** The baud rate the firmware's USART runs at (on the emulated clock), once TX is on. */
  usartBaud: number | null;
}

export class Emulator {
  readonly mcu: Atmega328P;
  readonly bench: VirtualBench;
  readonly i2c = new I2cBus();
  readonly inas: Ina219[] = [];
  readonly clock: Clock;
  readonly transport: Transport;
  readonly wiring: BenchWiring;
  private readonly emuClock: EmulatorClock;
  private readonly usart: UsartTransport;
  private stepper: FastStepper;
  private readonly stepping: SteppingMode;
  private readonly benchStepMs: number;
  private nextBenchMs = 0;
  private tx: number[] = [];
  private readonly faults: FaultSpec[] = [];
  private readonly firedResets = new Set<FaultSpec>();
  private readonly prng: Prng;
  private readonly stepTotals: StepStats = {
    instructions: 0,
    sleptCycles: 0,
    loopSkippedCycles: 0,
    unsupportedSleeps: 0,
    nativeCalls: 0,
  };
  private readonly faultStats: FaultStats = {
    garbageBytes: 0,
    droppedBytes: 0,
    flippedBytes: 0,
    hostBytesDropped: 0,
    resets: 0,
  };

  private readonly baud: BaudWatch;

  constructor(options: EmulatorOptions) {
    if (options.firmwareClock) checkFirmwareClock(options.firmwareClock);
    this.baud = new BaudWatch(options.firmwareClock ?? null, options.onWarning ?? (() => {}));
    const benchConfig = options.bench ?? benchSchema.parse(undefined);
    this.bench = new VirtualBench(benchConfig);
    this.wiring = { lampPin: 9, loadPin: 10, panelSensorChannel: 0, ...options.wiring };
    this.stepping = options.stepping ?? "fast";
    this.benchStepMs = options.benchStepMs ?? 1;
    this.prng = mulberry32(benchConfig.seed ^ 0x5eed);
    const flash =
      options.firmware instanceof Uint8Array ? options.firmware : options.firmware.flash;
    this.mcu = new Atmega328P(flash, {
      analogV: (ch) => (ch === this.wiring.panelSensorChannel ? this.bench.truth.sensorV : 0),
      dieTempC: () => this.bench.dieTempC(),
      onTxByte: (b) => this.boardByte(b),
      onReset: () => {
        if (this.stepper) this.retireStepper();
      },
      onUsartConfig: (baud, txEnabled) => this.baud.configured(baud, txEnabled),
    });
    this.stepper = new FastStepper(this.mcu.parts.cpu, this.mcu.parts.timers, this.stepping);
    const nowS = () => this.nowMs() / 1000;
    for (const ina of benchConfig.inas) {
      const chip = new Ina219({
        address: ina.address,
        nowS,
        prng: mulberry32(benchConfig.seed + ina.address),
        noiseLsb: benchConfig.noiseLsb,
        inputs: () => this.bench.inaInputs(ina.branch, ina.shuntOhms),
      });
      chip.present = ina.present;
      this.inas.push(chip);
      this.i2c.add(chip);
    }
    this.mcu.attachTwi((twi, cpu) => this.i2c.handlerFor(twi, cpu));
    this.emuClock = new EmulatorClock(() => this.nowMs());
    this.clock = this.emuClock;
    this.usart = new UsartTransport(
      {
        sendToBoard: (bytes) => this.hostBytes(bytes),
        resetBoard: () => this.resetBoard("external"),
      },
      options.resetOnOpen ?? true,
    );
    this.transport = this.usart;
    for (const f of options.faults ?? []) this.injectFault(f);
  }

  /** Emulated milliseconds since power-on. */
  nowMs(): number {
    return this.mcu.cycles / CYCLES_PER_MS;
  }

  /** Runs the rig for ms of emulated time (deterministic; returns when done). */
  runFor(ms: number): void {
    this.runToMs(this.nowMs() + ms);
  }

  /**
   * Runs until predicate() is true (checked every bench step, after data delivery and
   * timers) or maxMs of emulated time passed. Returns whether the predicate held.
   */
  runUntil(predicate: () => boolean, maxMs: number): boolean {
    const endMs = this.nowMs() + maxMs;
    while (!predicate()) {
      const now = this.nowMs();
      if (now >= endMs) return false;
      const step = this.nextBenchMs > now ? this.nextBenchMs : now + this.benchStepMs;
      this.runToMs(Math.min(endMs, step));
    }
    return true;
  }

  /** Duty (0..1) the firmware drives on an Arduino pin, from the timer registers. */
  pinDuty(arduinoPin: number): number {
    return pinDuty(this.mcu.parts.cpu, this.mcu.parts.timers, arduinoPin);
  }

  ina(address: number): Ina219 | undefined {
    return this.inas.find((i) => i.address === address);
  }

  /** Pulls the reset line now (the "reset mid-stream" fault; also what opening the port does). */
  resetBoard(cause: ResetCauseName = "external"): void {
    this.mcu.reset(cause);
  }

  injectFault(f: FaultSpec): void {
    this.faults.push(f);
    this.applyFaults();
  }

  clearFaults(): void {
    this.faults.length = 0;
    this.firedResets.clear();
    this.applyFaults();
  }

  get stats(): EmulatorStats {
    const s = this.stepper.stats;
    return {
      instructions: this.stepTotals.instructions + s.instructions,
      sleptCycles: this.stepTotals.sleptCycles + s.sleptCycles,
      loopSkippedCycles: this.stepTotals.loopSkippedCycles + s.loopSkippedCycles,
      unsupportedSleeps: this.stepTotals.unsupportedSleeps + s.unsupportedSleeps,
      nativeCalls: this.stepTotals.nativeCalls + s.nativeCalls,
      emulatedMs: this.nowMs(),
      resets: { ...this.mcu.resets },
      faults: { ...this.faultStats },
      i2cTransactions: this.i2c.stats.transactions,
      i2cNacks: this.i2c.stats.nacks,
      hostBytesLostRxOff: this.mcu.rxDropped,
      usartBaud: this.baud.baud,
    };
  }

  private retireStepper(): void {
    const s = this.stepper.stats;
    this.stepTotals.instructions += s.instructions;
    this.stepTotals.sleptCycles += s.sleptCycles;
    this.stepTotals.loopSkippedCycles += s.loopSkippedCycles;
    this.stepTotals.unsupportedSleeps += s.unsupportedSleeps;
    this.stepTotals.nativeCalls += s.nativeCalls;
    this.stepper = new FastStepper(this.mcu.parts.cpu, this.mcu.parts.timers, this.stepping);
  }

  private runToMs(endMs: number): void {
    const mcu = this.mcu;
    const halt = () => mcu.pendingReset !== null;
    // Compared in whole cycles: in milliseconds, an end or deadline a hair above a cycle
    // boundary (199.24337500000001) never compared as reached, and the loop spun for ever.
    const endCycles = Math.ceil(endMs * CYCLES_PER_MS);
    while (mcu.cycles < endCycles) {
      const sliceMs = Math.min(endMs, this.nextBenchMs, this.emuClock.nextDeadlineMs());
      const base = mcu.cycles - mcu.parts.cpu.cycles;
      // At least one cycle each pass, so a deadline a rounding error ahead is reached.
      const target = Math.max(mcu.parts.cpu.cycles + 1, Math.ceil(sliceMs * CYCLES_PER_MS) - base);
      this.stepper.runTo(target, halt);
      mcu.servePendingReset();
      const now = this.nowMs();
      if (now >= this.nextBenchMs) {
        this.nextBenchMs += this.benchStepMs;
        if (this.nextBenchMs <= now) this.nextBenchMs = now + this.benchStepMs;
        this.benchTick();
      }
      this.flushTx();
      this.emuClock.fireDue();
    }
  }

  private benchTick(): void {
    this.applyFaults();
    this.bench.step(this.benchStepMs / 1000, {
      lamp: this.pinDuty(this.wiring.lampPin),
      load: this.pinDuty(this.wiring.loadPin),
    });
  }

  private applyFaults(): void {
    const now = this.nowMs();
    const active = (kind: FaultSpec["kind"]) =>
      this.faults.filter((f) => f.kind === kind && faultActive(f, now));
    this.bench.faults.lampStuckOn = active("lamp-stuck-on").length > 0;
    this.bench.faults.sensorStuckV = active("sensor-stuck")[0]?.volts ?? null;
    const configured = this.bench.config.inas;
    for (const chip of this.inas) {
      const fitted = configured.find((c) => c.address === chip.address)?.present ?? true;
      chip.present = fitted && !active("ina-absent").some((f) => f.address === chip.address);
      chip.stuck = active("ina-stuck").some((f) => f.address === chip.address);
    }
    for (const f of this.faults) {
      if (f.kind === "reset" && now >= f.atMs && !this.firedResets.has(f)) {
        this.firedResets.add(f);
        this.faultStats.resets++;
        this.resetBoard("external");
      }
    }
  }

  private hostBytes(bytes: Uint8Array): void {
    const now = this.nowMs();
    if (this.faults.some((f) => f.kind === "host-silent" && faultActive(f, now))) {
      this.faultStats.hostBytesDropped += bytes.length;
      return;
    }
    this.mcu.feedRx(bytes);
  }

  private boardByte(byte: number): void {
    this.baud.byteSent();
    const now = this.nowMs();
    let b = byte;
    for (const f of this.faults) {
      if (!faultActive(f, now)) continue;
      if (f.kind === "drop" && this.prng() < f.rate) {
        this.faultStats.droppedBytes++;
        return;
      }
      if (f.kind === "bitflip" && this.prng() < f.rate) {
        b ^= 1 << Math.floor(this.prng() * 8);
        this.faultStats.flippedBytes++;
      }
      if (f.kind === "garbage" && this.prng() < f.rate) {
        this.tx.push(Math.floor(this.prng() * 256));
        this.faultStats.garbageBytes++;
      }
    }
    this.tx.push(b);
  }

  private flushTx(): void {
    if (this.tx.length === 0) return;
    const chunk = Uint8Array.from(this.tx);
    this.tx = [];
    this.usart.deliver(chunk);
  }
}
