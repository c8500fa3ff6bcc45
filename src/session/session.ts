/**
 * A session wires one board, its clock, the satellite model (eclipse schedule, node,
 * scheduler), safety and the sinks (recorder, dashboard). The same code runs every mode:
 * serial, Firmata, emulated and replay; only the BoardDriver differs.
 *
 * Data path: board frame -> model.step -> NodeState -> recorder + snapshot.
 * Control path (every controlPeriodMs of the board's clock): schedule -> lamp guard ->
 * board.setLamp; node compute level -> board.setLoad.
 */
import type { BoardDriver, BoardEvent, BoardInfo, LinkStats } from "../core/board.js";
import type { SessionEventKind } from "../core/events.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import {
  initialLampGuard,
  type LampGuardConfig,
  type LampGuardEvent,
  type LampGuardState,
  nextLampMode,
  stepLampGuard,
} from "./lamp-guard.js";
import type { AlarmEvaluatorPort, SatelliteModel, SessionRecorder } from "./ports.js";
import { TrendBuffer } from "./trends.js";
import type { SessionControls, SessionMode, SessionSnapshot } from "./types.js";

export interface SessionOptions {
  rigName: string;
  mode: SessionMode;
  board: BoardDriver;
  model: SatelliteModel;
  lamp: LampGuardConfig;
  /** Telemetry rate asked of the board (ignored by replay). */
  rateHz: number;
  recorder?: SessionRecorder | null;
  alarms?: AlarmEvaluatorPort | null;
  /** How often the lamp and load are re-evaluated, in the board clock's ms. Default 100. */
  controlPeriodMs?: number;
  /** Window of the dashboard's trend sparklines at start, bench seconds. Default 120. */
  trendWindowS?: number;
  /** Called once when the session has stopped (for whatever reason). */
  onStopped?: (reason: string) => void;
  /**
   * Board-clock ms that counts as session time 0. Default: the clock when the board opened.
   * A replay passes 0, so orbit time is the recording's whatever --from says.
   */
  timeOriginMs?: number;
  /** Initial speed factor shown and changed by +/- (replay and emulator). Default 1. */
  speed?: number;
}

export type StopReason =
  | "quit"
  | "duration"
  | "SIGINT"
  | "SIGTERM"
  | "error"
  | "end-of-recording"
  | string;

const LOAD_FULL_LEVEL = 255;
const SILENT_LINK_MS = 1000;
/** Session events kept for the dashboard's event list (a 60-row terminal shows ~20). */
const EVENT_HISTORY = 24;
/** The same command failure again within this time is counted, not logged again. */
const FAILURE_REPEAT_MS = 5000;
const DUTY_HISTORY = 50;
/** Trend windows the `t` key cycles through (with the rig's own), bench seconds. */
export const TREND_WINDOWS_S = [60, 120, 600, 3600] as const;
/** Buckets per trend; a sparkline draws at most this many cells (narrower ones average). */
const TREND_POINTS = 120;

export class Session implements SessionControls {
  private readonly board: BoardDriver;
  private readonly model: SatelliteModel;
  private readonly controlPeriodMs: number;
  private info: BoardInfo | null = null;
  private t0Ms = 0;
  private started = false;
  /** Frames count from the moment the board is open and t0 is known. */
  private running = false;
  private stopping: Promise<void> | null = null;
  private stopReason: StopReason | null = null;
  private cancelTick: (() => void) | null = null;
  private unsubscribers: (() => void)[] = [];

  private lastFrame: Frame | null = null;
  private node: NodeState;
  private lastStepOrbitS: number | null = null;
  private lamp: LampGuardState = initialLampGuard();
  private sentLamp: number | null = null;
  private sentLoad: number | null = null;
  private commandInFlight = false;
  private paused = false;
  private speed = 1;
  private readonly dutyHistory: number[] = [];
  /** One set of trend buffers per window the `t` key offers, all filled all along. */
  private readonly trends: { power: TrendBuffer; soc: TrendBuffer; temp: TrendBuffer }[];
  private trendIndex: number;
  private readonly recent: { hostMs: number; text: string }[] = [];
  private framesSeen = 0;
  /** The last command failure logged, and how often it recurred since. */
  private failure: { text: string; loggedMs: number; repeats: number } | null = null;
  private readonly listeners = new Set<() => void>();

