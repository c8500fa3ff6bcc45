/**
 * One connection to StandardFirmata: a firmata-io instance on our Transport, johnny-five's
 * Board on top (its "ready" means the capability and analog-mapping queries were
 * answered), johnny-five Leds for the lamp and load PWM pins, the TMP36's analog reports
 * and our INA219 parts. A reconnect builds a new session; the old one is disposed. The
 * libraries are passed in by ./firmata-board.ts, the only module that loads johnny-five
 * and firmata-io. Why the TMP36 is not a johnny-five Thermometer: docs/wiring.md, "The
 * Firmata path".
 */
import type { Clock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Transport } from "../transport/types.js";
import type { FirmataIo, FirmataLibs, FiveBoardLike, FiveLed } from "./firmata-libs.js";
import { FirmataTransportAdapter } from "./firmata-transport.js";
import { type I2cBus, Ina219Part, type Ina219PartOptions } from "./ina219-firmata.js";

export type Output = "lamp" | "load";

export interface FirmataSessionOptions {
  lampPin: number;
  loadPin: number;
  panelTempChannel: number | null;
  inas: Ina219PartOptions[];
  samplingMs: number;
  /** Named in an error about a pin the board cannot drive. */
  profile: string;
  readyTimeoutMs: number;
  initialLamp: number;
  initialLoad: number;
  onMessage(text: string): void;
}

/** StandardFirmata keeps at most 8 continuous I2C queries (MAX_QUERIES in StandardFirmata.ino). */
const MAX_FIRMATA_QUERIES = 8;

/**
 * firmata-io's I2C as an I2cBus. StandardFirmata (2.4, readAndReportData) answers a read
 * that got too few bytes (the chip NACKed) with a STRING_DATA "I2C: Too few bytes
 * received" and then a reply carrying whatever its buffer held before: stale bytes. Each
 * reply is checked against the warnings counted since the previous reply; one in between
 * means this reply is not data.
 */
export function firmataI2cBus(io: FirmataIo): I2cBus & { warning(): void; warnings: number } {
  let warnings = 0;
  let seenAtLastReply = 0;
  const checked = (callback: (bytes: number[] | null) => void) => (bytes: number[]) => {
    const bad = warnings !== seenAtLastReply;
    seenAtLastReply = warnings;
    callback(bad ? null : bytes);
  };
  return {
    get warnings() {
      return warnings;
    },
    warning: () => {
      warnings++;
    },
    write: (address, register, bytes) => {
      io.i2cWrite(address, register, bytes);
    },
    readOnce: (address, register, n, callback) => {
      io.i2cReadOnce(address, register, n, checked(callback));
    },
    readContinuous: (address, register, n, callback) => {
      io.i2cRead(address, register, n, checked(callback));
    },
    stop: (address) => {
      io.i2cStop({ address });
    },
  };
}

export class FirmataSession {
  panelRaw: { raw: number; atMs: number } | null = null;
  continuous = false;
  parts: Ina219Part[] = [];
  private leds: Partial<Record<Output, FiveLed>> = {};

  constructor(
    readonly io: FirmataIo,
    private readonly adapter: FirmataTransportAdapter,
    private readonly five: FiveBoardLike,
  ) {}

  get firmwareVersion(): string {
    const f = this.io.firmware;
    return `${f.name ?? "Firmata"} ${f.version?.major ?? "?"}.${f.version?.minor ?? "?"}`;
  }

  get protocolVersion(): string {
    return `${this.io.version.major ?? "?"}.${this.io.version.minor ?? "?"}`;
  }

  /** Lamp or load PWM level 0..255, through its johnny-five Led. */
  output(which: Output, level: number): void {
    this.leds[which]?.brightness(level);
  }

  /** Builds the johnny-five Leds; refuses a pin the board cannot drive by PWM. */
  attachLeds(libs: FirmataLibs, pins: Record<Output, number>, profile: string): void {
    for (const which of ["lamp", "load"] as const) {
      const led = new libs.Led({ pin: pins[which], board: this.five });
      if (led.mode !== this.io.MODES.PWM) {
        throw new OrbitrigError(
          "FIRMWARE_PROFILE",
          `firmware profile ${profile}: ${which} pin D${pins[which]} is not a PWM pin on this board (its Firmata capability report); PWM pins: ${pwmPins(this.five)}`,
          ExitCode.usage,
        );
      }
      this.leds[which] = led;
    }
  }

  flush(): Promise<void> {
    return this.adapter.flush();
  }

  setSamplingMs(ms: number): void {
    this.io.setSamplingInterval(ms);
  }

  private retrying = false;

