/**
 * A scripted fake uno-ina219 board that speaks protocol v1 over any Transport (the device
 * end of a MemoryLink, or the far end of a pseudo-terminal), like serialport's
 * binding-mock: tests and the session's tests use it where no emulator is needed. It
 * follows the firmware's rules (ACK/NAK every command, HELLO at boot and on INFO,
 * telemetry at RATE Hz, lamp and load off after WDT ms without a valid command), and has
 * hooks to drop, garble, delay and NAK, to lose frames and to reset. Its readings are a
 * simple function of the lamp level, not physics (that is the emulator's job).
 */
import type { Clock } from "../core/clock.js";
import { decodeCommandLine, encodeBoardMessage } from "../protocol/codec.js";
import {
  Defaults,
  EventKind,
  Flag,
  NakCode,
  type NakCodeName,
  PROTOCOL_VERSION,
} from "../protocol/constants.js";
import type {
  BoardMessage,
  HelloChannel,
  HostCommand,
  RejectReason,
  TelemetryChannel,
} from "../protocol/messages.js";
import { LineSplitter } from "../transport/line-splitter.js";
import type { Transport } from "../transport/types.js";

export interface MockBoardOptions {
  protocolVersion?: number;
  profile?: string;
  firmwareVersion?: string;
  boardId?: string;
  /** INA219s the board has. Default one at 0x40, role array. */
  channels?: HelloChannel[];
  /** Delay between power-up (or reset) and the boot HELLO, like an Uno's bootloader. Default 0. */
  bootDelayMs?: number;
  /** Readings per channel for a lamp and load level. Default: a cell current proportional to the lamp. */
  readings?: (lamp: number, load: number, channel: number) => TelemetryChannel;
  /** Panel temperature in degrees C, or null for no sensor. Default 25. */
  panelTempC?: () => number | null;
}

const REJECT_TO_NAK: Partial<Record<RejectReason, NakCodeName>> = {
  "bad-checksum": NakCode.crc,
  "no-checksum": NakCode.crc,
  "too-long": NakCode.tooLong,
  "unknown-type": NakCode.unknown,
  "out-of-range": NakCode.range,
};

function defaultReadings(lamp: number, load: number, channel: number): TelemetryChannel {
  const currentUa =
    channel === 0 ? Math.round((lamp / 255) * 150_000) : Math.round((load / 255) * 80_000);
  const busMv = channel === 0 ? 4000 + Math.round((lamp / 255) * 1500) : 5000;
  return {
    busMv,
    shuntUv: Math.round(currentUa / 10),
    currentUa,
    powerUw: Math.round((busMv * currentUa) / 1000),
  };
}

export class MockBoard {
  lamp = 0;
  load = 0;
  rateHz: number = Defaults.rateHz;
  watchdogMs: number = Defaults.watchdogMs;
  overTempC100: number = Defaults.overTempC100;
  seq = 0;
  safeMode = false;
  watchdogTripped = false;
  /** Panel at or above the OTL limit: lamp forced off, LAMP > 0 refused (DENIED) until it cools. */
  overTempCut = false;
  readonly calibrations = new Map<number, { cal: number; config: number; currentLsbNa: number }>();
  /** Every valid command received, in order. */
  readonly received: HostCommand[] = [];
  /** Lines the board could not read. */
  readonly rejected: string[] = [];
  boots = 0;

  // Hooks: each counts down as it is used.
  /** Ignore the next n valid commands (no answer, no effect). */
  dropCommands = 0;
  /** Corrupt the next n lines the board sends (one character changed, so the CRC fails). */
  garbleLines = 0;
  /** Treat the next n command lines as arriving corrupted (answered NAK,0,?,CRC as the firmware does). */
  corruptCommands = 0;
  /** Answer the next n commands with this NAK code instead of obeying. */
  nak: { code: NakCodeName; count: number } | null = null;
  /** Delay every answer (ACK/NAK/HELLO) by this long. */
  answerDelayMs = 0;
  /** Skip this many sequence numbers before the next frame (frames lost on the way). */
  skipFrames = 0;

  /** True between a reset and the boot HELLO: the bootloader runs and the sketch hears nothing. */
  booting = false;
  private bootMs = 0;
  /** Clock time of the last valid command (what the watchdog measures from). */
  lastCommandMs = 0;
  private cancelTelemetry: (() => void) | null = null;
  private cancelWatchdog: (() => void) | null = null;
  private cancelBoot: (() => void) | null = null;
  private readonly splitter: LineSplitter;