  readonly capabilities: SessionControls["capabilities"];

  constructor(private readonly opts: SessionOptions) {
    this.board = opts.board;
    this.model = opts.model;
    this.controlPeriodMs = opts.controlPeriodMs ?? 100;
    this.node = this.model.initial();
    this.speed = opts.speed ?? 1;
    const windowS = opts.trendWindowS ?? 120;
    const windows = [...new Set([...TREND_WINDOWS_S, windowS])].sort((a, b) => a - b);
    this.trends = windows.map((w) => ({
      power: new TrendBuffer(TREND_POINTS, w),
      soc: new TrendBuffer(TREND_POINTS, w),
      temp: new TrendBuffer(TREND_POINTS, w),
    }));
    this.trendIndex = windows.indexOf(windowS);
    const replay = opts.mode === "replay";
    this.capabilities = {
      pause: replay,
      speed: replay || opts.mode === "emulated",
      seek: replay,
      lamp: !replay,
    };
  }

  /** Bench seconds since the session started, on the board's clock. */
  benchS(): number {
    return (this.board.clock.nowMs() - this.t0Ms) / 1000;
  }

  orbitS(): number {
    return this.benchS() * this.model.timeScale;
  }

  /** Opens the board, starts the control loop. Rejects if the board cannot be opened. */
  async start(): Promise<BoardInfo> {
    if (this.started) throw new Error("session already started");
    this.started = true;
    this.unsubscribers.push(this.board.onFrame((f) => this.handleFrame(f)));
    this.unsubscribers.push(this.board.onEvent((e) => this.handleBoardEvent(e)));
    this.info = await this.board.open();
    this.t0Ms = this.opts.timeOriginMs ?? this.board.clock.nowMs();
    this.opts.recorder?.begin(this.info);
    this.running = true;
    this.log(
      "session-start",
      { board: this.info, rateHz: this.opts.rateHz },
      `session started on ${this.info.kind} ${this.info.port}`,
    );
    if (this.opts.mode !== "replay") {
      await this.board
        .setRateHz(this.opts.rateHz)
        .catch((e: unknown) => this.commandFailed("RATE", e));
    }
    this.scheduleTick();
    this.controlTick();
    return this.info;
  }

  // ---- data path -------------------------------------------------------------------

  private handleFrame(frame: Frame): void {
    if (this.stopReason !== null || !this.running) return;
    this.framesSeen++;
    const benchS = (frame.hostMs - this.t0Ms) / 1000;
    const orbitS = benchS * this.model.timeScale;
    const dtS = this.lastStepOrbitS === null ? 0 : Math.max(0, orbitS - this.lastStepOrbitS);
    this.lastStepOrbitS = orbitS;
    const previousOrbit = this.node.orbitNumber;
    const previousDuty = this.node.dutyThisOrbit;
    this.node = this.model.step(orbitS, dtS, frame.powerMw);
    if (this.node.orbitNumber > previousOrbit && this.framesSeen > 1) {
      this.dutyHistory.push(this.node.dutyLastOrbit ?? previousDuty);
      if (this.dutyHistory.length > DUTY_HISTORY) this.dutyHistory.shift();
    }
    this.lastFrame = { ...frame, hostMs: frame.hostMs - this.t0Ms };
    this.opts.recorder?.frame(this.lastFrame, this.node);
    for (const t of this.trends) {
      t.power.push(benchS, frame.powerMw);
      t.soc.push(benchS, this.node.socFraction * 100);
      t.temp.push(benchS, this.node.nodeTempC);
    }
    this.evaluateAlarms(this.lastFrame.hostMs);
    this.notify();
  }

  /** Feeds the alarm evaluator; also called on the control tick, so a silent link alarms. */
  private evaluateAlarms(hostMs: number): void {
    if (this.opts.alarms) {
      const { raised, cleared } = this.opts.alarms.update({
        frame: this.lastFrame,
        node: this.framesSeen > 0 ? this.node : null,
        hostMs,
      });
      for (const a of raised)
        this.log(
          "alarm",
          { ...a, change: "raised" },
          `${a.severity} alarm: ${a.field} ${a.direction} ${a.limit} (${fmt(a.value)})`,
        );
      for (const a of cleared)
        this.log("alarm", { ...a, change: "cleared" }, `cleared: ${a.field}`);
    }
  }