  /**
   * Configures again every INA219 that did not answer (plugged in late, or its reply missed
   * the timeout at start-up). Resolves to the addresses found this time.
   */
  async retryAbsent(): Promise<number[]> {
    if (this.retrying) return [];
    this.retrying = true;
    const found: number[] = [];
    try {
      for (const p of this.parts) {
        if (p.present || !(await p.configure())) continue;
        found.push(p.address);
        if (!this.continuous) continue;
        const present = this.parts.filter((q) => q.present).length;
        if (present * Ina219Part.QUERIES <= MAX_FIRMATA_QUERIES) {
          p.startContinuous();
        } else {
          // Too many reports for StandardFirmata: poll every chip instead.
          for (const q of this.parts) q.stopContinuous();
          this.continuous = false;
        }
      }
      await this.adapter.flush();
    } finally {
      this.retrying = false;
    }
    return found;
  }

  /** Without continuous reads: reads every present chip once. */
  async poll(): Promise<void> {
    for (const p of this.parts) if (p.present) await p.readOnce();
  }

  dispose(): void {
    for (const p of this.parts) {
      try {
        p.stopContinuous();
      } catch {
        // the link may already be gone
      }
    }
    for (const led of Object.values(this.leds)) led.stop();
    // johnny-five's "no ready in time" timer runs on the wall clock: stop it with the session.
    if (this.five.timer) clearTimeout(this.five.timer);
    this.five.removeAllListeners();
    this.five.on("error", () => {}); // johnny-five may still emit its own late timeout error
    this.io.removeAllListeners();
    this.io.on("error", () => {});
    this.adapter.detach();
  }
}

export async function openFirmataSession(
  libs: FirmataLibs,
  transport: Transport,
  clock: Clock,
  o: FirmataSessionOptions,
): Promise<FirmataSession> {
  const adapter = new FirmataTransportAdapter(transport);
  const io = new libs.Firmata(adapter, {
    samplingInterval: o.samplingMs,
    reportVersionTimeout: Math.min(5000, o.readyTimeoutMs),
  });
  io.on("error", () => {}); // errors surface as the ready timeout or as a closed link
  queueMicrotask(() => adapter.announceOpen());
  const five = new libs.FiveBoard({
    io,
    repl: false,
    debug: false,
    sigint: false,
    timeout: o.readyTimeoutMs * 10,
  });
  const session = new FirmataSession(io, adapter, five);
  try {
    await new Promise<void>((resolve, reject) => {
      const cancel = clock.setTimeout(() => {
        reject(
          new OrbitrigError(
            "HANDSHAKE_TIMEOUT",
            `johnny-five did not reach ready on ${transport.path} within ${o.readyTimeoutMs} ms: is StandardFirmata flashed and the baud rate 57600?`,
            ExitCode.unavailable,
          ),
        );
      }, o.readyTimeoutMs);
      five.on("ready", () => {
        cancel();
        resolve();
      });
      five.on("error", (e) => {
        cancel();
        reject(
          new OrbitrigError(
            "HANDSHAKE_TIMEOUT",
            `johnny-five on ${transport.path}: ${(e as Error)?.message ?? String(e)}`,
            ExitCode.unavailable,
          ),
        );
      });
    });
  } catch (e) {
    session.dispose();
    throw e;
  }
  const bus = firmataI2cBus(io);
  io.on("string", (text) => {
    // I2C warnings are read failures, reported through the channel's presence instead.
    if (String(text).startsWith("I2C")) bus.warning();
    else o.onMessage(String(text));
  });
  try {
    session.attachLeds(libs, { lamp: o.lampPin, load: o.loadPin }, o.profile);
  } catch (e) {
    session.dispose();
    throw e;
  }
  session.output("lamp", o.initialLamp);
  session.output("load", o.initialLoad);
  if (o.panelTempChannel !== null) {
    io.analogRead(o.panelTempChannel, (raw) => {
      session.panelRaw = { raw, atMs: clock.nowMs() };
    });
  }
  io.i2cConfig({ delay: 0 });
  session.parts = o.inas.map((opts) => new Ina219Part(bus, clock, opts));
  for (const p of session.parts) await p.configure();
  const present = session.parts.filter((p) => p.present);
  session.continuous = present.length * Ina219Part.QUERIES <= MAX_FIRMATA_QUERIES;
  if (session.continuous) for (const p of present) p.startContinuous();
  await adapter.flush();
  return session;
}

function pwmPins(five: FiveBoardLike): string {
  const pins = five.pins;
  if (!pins) return "unknown";
  const pwm = Array.from({ length: pins.length }, (_, i) => i).filter((i) => pins.isPwm(i));
  return pwm.map((i) => `D${i}`).join(", ") || "none";
}