  constructor(
    readonly transport: Transport,
    readonly clock: Clock,
    readonly options: MockBoardOptions = {},
  ) {
    this.splitter = new LineSplitter(
      { line: (l) => this.onLine(l), overlong: () => this.answerNak(0, "?", NakCode.tooLong) },
      64,
    );
    transport.onData((chunk) => this.splitter.push(chunk));
    transport.onClose(() => this.powerOff());
  }

  get channels(): HelloChannel[] {
    return this.options.channels ?? [{ address: 0x40, role: "array" }];
  }

  /** Powers the board: opens its transport if needed and boots. */
  async start(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
    this.reset();
  }

  /** A reset (reset button, DTR pulse on open, brown-out): everything off, seq from 0, boot HELLO. */
  reset(): void {
    this.powerOff();
    this.lamp = 0;
    this.load = 0;
    this.rateHz = Defaults.rateHz;
    this.watchdogMs = Defaults.watchdogMs;
    this.overTempC100 = Defaults.overTempC100;
    this.calibrations.clear();
    this.seq = 0;
    this.safeMode = false;
    this.watchdogTripped = false;
    this.overTempCut = false;
    this.splitter.reset();
    this.booting = true;
    this.cancelBoot = this.clock.setTimeout(() => {
      this.cancelBoot = null;
      this.booting = false;
      this.boots++;
      this.bootMs = this.clock.nowMs();
      this.lastCommandMs = this.bootMs;
      this.send({ type: "EVT", ms: 0, kind: EventKind.boot, arg: "" });
      this.send(this.hello());
      this.scheduleTelemetry();
    }, this.options.bootDelayMs ?? 0);
  }

  /** Sends raw bytes as they are (garbage, a partial line). */
  injectRaw(text: string): void {
    if (this.transport.isOpen) this.transport.write(text).catch(() => {});
  }

  /** Sends one message as a line. */
  send(m: BoardMessage): void {
    let line = encodeBoardMessage(m);
    if (this.garbleLines > 0) {
      this.garbleLines--;
      const i = Math.min(line.length - 6, 3);
      line = `${line.slice(0, i)}${line[i] === "7" ? "8" : "7"}${line.slice(i + 1)}`;
    }
    this.injectRaw(`${line}\r\n`);
  }

  powerOff(): void {
    for (const c of [this.cancelTelemetry, this.cancelWatchdog, this.cancelBoot]) c?.();
    this.cancelTelemetry = this.cancelWatchdog = this.cancelBoot = null;
  }

  private hello(): BoardMessage {
    return {
      type: "HELLO",
      protocolVersion: this.options.protocolVersion ?? PROTOCOL_VERSION,
      profile: this.options.profile ?? "uno-ina219",
      firmwareVersion: this.options.firmwareVersion ?? "mock-1.0.0",
      boardId: this.options.boardId ?? "MOCK0001",
      caps: { lamp: "pwm", panel: "tmp36", baud: "115200", wdtms: String(this.watchdogMs) },
      channels: this.channels,
    };
  }

  private onLine(line: string): void {
    if (this.booting) return;
    if (this.corruptCommands > 0) {
      this.corruptCommands--;
      this.answerNak(0, "?", NakCode.crc);
      return;
    }
    const r = decodeCommandLine(line);
    if (!r.ok) {
      this.rejected.push(line);
      if (r.reason !== "empty") this.answerNak(0, "?", REJECT_TO_NAK[r.reason] ?? NakCode.format);
      return;
    }
    const c = r.message;
    if (this.dropCommands > 0) {
      this.dropCommands--;
      return;
    }
    this.received.push(c);
    if (this.nak && this.nak.count > 0) {
      this.nak.count--;
      this.answerNak(c.id, c.type, this.nak.code);
      return;
    }
    this.lastCommandMs = this.clock.nowMs();
    if (this.watchdogTripped) {
      this.watchdogTripped = false;
      this.send({ type: "EVT", ms: this.boardMs(), kind: EventKind.hostBack, arg: "" });
    }
    this.armWatchdog();
    if (c.type === "CAL" && c.channel >= this.channels.length) {
      this.answerNak(c.id, c.type, NakCode.noSensor);
      return;
    }
    if (c.type === "LAMP" && c.level > 0 && this.overTempCut) {
      this.answerNak(c.id, c.type, NakCode.denied);
      return;
    }
    this.obey(c);
    this.answer({ type: "ACK", id: c.id, command: c.type });
    if (c.type === "INFO") this.answer(this.hello());
  }