  private handleBoardEvent(e: BoardEvent): void {
    switch (e.kind) {
      case "board-event":
        this.log("board-event", { name: e.name, arg: e.arg }, `board: ${e.name} ${e.arg}`);
        break;
      case "board-error":
        this.log(
          "board-error",
          { code: e.code, detail: e.detail },
          `board error: ${e.code} ${e.detail}`,
        );
        break;
      case "link-down":
        // The gap is marked in the recording; the board driver reconnects by itself.
        this.sentLamp = null;
        this.sentLoad = null;
        this.log("link-down", { reason: e.reason }, `link down: ${e.reason}`);
        break;
      case "link-up":
        this.log(
          "link-up",
          { reconnect: e.reconnect },
          e.reconnect ? "link back up (re-handshaken)" : "link up",
        );
        break;
      case "rejected-line":
        this.opts.recorder?.event(this.relMs(e.hostMs), "rejected-line", {
          reason: e.reason,
          detail: e.detail,
        });
        break;
      case "hello":
        this.info = e.info;
        break;
    }
    this.notify();
  }

  // ---- control path ----------------------------------------------------------------

  private scheduleTick(): void {
    this.cancelTick = this.board.clock.setTimeout(() => {
      if (this.stopReason !== null) return;
      this.controlTick();
      this.scheduleTick();
    }, this.controlPeriodMs);
  }

  private controlTick(): void {
    if (this.stopReason !== null) return;
    // A silent link gets no frames, so nothing would evaluate its staleness: once no frame
    // has come for SILENT_LINK_MS, the tick feeds the evaluator (with the last known values).
    const nowMs = this.board.clock.nowMs() - this.t0Ms;
    const lastMs = this.lastFrame?.hostMs ?? 0;
    if (this.running && nowMs - lastMs >= SILENT_LINK_MS) {
      this.evaluateAlarms(nowMs);
      this.notify();
    }
    if (this.opts.mode === "replay") return;
    const nowS = this.benchS();
    const sun = this.model.sunAt(nowS * this.model.timeScale);
    const panelTempC = this.lastFrame?.panelTempC ?? null;
    const { state, events } = stepLampGuard(this.lamp, this.opts.lamp, {
      nowS,
      illumination: sun.illumination,
      panelTempC,
    });
    this.lamp = state;
    for (const ev of events) this.logLampEvent(ev);
    const loadLevel = Math.round(
      Math.min(1, Math.max(0, this.node.computeLevel)) * LOAD_FULL_LEVEL,
    );
    void this.apply(state.level, loadLevel);
  }

  /** Sends lamp and load levels that changed; one command in flight at a time. */
  private async apply(lampLevel: number, loadLevel: number): Promise<void> {
    if (this.commandInFlight) return;
    // While the link is down or reconnecting a command can only fail (the link events say
    // why); the levels are sent on the first tick after the board is back.
    if (this.board.stats().link !== "up") return;
    this.commandInFlight = true;
    try {
      if (lampLevel !== this.sentLamp) {
        const from = this.sentLamp;
        await this.board.setLamp(lampLevel);
        this.sentLamp = lampLevel;
        this.record("command", { command: "LAMP", level: lampLevel, from });
        if (((from ?? 0) === 0) !== (lampLevel === 0)) {
          this.log(
            "lamp",
            { on: lampLevel > 0, level: lampLevel, region: this.node.region },
            lampLevel > 0 ? "lamp on" : "lamp off",
          );
        }
      }
      if (loadLevel !== this.sentLoad) {
        await this.board.setLoad(loadLevel);
        this.sentLoad = loadLevel;
        this.record("command", { command: "LOAD", level: loadLevel });
      }
    } catch (e) {
      this.commandFailed("LAMP/LOAD", e);
    } finally {
      this.commandInFlight = false;
    }
  }

