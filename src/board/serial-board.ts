/**
 * SerialBoard: the uno-ina219 firmware over protocol v1, on any Transport and Clock (a
 * serial port, a pseudo-terminal, the emulator's USART, an in-memory mock). It
 * handshakes (INFO -> HELLO, with a version check), applies the settings (watchdog,
 * over-temperature limit, INA219 calibration, rate), keeps the firmware watchdog fed with
 * heartbeats, turns lines into Frames and events, and counts every rejected line. When the link
 * (./link.ts: open, reconnect, silence, close) comes back after a loss, it handshakes again
 * and re-applies the settings and the last lamp and load levels. See docs/protocol.md for
 * the wire format.
 */

import type { BoardDriver, BoardKind, SpeedControl } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import type { OrbitrigError } from "../core/errors.js";
import { Defaults, PROTOCOL_VERSION } from "../protocol/constants.js";
import { BoardLineDecoder } from "../protocol/decode-bytes.js";
import type { BoardMessage, HelloMessage } from "../protocol/messages.js";
import { telemetryToFrame } from "../protocol/to-frame.js";
import { LineSplitter } from "../transport/line-splitter.js";
import type { Transport } from "../transport/types.js";
import { CommandChannel, type CommandSpec } from "./commands.js";
import { Handshake } from "./handshake.js";
import { Heartbeat } from "./heartbeat.js";
import { checkLevel, checkRateHz, notSentWhileDown } from "./levels.js";
import { BoardLink, type LinkAttempt } from "./link.js";
import type { LinkStatsTracker } from "./link-stats.js";
import { LinkedBoard } from "./linked-board.js";
import type { SerialBoardOptions } from "./serial-options.js";
import { type ResolvedCalibration, resolveCalibrations, settingsCommands } from "./settings.js";

export type { SerialBoardOptions } from "./serial-options.js";

export class SerialBoard extends LinkedBoard implements BoardDriver {
  readonly kind: BoardKind;
  readonly commandable = true;
  /** Set by whoever paces the board (the emulator's pacer, in src/rig); null for a cable. */
  speedControl: SpeedControl | null = null;
  readonly playback = null;
  protected readonly link: BoardLink;
  private readonly transport: Transport;
  private readonly commands: CommandChannel;
  private readonly splitter: LineSplitter;
  private readonly opts: SerialBoardOptions;
  private readonly handshake: Handshake;
  private readonly heartbeat: Heartbeat;
  /** The board's HELLO was accepted on this connection: frames and commands flow. */
  private talking = false;
  private calibrations_: ResolvedCalibration[] = [];
  private lampLevel: number | null = null;
  private loadLevel: number | null = null;
  private rateHz: number | null;
  /**
   * When the chunk being split arrived, on this board's clock: its lines arrived together.
   * One clock read per chunk, not two per line (at a few hundred thousand lines a second
   * the reads showed in the profile).
   */
  private chunkMs = 0;
  /** Its telemetry message is reused line after line: onMessage turns it into a Frame at once. */
  private readonly decoder = new BoardLineDecoder();

  constructor(
    transport: Transport,
    readonly clock: Clock,
    options: SerialBoardOptions = {},
  ) {
    super();
    this.opts = options;
    this.kind = options.kind ?? "serial";
    this.rateHz = options.rateHz ?? null;
    // Settings are checked here, so a bad rig value fails before the port is opened.
    resolveCalibrations(options.calibration ?? [], []);
    const watchdogMs = options.watchdogMs ?? Defaults.watchdogMs;
    const heartbeatMs = options.heartbeatMs ?? Math.min(1000, Math.floor(watchdogMs / 3));
    this.link = new BoardLink(
      transport,
      clock,
      {
        connect: (reconnect, attempt) => this.connect(reconnect, attempt),
        started: () => this.heartbeat.start(heartbeatMs),
        stopped: (error) => this.stopped(error),
      },
      (event) => this.emit(event),
      {
        reconnect: options.reconnect,
        silenceMs: options.silenceMs ?? Math.max(3000, 3 * heartbeatMs),
      },
    );
    this.transport = this.link.transport;
    this.commands = new CommandChannel(clock, (line) => this.transport.write(line), this.stats_, {
      timeoutMs: options.commandTimeoutMs ?? 500,
      retries: options.commandRetries ?? 3,
    });
    this.handshake = new Handshake(clock, (spec) => this.commands.sendUntracked(spec), {
      timeoutMs: options.handshakeTimeoutMs ?? 5000,
      infoIntervalMs: options.infoIntervalMs ?? 1000,
      protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION,
      path: transport.path,
    });
    this.heartbeat = new Heartbeat(clock, {
      idle: () => this.link.phase === "up" && this.commands.pending === 0,
      sendHeartbeat: () => {
        this.commands.send({ type: "HB" }, { retries: 0 }).catch(() => {});
      },
    });
    this.splitter = new LineSplitter(
      {
        bytes: (buf, start, end) => this.onLine(buf, start, end),
        overlong: (n) => this.reject("overlong", `line of ${n} bytes without a terminator`),
      },
      options.maxLineBytes ?? 512,
    );
    this.transport.onData((chunk) => {
      this.chunkMs = this.clock.nowMs();
      this.splitter.push(chunk);
    });
  }

  /** INA219 calibrations applied at the last handshake (for the recording header). */
  get calibrations(): readonly ResolvedCalibration[] {
    return this.calibrations_;
  }

