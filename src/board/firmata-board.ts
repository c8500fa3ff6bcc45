/**
 * FirmataBoard: an Uno running StandardFirmata (57600 baud), driven through johnny-five
 * with firmata-io bound to our Transport (./firmata-transport.ts). The host does what
 * the uno-ina219 firmware would: INA219s over Firmata I2C (./ina219-firmata.ts), the
 * TMP36 on an analog pin (./tmp36.ts), lamp and load on PWM pins as johnny-five Leds,
 * and Frames synthesised at rateHz with the host's own sequence number and the host
 * clock as boardMs (Firmata has no board clock).
 *
 * Safety: StandardFirmata has no watchdog. If the host dies, the lamp stays as last set.
 * There is no way around that from the host; the session's guards (max lamp-on time,
 * over-temperature, safe() on every exit path) are the only protection, and a lamp
 * driver with its own timer is advised for unattended runs. info.caps.watchdog = "none".
 *
 * Commands are not acknowledged by StandardFirmata: setLamp/setLoad resolve once the
 * bytes were handed to the transport, and frames report the commanded levels.
 *
 * Opening, reconnecting, silence and closing are the link's (./link.ts); a new Firmata
 * session (./firmata-session.ts) is opened on every connect.
 */
import { createRequire } from "node:module";
import type { BoardDriver, SpeedControl } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import type { ChannelRole } from "../core/frame.js";
import type { BackoffOptions } from "../transport/reconnecting.js";
import type { Transport } from "../transport/types.js";
import { buildFirmataFrame } from "./firmata-frame.js";
import type { FirmataLibs } from "./firmata-libs.js";
import { type FirmataSession, type Output, openFirmataSession } from "./firmata-session.js";
import type { Ina219PartOptions } from "./ina219-firmata.js";
import { checkLevel, checkRateHz, notSentWhileDown } from "./levels.js";
import { BoardLink, type LinkAttempt } from "./link.js";
import { LinkedBoard } from "./linked-board.js";

export interface FirmataInaOptions extends Ina219PartOptions {
  role: ChannelRole;
}

export interface FirmataBoardOptions {
  /** Arduino pin numbers (D9 -> 9). */
  lampPin: number;
  loadPin: number;
  /** Analog channel of the TMP36 (A0 -> 0), or null for none. */
  panelTempChannel: number | null;
  inas: FirmataInaOptions[];
  /** Frames per second synthesised. Default 10. */
  rateHz?: number;
  /** Wait this long for johnny-five's "ready". Default 10000 ms. */
  readyTimeoutMs?: number;
  /** ADC reference voltage. Default 5 V (the Uno's AVCC). */
  vrefV?: number;
  /** Profile name reported in info. Default "standard-firmata". */
  profile?: string;
  /** Reconnect backoff; false: a lost link closes the board. Default {}. */
  reconnect?: BackoffOptions | false;
  /**
   * No byte from the board for this long, with the port still open (a hung adapter, a
   * pty whose other end went away unnoticed), counts as a lost link: link-down, then the
   * Firmata session is opened again every few seconds. Default 3000 ms.
   */
  silenceMs?: number;
}

/** How often a missing INA219 is configured again. */
const RETRY_ABSENT_MS = 2000;
/** Pause before opening the session again after a silence or a failed attempt. */
const RETRY_SESSION_MS = 2000;

export class FirmataBoard extends LinkedBoard implements BoardDriver {
  readonly kind = "firmata" as const;
  readonly commandable = true;
  /** Set by whoever paces the board (the emulator's pacer, in src/rig); null for a cable. */
  speedControl: SpeedControl | null = null;
  readonly playback = null;
  protected readonly link: BoardLink;
  private readonly transport: Transport;
  private session: FirmataSession | null = null;
  private lampLevel = 0;
  private loadLevel = 0;
  private rateHz: number;
  private seq = 0;
  private cancelTick: (() => void) | null = null;
  private lastRetryMs = Number.NEGATIVE_INFINITY;

  constructor(
    transport: Transport,
    readonly clock: Clock,
    private readonly options: FirmataBoardOptions,
  ) {
    super();
    this.rateHz = options.rateHz ?? 10;
    this.link = new BoardLink(
      transport,
      clock,
      {
        connect: (_reconnect, attempt) => this.connect(attempt),
        started: () => this.startTicking(),
        stopped: () => this.stopped(),
      },
      (event) => this.emit(event),
      {
        reconnect: options.reconnect,
        silenceMs: options.silenceMs ?? 3000,
        retryDelayMs: RETRY_SESSION_MS,
      },
    );
    this.transport = this.link.transport;
    this.transport.onData(() => this.link.heard());
  }

  async setLamp(level: number): Promise<void> {
    checkLevel("lamp", level);
    this.lampLevel = level;
    await this.output("lamp", level);
  }

  async setLoad(level: number): Promise<void> {
    checkLevel("load", level);
    this.loadLevel = level;
    await this.output("load", level);
  }

  async setRateHz(hz: number): Promise<void> {
    checkRateHz(hz);
    this.rateHz = hz;
    this.session?.setSamplingMs(samplingMsFor(hz));
    if (this.link.phase === "up") this.startTicking();
  }

  async safe(): Promise<void> {
    this.lampLevel = 0;
    this.loadLevel = 0;
    try {
      const s = this.session;
      if (this.link.phase !== "up" || !s) return;
      s.output("lamp", 0);
      s.output("load", 0);
      await s.flush();
    } catch {
      // Nothing more can be done from here (and StandardFirmata has no watchdog).
    }
  }

