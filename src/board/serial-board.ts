/**
 * SerialBoard: the uno-ina219 firmware over protocol v1, on any Transport and Clock (a
 * serial port, a pseudo-terminal, the emulator's USART, an in-memory mock). It
 * handshakes (INFO -> HELLO, with a version check), applies the settings (watchdog,
 * over-temperature limit, INA219 calibration, rate), keeps the firmware watchdog fed with
 * heartbeats, turns lines into Frames and events, counts every rejected line, and on a
 * lost link reconnects with backoff, handshakes again and re-applies settings and the
 * last lamp and load levels. See docs/protocol.md for the wire format.
 */

import type {
  BoardDriver,
  BoardEvent,
  BoardInfo,
  BoardKind,
  LinkStats,
  SpeedControl,
} from "../core/board.js";
import type { Clock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Frame } from "../core/frame.js";
import { decodeBoardLine } from "../protocol/codec.js";
import { Defaults, PROTOCOL_VERSION } from "../protocol/constants.js";
import type { BoardMessage, HelloMessage } from "../protocol/messages.js";
import { telemetryToFrame } from "../protocol/to-frame.js";
import { LineSplitter } from "../transport/line-splitter.js";
import { openOrExplain } from "../transport/open-error.js";
import { type LinkChange, ReconnectingTransport } from "../transport/reconnecting.js";
import type { Transport } from "../transport/types.js";
import { CommandChannel, type CommandSpec } from "./commands.js";
import { Handshake } from "./handshake.js";
import { Heartbeat } from "./heartbeat.js";
import { checkLevel, checkRateHz } from "./levels.js";
import { LinkStatsTracker } from "./link-stats.js";
import { BoardListeners } from "./listeners.js";
import type { SerialBoardOptions } from "./serial-options.js";
import { type ResolvedCalibration, resolveCalibrations, settingsCommands } from "./settings.js";

export type { SerialBoardOptions } from "./serial-options.js";

type Phase = "idle" | "handshaking" | "up" | "reconnecting" | "closed";

export class SerialBoard implements BoardDriver {
  readonly kind: BoardKind;
  readonly commandable = true;
  /** Set by whoever paces the board (the emulator's pacer, in src/rig); null for a cable. */
  speedControl: SpeedControl | null = null;
  readonly playback = null;
  private readonly transport: Transport;
  private readonly reconnecting: ReconnectingTransport | null;
  private readonly stats_ = new LinkStatsTracker();
  private readonly commands: CommandChannel;
  private readonly splitter: LineSplitter;
  private readonly listeners = new BoardListeners();
  private readonly opts: SerialBoardOptions;
  private readonly handshake: Handshake;
  private phase: Phase = "idle";
  private info_: BoardInfo | null = null;
  private calibrations_: ResolvedCalibration[] = [];
  private lampLevel: number | null = null;
  private loadLevel: number | null = null;
  private rateHz: number | null;
  private readonly heartbeat: Heartbeat;