  private get stats_(): LinkStatsTracker {
    return this.link.stats;
  }

  async setLamp(level: number): Promise<void> {
    checkLevel("lamp", level);
    this.lampLevel = level;
    return this.command({ type: "LAMP", level });
  }

  async setLoad(level: number): Promise<void> {
    checkLevel("load", level);
    this.loadLevel = level;
    return this.command({ type: "LOAD", level });
  }

  async setRateHz(hz: number): Promise<void> {
    checkRateHz(hz);
    this.rateHz = hz;
    return this.command({ type: "RATE", hz });
  }

  async safe(): Promise<void> {
    try {
      this.lampLevel = 0;
      this.loadLevel = 0;
      if (!this.talking || !this.transport.isOpen) return;
      await this.commands.send({ type: "SAFE" }, { urgent: true, retries: 2 });
    } catch {
      // Nothing more can be done from here; the firmware watchdog is the last guard.
    }
  }

  private command(spec: CommandSpec): Promise<void> {
    if (!this.talking) {
      const what = "level" in spec ? `${spec.type} ${spec.level}` : spec.type;
      return Promise.reject(notSentWhileDown(what, this.link.state));
    }
    return this.commands.send(spec);
  }

  /** Handshake and settings, on first open and after every loss. */
  private async connect(reconnect: boolean, attempt: LinkAttempt): Promise<void> {
    this.splitter.reset();
    if (reconnect) this.stats_.reconnecting();
    else this.stats_.forgetSequence();
    const hello = await this.handshake.run();
    if (!attempt.current) return;
    this.acceptHello(hello);
    this.talking = true;
    await this.applySettings(reconnect, () => attempt.current);
  }

  /** The link is down, closed, or a connect attempt was given up. */
  private stopped(error: OrbitrigError): void {
    this.talking = false;
    this.heartbeat.stop();
    this.handshake.cancel();
    this.commands.failAll(error);
  }

  private acceptHello(hello: HelloMessage): void {
    this.info_ = {
      kind: this.kind,
      port: this.transport.path,
      profile: hello.profile,
      protocolVersion: hello.protocolVersion,
      firmwareVersion: hello.firmwareVersion,
      boardId: hello.boardId,
      caps: hello.caps,
      channels: hello.channels,
    };
    this.calibrations_ = resolveCalibrations(this.opts.calibration ?? [], hello.channels);
    this.emit({ kind: "hello", hostMs: this.clock.nowMs(), info: this.info_ });
  }

  /**
   * Settings first, then the last lamp and load levels. On a reconnect, failures are
   * events, not errors. Stops when the connection it was for is gone.
   */
  private async applySettings(lenient: boolean, wanted: () => boolean): Promise<void> {
    const specs = settingsCommands({
      watchdogMs: this.opts.watchdogMs,
      overTempC: this.opts.overTempC,
      calibrations: this.calibrations_,
      rateHz: this.rateHz,
      lamp: this.lampLevel,
      load: this.loadLevel,
    });
    for (const spec of specs) {
      if (!wanted()) return;
      try {
        await this.commands.send(spec);
      } catch (e) {
        if (!lenient) throw e;
        if (!wanted()) return;
        this.emit({
          kind: "board-error",
          hostMs: this.clock.nowMs(),
          code: "SETTING",
          detail: (e as Error).message,
        });
      }
    }
  }

  private onLine(buf: Uint8Array, start: number, end: number): void {
    this.link.heard(this.chunkMs);
    this.handshake.sawLine();
    const r = this.decoder.decode(buf, start, end);
    if (!r.ok) {
      this.reject(r.reason, r.detail);
      return;
    }
    this.onMessage(r.message);
  }

  private onMessage(m: BoardMessage): void {
    const hostMs = this.chunkMs;
    switch (m.type) {
      case "HELLO":
        if (this.handshake.offer(m)) return;
        if (this.talking) this.boardRebooted(m);
        return;
      case "T": {
        if (!this.info_ || !this.talking) return; // no channel layout yet
        this.stats_.frame(m.seq, m.ms, hostMs);
        const frame = telemetryToFrame(m, this.info_.channels, hostMs);
        this.listeners.frame(frame);
        return;
      }
      case "ACK":
        this.commands.ack(m.id);
        return;
      case "NAK":
        this.commands.nak(m.id, m.code);
        return;
      case "EVT":
        this.emit({ kind: "board-event", hostMs, name: m.kind, arg: m.arg });
        return;
      case "ERR":
        this.emit({ kind: "board-error", hostMs, code: m.code, detail: m.detail });
        return;
    }
  }

  /** A HELLO while up: the board reset by itself (brown-out, reset button). Its settings are gone. */
  private boardRebooted(hello: HelloMessage): void {
    if (hello.protocolVersion !== (this.opts.protocolVersion ?? PROTOCOL_VERSION)) {
      this.emit({
        kind: "board-error",
        hostMs: this.clock.nowMs(),
        code: "PROTOCOL_VERSION",
        detail: `board now speaks protocol v${hello.protocolVersion}`,
      });
      return;
    }
    this.stats_.forgetSequence();
    this.acceptHello(hello);
    void this.applySettings(true, () => this.talking);
  }

  private reject(reason: Parameters<LinkStatsTracker["rejected"]>[0], detail: string): void {
    this.stats_.rejected(reason);
    this.emit({ kind: "rejected-line", hostMs: this.chunkMs, reason, detail });
  }
}