  private obey(c: HostCommand): void {
    switch (c.type) {
      case "LAMP":
        this.lamp = c.level;
        this.safeMode = false;
        break;
      case "LOAD":
        this.load = c.level;
        this.safeMode = false;
        break;
      case "RATE":
        this.rateHz = c.hz;
        this.scheduleTelemetry();
        break;
      case "WDT":
        this.watchdogMs = c.ms;
        this.armWatchdog();
        break;
      case "OTL":
        this.overTempC100 = c.c100;
        break;
      case "CAL":
        this.calibrations.set(c.channel, {
          cal: c.cal,
          config: c.config,
          currentLsbNa: c.currentLsbNa,
        });
        break;
      case "SAFE":
        this.lamp = 0;
        this.load = 0;
        this.safeMode = true;
        break;
      case "HB":
      case "INFO":
        break;
    }
  }

  private answerNak(id: number, command: string, code: NakCodeName): void {
    this.answer({ type: "NAK", id, command, code });
  }

  private answer(m: BoardMessage): void {
    if (this.answerDelayMs > 0) this.clock.setTimeout(() => this.send(m), this.answerDelayMs);
    else this.send(m);
  }

  private boardMs(): number {
    return Math.max(0, Math.round(this.clock.nowMs() - this.bootMs));
  }

  private scheduleTelemetry(): void {
    this.cancelTelemetry?.();
    const periodMs = 1000 / this.rateHz;
    const tick = () => {
      this.cancelTelemetry = this.clock.setTimeout(tick, periodMs);
      this.sendFrame();
    };
    this.cancelTelemetry = this.clock.setTimeout(tick, periodMs);
  }

  private sendFrame(): void {
    this.seq = (this.seq + this.skipFrames) >>> 0;
    this.skipFrames = 0;
    const channels = this.channels.map((_, i) =>
      (this.options.readings ?? defaultReadings)(this.lamp, this.load, i),
    );
    const panelC = this.options.panelTempC ? this.options.panelTempC() : 25;
    if (panelC !== null) this.checkOverTemp(Math.round(panelC * 100));
    let flags = (1 << channels.length) - 1; // every channel present
    if (panelC !== null) flags |= Flag.panelTempValid;
    if (this.watchdogTripped) flags |= Flag.watchdogTripped;
    if (this.safeMode) flags |= Flag.safeMode;
    if (this.overTempCut) flags |= Flag.overTempCut;
    this.send({
      type: "T",
      seq: this.seq,
      ms: this.boardMs(),
      flags,
      panelC100: panelC === null ? 0 : Math.round(panelC * 100),
      boardC100: 3000,
      lamp: this.lamp,
      load: this.load,
      channels,
    });
    this.seq = (this.seq + 1) >>> 0;
  }

  /** The firmware's over-temperature cut, with its hysteresis (uno-ina219.ino serviceSafety). */
  private checkOverTemp(panelC100: number): void {
    if (!this.overTempCut && panelC100 >= this.overTempC100) {
      this.overTempCut = true;
      this.lamp = 0;
      this.send({
        type: "EVT",
        ms: this.boardMs(),
        kind: EventKind.overTempCut,
        arg: String(panelC100),
      });
    } else if (
      this.overTempCut &&
      panelC100 <= this.overTempC100 - Defaults.overTempHysteresisC100
    ) {
      this.overTempCut = false;
      this.send({
        type: "EVT",
        ms: this.boardMs(),
        kind: EventKind.overTempClear,
        arg: String(panelC100),
      });
    }
  }

  private armWatchdog(): void {
    this.cancelWatchdog?.();
    this.cancelWatchdog = this.clock.setTimeout(() => {
      this.cancelWatchdog = null;
      if (this.lamp === 0 && this.load === 0 && this.watchdogTripped) return;
      this.lamp = 0;
      this.load = 0;
      this.watchdogTripped = true;
      this.send({
        type: "EVT",
        ms: this.boardMs(),
        kind: EventKind.hostLost,
        arg: String(this.watchdogMs),
      });
    }, this.watchdogMs);
  }
}
