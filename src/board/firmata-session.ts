/**
 * One connection to StandardFirmata: a firmata-io instance on our Transport, johnny-five's
 * Board on top (its "ready" means the capability and analog-mapping queries were
 * answered), the PWM pins, the TMP36's analog reports and the INA219 parts. A reconnect
 * builds a new session; the old one is disposed. The libraries are passed in by
 * ./firmata-board.ts, the only module that loads johnny-five and firmata-io.
 */
import type { Clock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Transport } from "../transport/types.js";
import { FirmataTransportAdapter } from "./firmata-transport.js";
import { type I2cBus, Ina219Part, type Ina219PartOptions } from "./ina219-firmata.js";

/** The part of firmata-io's Firmata class we use (it ships no types). */
export interface FirmataIo {
  i2cConfig(options: { delay: number }): unknown;
  i2cWrite(address: number, register: number, bytes: number[]): unknown;
  i2cReadOnce(
    address: number,
    register: number,
    bytesToRead: number,
    callback: (bytes: number[]) => void,
  ): unknown;
  i2cRead(
    address: number,
    register: number,
    bytesToRead: number,
    callback: (bytes: number[]) => void,
  ): unknown;
  i2cStop(options: { address: number }): unknown;
  MODES: { PWM: number; ANALOG: number };
  firmware: { name?: string; version?: { major: number; minor: number } };
  version: { major?: number; minor?: number };
  pinMode(pin: number, mode: number): unknown;
  pwmWrite(pin: number, value: number): unknown;
  analogRead(channel: number, callback: (raw: number) => void): unknown;
  reportAnalogPin(channel: number, on: 0 | 1): unknown;
  setSamplingInterval(ms: number): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
}

export interface FiveBoardLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
}

export interface FirmataLibs {
  Firmata: new (port: object, options: object) => FirmataIo;
  FiveBoard: new (options: object) => FiveBoardLike;
}

export interface FirmataSessionOptions {
  lampPin: number;
  loadPin: number;
  panelTempChannel: number | null;
  inas: Ina219PartOptions[];
  samplingMs: number;
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

  pwm(pin: number, level: number): void {
    this.io.pwmWrite(pin, level);
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
  for (const [pin, level] of [
    [o.lampPin, o.initialLamp],
    [o.loadPin, o.initialLoad],
  ] as const) {
    io.pinMode(pin, io.MODES.PWM);
    io.pwmWrite(pin, level);
  }
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