  private commandFailed(command: string, e: unknown): void {
    const error = String((e as Error)?.message ?? e);
    const text = `${command} failed: ${error}`;
    const now = this.board.clock.nowMs();
    const r = this.failure;
    // A failure that repeats every control tick would flood the event list and the
    // recording: the same one within FAILURE_REPEAT_MS is counted, and the count goes
    // with the next time it is logged.
    if (r && r.text === text && now - r.loggedMs < FAILURE_REPEAT_MS) {
      r.repeats++;
      return;
    }
    const repeats = r && r.text === text ? r.repeats : 0;
    this.failure = { text, loggedMs: now, repeats: 0 };
    this.log(
      "command-failed",
      { command, error, ...(repeats ? { repeatsSinceLast: repeats } : {}) },
      repeats ? `${text} (×${repeats + 1} since last shown)` : text,
    );
  }

  private logLampEvent(ev: LampGuardEvent): void {
    const text =
      ev.kind === "over-temp-cut"
        ? `lamp cut: panel ${ev.panelTempC.toFixed(1)} °C above ${ev.limitC} °C`
        : ev.kind === "over-temp-clear"
          ? `panel cooled to ${ev.panelTempC.toFixed(1)} °C: lamp back on schedule`
          : ev.kind === "max-on-time-cut"
            ? `lamp cut: on for ${ev.onForS.toFixed(0)} s, limit ${ev.limitS} s`
            : "lamp on-time cool-down over";
    this.log("limit", { ...ev }, text);
  }

  // ---- controls (dashboard keys) -----------------------------------------------------

  quit(): Promise<void> {
    return this.stop("quit");
  }

  togglePause(): void {
    if (!this.capabilities.pause) return;
    this.paused = !this.paused;
    const replay = this.board as Partial<{ pause(): void; resume(): void }>;
    if (this.paused) replay.pause?.();
    else replay.resume?.();
    this.log(
      "operator",
      { action: this.paused ? "pause" : "resume" },
      this.paused ? "paused" : "resumed",
    );
  }

  changeSpeed(factor: number): void {
    if (!this.capabilities.speed) return;
    const target = this.board as Partial<{ setSpeed(x: number): void }>;
    if (!target.setSpeed) return;
    this.speed = Math.min(1000, Math.max(0.125, this.speed * factor));
    target.setSpeed(this.speed);
    this.log("operator", { action: "speed", speed: this.speed }, `speed ×${this.speed}`);
  }

  seek(deltaS: number): void {
    if (!this.capabilities.seek) return;
    const target = this.board as Partial<{ seekBy(s: number): void }>;
    target.seekBy?.(deltaS);
    this.lastStepOrbitS = null;
    // Back in time, the trends would mix the samples before and after the seek point.
    if (deltaS < 0)
      for (const t of this.trends) for (const b of [t.power, t.soc, t.temp]) b.clear();
    this.log("operator", { action: "seek", deltaS }, `seek ${deltaS > 0 ? "+" : ""}${deltaS} s`);
  }

  cycleLampMode(): void {
    if (!this.capabilities.lamp) return;
    this.lamp = { ...this.lamp, mode: nextLampMode(this.lamp.mode) };
    this.log(
      "operator",
      { action: "lamp-mode", mode: this.lamp.mode },
      `lamp override: ${this.lamp.mode}`,
    );
    this.controlTick();
  }

  forceEclipse(): void {
    if (this.opts.mode === "replay") return;
    const orbitS = this.orbitS();
    this.model.forceEclipse(orbitS);
    // The orbit time goes into the recording so a re-run applies the same shift exactly.
    this.log("operator", { action: "force-eclipse", orbitS }, "eclipse forced now");
    this.controlTick();
  }

  acknowledgeAlarms(): void {
    this.opts.alarms?.acknowledgeAll();
    this.log("operator", { action: "acknowledge" }, "alarms acknowledged");
  }

  cycleTrendWindow(): number {
    this.trendIndex = (this.trendIndex + 1) % this.trends.length;
    this.notify();
    return this.trends[this.trendIndex]!.power.windowS;
  }