  private async output(which: Output, level: number): Promise<void> {
    const s = this.session;
    if (this.link.phase !== "up" || !s) {
      throw notSentWhileDown(`${which.toUpperCase()} ${level}`, this.link.state);
    }
    this.link.stats.commandSent(false);
    s.output(which, level);
    await s.flush();
  }

  /** A new Firmata session, on the first open and after every loss alike. */
  private async connect(attempt: LinkAttempt): Promise<void> {
    this.stopped();
    const s = await openFirmataSession(loadFirmataLibs(), this.transport, this.clock, {
      lampPin: this.options.lampPin,
      loadPin: this.options.loadPin,
      panelTempChannel: this.options.panelTempChannel,
      inas: this.options.inas,
      samplingMs: samplingMsFor(this.rateHz),
      profile: this.options.profile ?? "standard-firmata",
      readyTimeoutMs: this.options.readyTimeoutMs ?? 10_000,
      initialLamp: this.lampLevel,
      initialLoad: this.loadLevel,
      onMessage: (text) =>
        this.emit({ kind: "board-event", hostMs: this.clock.nowMs(), name: "FIRMATA", arg: text }),
    });
    // The link was lost or closed while johnny-five got ready: this session is not wanted.
    if (!attempt.current) {
      s.dispose();
      return;
    }
    this.session = s;
    for (const part of s.parts) {
      if (!part.present) {
        this.emit({
          kind: "board-error",
          hostMs: this.clock.nowMs(),
          code: "I2C",
          detail: `INA219 at 0x${part.address.toString(16)} did not answer`,
        });
      }
    }
    this.info_ = {
      kind: "firmata",
      port: this.transport.path,
      profile: this.options.profile ?? "standard-firmata",
      protocolVersion: 0,
      firmwareVersion: s.firmwareVersion,
      boardId: "-",
      caps: {
        firmata: s.protocolVersion,
        lamp: "pwm",
        load: "pwm",
        panel: this.options.panelTempChannel === null ? "none" : "tmp36",
        watchdog: "none",
      },
      channels: this.options.inas.map((i) => ({ address: i.address, role: i.role })),
    };
    this.emit({ kind: "hello", hostMs: this.clock.nowMs(), info: this.info_ });
  }

  /** The link is down, closed, or a connect attempt was given up: the session goes. */
  private stopped(): void {
    this.stopTicking();
    this.session?.dispose();
    this.session = null;
  }

  /** Every RETRY_ABSENT_MS, tries again to configure INA219s that did not answer. */
  private retryAbsentParts(s: FirmataSession): void {
    const now = this.clock.nowMs();
    if (now - this.lastRetryMs < RETRY_ABSENT_MS || s.parts.every((p) => p.present)) return;
    this.lastRetryMs = now;
    void s.retryAbsent().then((found) => {
      for (const address of found) {
        this.emit({
          kind: "board-event",
          hostMs: this.clock.nowMs(),
          name: "SENSFOUND",
          arg: `0x${address.toString(16)}`,
        });
      }
    });
  }

  private startTicking(): void {
    this.stopTicking();
    const periodMs = 1000 / this.rateHz;
    const tick = () => {
      this.cancelTick = this.clock.setTimeout(tick, periodMs);
      void this.emitFrame();
    };
    this.cancelTick = this.clock.setTimeout(tick, periodMs);
  }

  private stopTicking(): void {
    this.cancelTick?.();
    this.cancelTick = null;
  }

  private async emitFrame(): Promise<void> {
    const s = this.session;
    if (!s || this.link.phase !== "up") return;
    if (!s.continuous) await s.poll();
    // The link may have been lost while polling.
    if (s !== this.session) return;
    this.retryAbsentParts(s);
    const hostMs = this.clock.nowMs();
    const frame = buildFirmataFrame({
      seq: this.seq,
      hostMs,
      boardMs: Math.round(hostMs),
      parts: s.parts,
      roles: this.options.inas.map((i) => i.role),
      staleMs: 3 * Math.max(1000 / this.rateHz, samplingMsFor(this.rateHz)),
      panelRaw: s.panelRaw,
      vrefV: this.options.vrefV ?? 5,
      lamp: this.lampLevel,
      load: this.loadLevel,
    });
    this.seq = (this.seq + 1) >>> 0;
    this.link.stats.frame(frame.seq, frame.boardMs, hostMs);
    this.listeners.frame(frame);
  }
}

let libs: FirmataLibs | null = null;

/**
 * johnny-five and firmata-io are CommonJS without types: loaded with createRequire, on
 * first use (so commands that never touch Firmata do not load them), and typed by the
 * interfaces in ./firmata-libs.ts.
 */
function loadFirmataLibs(): FirmataLibs {
  if (!libs) {
    const require = createRequire(import.meta.url);
    const firmataIo = require("firmata-io") as { Firmata: FirmataLibs["Firmata"] };
    const five = require("johnny-five") as {
      Board: FirmataLibs["FiveBoard"];
      Led: FirmataLibs["Led"];
    };
    libs = { Firmata: firmataIo.Firmata, FiveBoard: five.Board, Led: five.Led };
  }
  return libs;
}

/** Firmata's sampling interval for a frame rate: one report per frame, not faster than 20 ms. */
function samplingMsFor(rateHz: number): number {
  return Math.max(20, Math.floor(1000 / rateHz));
}