  constructor(
    transport: Transport,
    readonly clock: Clock,
    options: SerialBoardOptions = {},
  ) {
    this.opts = options;
    this.kind = options.kind ?? "serial";
    this.rateHz = options.rateHz ?? null;
    // Settings are checked here, so a bad rig value fails before the port is opened.
    resolveCalibrations(options.calibration ?? [], []);
    if (options.reconnect === false || transport instanceof ReconnectingTransport) {
      this.reconnecting = transport instanceof ReconnectingTransport ? transport : null;
      this.transport = transport;
    } else {
      this.reconnecting = new ReconnectingTransport(transport, clock, options.reconnect ?? {});
      this.transport = this.reconnecting;
    }
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
      idle: () => this.phase === "up" && this.commands.pending === 0,
      sendHeartbeat: () => {
        this.commands.send({ type: "HB" }, { retries: 0 }).catch(() => {});
      },
      silent: (quietMs) => {
        if (this.phase === "up") this.boardSilent(quietMs);
      },
    });
    this.splitter = new LineSplitter(
      {
        line: (text) => this.onLine(text),
        overlong: (n) => this.reject("overlong", `line of ${n} bytes without a terminator`),
      },
      options.maxLineBytes ?? 512,
    );
    this.transport.onData((chunk) => this.splitter.push(chunk));
    this.transport.onClose((err) => this.onTransportClosed(err));
    this.reconnecting?.onLink((change) => this.onLinkChange(change));
  }

  get info(): BoardInfo | null {
    return this.info_;
  }

  /** INA219 calibrations applied at the last handshake (for the recording header). */
  get calibrations(): readonly ResolvedCalibration[] {
    return this.calibrations_;
  }

  async open(): Promise<BoardInfo> {
    if (this.phase !== "idle")
      throw new Error(`board on ${this.transport.path} was already opened`);
    this.phase = "handshaking";
    this.stats_.setLink("connecting");
    try {
      await openOrExplain(this.transport);
    } catch (e) {
      this.phase = "closed";
      this.stats_.setLink("closed");
      throw e;
    }
    try {
      await this.connect(false);
    } catch (e) {
      this.phase = "closed";
      this.stats_.setLink("closed");
      this.handshake.cancel();
      await this.transport.close().catch(() => {});
      throw e;
    }
    return this.info_!;
  }

  onFrame(listener: (frame: Frame) => void): () => void {
    return this.listeners.onFrame(listener);
  }

  onEvent(listener: (event: BoardEvent) => void): () => void {
    return this.listeners.onEvent(listener);
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
      if (this.phase !== "up" || !this.transport.isOpen) return;
      await this.commands.send({ type: "SAFE" }, { urgent: true, retries: 2 });
    } catch {
      // Nothing more can be done from here; the firmware watchdog is the last guard.
    }
  }

  stats(): LinkStats {
    return this.stats_.snapshot();
  }

  async close(): Promise<void> {
    if (this.phase === "closed") return;
    await this.safe();
    this.phase = "closed";
    this.stopHeartbeat();
    this.handshake.cancel();
    this.commands.failAll(new OrbitrigError("LINK_LOST", "board closed", ExitCode.io));
    await this.transport.close().catch(() => {});
    this.stats_.setLink("closed");
  }

  private command(spec: CommandSpec): Promise<void> {
    if (this.phase !== "up") {
      const what = "level" in spec ? `${spec.type} ${spec.level}` : spec.type;
      return Promise.reject(
        new OrbitrigError(
          "LINK_LOST",
          `${what} not sent: link is ${this.stats_.link}; it will be applied when the board is back`,
          ExitCode.io,
        ),
      );
    }
    return this.commands.send(spec);
  }

  /** Handshake and settings, on first open and after every reconnect. */
  private async connect(reconnect: boolean): Promise<void> {
    this.splitter.reset();
    this.stats_.forgetSequence();
    const hello = await this.handshake.run();
    this.acceptHello(hello);
    this.phase = "up";
    await this.applySettings(reconnect);
    this.stats_.setLink("up");
    this.startHeartbeat();
    this.emit({ kind: "link-up", hostMs: this.clock.nowMs(), reconnect });
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

  /** Settings first, then the last lamp and load levels. On a reconnect, failures are events, not errors. */
  private async applySettings(lenient: boolean): Promise<void> {
    const specs = settingsCommands({
      watchdogMs: this.opts.watchdogMs,
      overTempC: this.opts.overTempC,
      calibrations: this.calibrations_,
      rateHz: this.rateHz,
      lamp: this.lampLevel,
      load: this.loadLevel,
    });
    for (const spec of specs) {
      try {
        await this.commands.send(spec);
      } catch (e) {
        if (!lenient) throw e;
        this.emit({
          kind: "board-error",
          hostMs: this.clock.nowMs(),
          code: "SETTING",
          detail: (e as Error).message,
        });
      }
    }
  }

  private onLine(text: string): void {
    this.heartbeat.noteLine();
    this.handshake.sawLine();
    const r = decodeBoardLine(text);
    if (!r.ok) {
      this.reject(r.reason, r.detail);
      return;
    }
    this.onMessage(r.message);
  }

  private onMessage(m: BoardMessage): void {
    const hostMs = this.clock.nowMs();
    switch (m.type) {
      case "HELLO":
        if (this.handshake.offer(m)) return;
        if (this.phase === "up") this.boardRebooted(m);
        return;
      case "T": {
        if (!this.info_ || this.phase === "handshaking") return; // no channel layout yet
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
    void this.applySettings(true);
  }

  private reject(reason: Parameters<LinkStatsTracker["rejected"]>[0], detail: string): void {
    this.stats_.rejected(reason);
    this.emit({ kind: "rejected-line", hostMs: this.clock.nowMs(), reason, detail });
  }

  private onLinkChange(change: LinkChange): void {
    if (this.phase === "closed" || this.phase === "idle") return;
    const hostMs = this.clock.nowMs();
    if (change.state === "down") {
      this.phase = "reconnecting";
      this.stopHeartbeat();
      this.handshake.cancel();
      this.stats_.setLink("down");
      this.commands.failAll(
        new OrbitrigError(
          "LINK_LOST",
          `link to ${this.transport.path} lost: ${change.reason}`,
          ExitCode.io,
        ),
      );
      this.emit({ kind: "link-down", hostMs, reason: change.reason });
    } else if (change.state === "retrying") {
      this.stats_.setLink("reconnecting");
    } else if (change.state === "up") {
      this.stats_.reconnected();
      this.phase = "handshaking";
      void this.reconnectHandshake();
    }
  }

  /** The port is open but the board says nothing: mark the gap and handshake again. */
  private boardSilent(quietMs: number): void {
    this.phase = "handshaking";
    this.stopHeartbeat();
    this.stats_.setLink("reconnecting");
    this.commands.failAll(
      new OrbitrigError("LINK_LOST", `board on ${this.transport.path} silent`, ExitCode.io),
    );
    this.emit({
      kind: "link-down",
      hostMs: this.clock.nowMs(),
      reason: `no data from ${this.transport.path} for ${Math.round(quietMs)} ms`,
    });
    this.stats_.reconnected();
    void this.reconnectHandshake();
  }

  /** After the port is back: handshake until the board answers (it may still be booting). */
  private async reconnectHandshake(): Promise<void> {
    while (this.phase === "handshaking" && this.transport.isOpen) {
      try {
        await this.connect(true);
        return;
      } catch (e) {
        if (this.phase !== "handshaking") return;
        this.emit({
          kind: "board-error",
          hostMs: this.clock.nowMs(),
          code: "HANDSHAKE",
          detail: (e as Error).message,
        });
      }
    }
  }

  private onTransportClosed(err?: Error): void {
    if (this.phase === "closed") return;
    // Closed for good: not reconnecting (option off, gave up, or the other end stopped).
    this.phase = "closed";
    this.stopHeartbeat();
    this.handshake.cancel();
    this.stats_.setLink("closed");
    this.commands.failAll(
      new OrbitrigError(
        "LINK_LOST",
        `link to ${this.transport.path} closed${err ? `: ${err.message}` : ""}`,
        ExitCode.io,
      ),
    );
    this.emit({
      kind: "link-down",
      hostMs: this.clock.nowMs(),
      reason: err?.message ?? "closed by the other end",
    });
  }

  private startHeartbeat(): void {
    const watchdogMs = this.opts.watchdogMs ?? Defaults.watchdogMs;
    const periodMs = this.opts.heartbeatMs ?? Math.min(1000, Math.floor(watchdogMs / 3));
    this.heartbeat.start(periodMs, this.opts.silenceMs ?? Math.max(3000, 3 * periodMs));
  }

  private stopHeartbeat(): void {
    this.heartbeat.stop();
  }

  private emit(event: BoardEvent): void {
    this.listeners.event(event);
  }
}