  private trendSeries(): SessionSnapshot["trends"] {
    const t = this.trends[this.trendIndex]!;
    return {
      benchPowerMw: t.power.values(),
      socPct: t.soc.values(),
      nodeTempC: t.temp.values(),
      windowS: t.power.windowS,
    };
  }

  addNote(text: string): void {
    const t = text.trim();
    if (t.length === 0) return;
    this.log("note", { text: t }, `note: ${t}`);
  }

  // ---- snapshot ----------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  getSnapshot(): SessionSnapshot {
    const orbitS = this.lastStepOrbitS ?? this.orbitS();
    return {
      rigName: this.opts.rigName,
      mode: this.opts.mode,
      board: this.info,
      benchElapsedS: this.started ? this.benchS() : 0,
      orbitElapsedS: orbitS,
      timeScale: this.model.timeScale,
      recording: this.opts.recorder
        ? { path: this.opts.recorder.path, bytes: this.opts.recorder.bytes() }
        : null,
      frame: this.lastFrame,
      node: this.framesSeen > 0 ? this.node : null,
      orbit: {
        periodS: this.model.periodS,
        segments: this.model.segments(orbitS),
        next: this.model.nextTransition(orbitS),
      },
      dutyHistory: [...this.dutyHistory],
      trends: this.trendSeries(),
      alarms: this.opts.alarms?.alarms() ?? [],
      link: this.linkStats(),
      nowHostMs: this.started ? this.board.clock.nowMs() - this.t0Ms : 0,
      lampMode: this.lamp.mode,
      paused: this.paused,
      speed: this.speed,
      recentEvents: [...this.recent],
    };
  }

  /** The board's link statistics with times on the session's clock (ms since start). */
  private linkStats(): LinkStats {
    const stats = this.board.stats();
    return stats.lastFrameHostMs === null
      ? stats
      : { ...stats, lastFrameHostMs: stats.lastFrameHostMs - this.t0Ms };
  }

  /** Figures for the end-of-session summary and the recording's footer. */
  summary(): Record<string, unknown> {
    return {
      reason: this.stopReason,
      benchS: round3(this.benchS()),
      orbitS: round3(this.orbitS()),
      frames: this.framesSeen,
      orbitsCompleted: this.node.orbitNumber,
      dutySession: this.node.dutySession,
      workDutySession: this.node.workDutySession,
      workAccelS: this.node.workAccelS,
      socFraction: this.node.socFraction,
      nodeTempC: this.node.nodeTempC,
      link: this.linkStats(),
    };
  }

  get stopped(): boolean {
    return this.stopReason !== null;
  }

  // ---- shutdown ----------------------------------------------------------------------

  /**
   * Stops the session: lamp and load off (board.safe), the recording closed with its
   * footer, the board closed. Idempotent; never throws.
   */
  stop(reason: StopReason): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopReason = reason;
    this.stopping = (async () => {
      this.cancelTick?.();
      try {
        await this.board.safe();
        this.record("command", { command: "SAFE", lamp: 0, load: 0, reason });
      } catch (e) {
        this.record("command-failed", { command: "SAFE", error: String(e) });
      }
      this.sentLamp = 0;
      this.sentLoad = 0;
      this.log("session-end", { reason }, `session ended: ${reason}`);
      try {
        await this.opts.recorder?.close(this.summary());
      } finally {
        for (const u of this.unsubscribers) u();
        await this.board.close().catch(() => undefined);
        this.notify();
        this.opts.onStopped?.(reason);
      }
    })();
    return this.stopping;
  }

  // ---- logging -----------------------------------------------------------------------

  private relMs(hostMs: number): number {
    return hostMs - this.t0Ms;
  }

  private record(kind: SessionEventKind, data: Record<string, unknown>): void {
    this.opts.recorder?.event(this.relMs(this.board.clock.nowMs()), kind, data);
  }

  private log(kind: SessionEventKind, data: Record<string, unknown>, text: string): void {
    const hostMs = this.relMs(this.board.clock.nowMs());
    this.opts.recorder?.event(hostMs, kind, data);
    this.recent.push({ hostMs, text });
    if (this.recent.length > EVENT_HISTORY) this.recent.shift();
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}
