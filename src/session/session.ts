/**
 * A session wires one board, its clock, the satellite model (eclipse schedule, node,
 * scheduler), safety and its sinks (the recorder, the dashboard's view, the network
 * publisher: all equal, all fed the same calls). The same code runs every mode: serial,
 * Firmata, emulated and replay; only the BoardDriver differs, and what it can do
 * (commands, speed, pause and seek) is asked of it, not of the mode.
 *
 * Data path: board frame -> model.step -> NodeState -> every sink.
 * Control path (every controlPeriodMs of the board's clock): schedule -> lamp guard ->
 * board.setLamp; node compute level -> board.setLoad.
 */
import type { BoardDriver, BoardEvent, BoardInfo, LinkStats } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import type { SessionEventKind } from "../core/events.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type { LampCheckConfig } from "./lamp-check.js";
import type { LampGuardConfig } from "./lamp-guard.js";
import { Outputs } from "./outputs.js";
import type { AlarmEvaluatorPort, SatelliteModel, SessionRecorder } from "./ports.js";
import type {
  ChangeResult,
  LiveSettings,
  SessionControls,
  SessionEvent,
  SessionMode,
  SessionSink,
  SessionStatus,
} from "./types.js";

export interface SessionOptions {
  rigName: string;
  mode: SessionMode;
  board: BoardDriver;
  model: SatelliteModel;
  lamp: LampGuardConfig;
  /** Checks the cell's light against the lamp commanded (a stuck relay, a blown bulb). Default off. */
  lampCheck?: LampCheckConfig | null;
  /**
   * With a lamp check: after the final SAFE, watch the cell for the lamp's response time
   * and record whether it went dark. The wall clock bounds the wait should the board's
   * clock stop. Default: no watch.
   */
  verifySafe?: { wallClock: Clock } | null;
  /** Telemetry rate asked of the board (ignored by replay). */
  rateHz: number;
  /** The recording: one sink among others, whose path and size the status reports. */
  recorder?: SessionRecorder | null;
  /** More sinks (the dashboard's view subscribes itself with addSink). */
  sinks?: SessionSink[];
  alarms?: AlarmEvaluatorPort | null;
  /** How often the lamp and load are re-evaluated, in the board clock's ms. Default 100. */
  controlPeriodMs?: number;
  /** Called once when the session has stopped (for whatever reason). */
  onStopped?: (reason: string) => void;
  /**
   * Board-clock ms that counts as session time 0. Default: the clock when the board opened.
   * A replay passes 0, so orbit time is the recording's whatever --from says.
   */
  timeOriginMs?: number;
}

export type StopReason =
  | "quit"
  | "duration"
  | "SIGINT"
  | "SIGTERM"
  | "error"
  | "end-of-recording"
  | string;

const SILENT_LINK_MS = 1000;

export class Session implements SessionControls, LiveSettings {
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
  private readonly outputs: Outputs;
  /** While the final SAFE is being checked: sees the frames that still come. */
  private darkWatch: ((frame: Frame) => void) | null = null;
  /** The cell stayed lit after the final SAFE. */
  private safeContradicted = false;
  private framesSeen = 0;
  private readonly sinks: SessionSink[] = [];

  readonly capabilities: SessionControls["capabilities"];

  constructor(private readonly opts: SessionOptions) {
    this.board = opts.board;
    this.model = opts.model;
    this.controlPeriodMs = opts.controlPeriodMs ?? 100;
    this.node = this.model.initial();
    this.outputs = new Outputs(
      {
        board: this.board,
        stopped: () => this.stopReason !== null,
        region: () => this.node.region,
        log: (kind, data, text) => this.log(kind, data, text),
        record: (kind, data) => this.record(kind, data),
      },
      opts.lamp,
      opts.lampCheck ?? null,
    );
    if (opts.recorder) this.sinks.push(opts.recorder);
    this.sinks.push(...(opts.sinks ?? []));
    this.capabilities = {
      pause: this.board.playback !== null,
      speed: this.board.speedControl !== null,
      seek: this.board.playback !== null,
      lamp: this.board.commandable,
    };
  }

  /** Adds a sink; one added after start() gets begin() at once. Returns its removal. */
  addSink(sink: SessionSink): () => void {
    this.sinks.push(sink);
    if (this.running && this.info) sink.begin?.(this.info);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
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
    for (const sink of this.sinks) sink.begin?.(this.info);
    this.running = true;
    this.log(
      "session-start",
      { board: this.info, rateHz: this.opts.rateHz },
      `session started on ${this.info.kind} ${this.info.port}`,
    );
    if (this.board.commandable) {
      await this.board
        .setRateHz(this.opts.rateHz)
        .catch((e: unknown) => this.outputs.commandFailed("RATE", e));
    }
    this.scheduleTick();
    this.controlTick();
    return this.info;
  }

  // ---- data path -------------------------------------------------------------------

  private handleFrame(frame: Frame): void {
    this.darkWatch?.(frame);
    if (this.stopReason !== null || !this.running) return;
    this.framesSeen++;
    const benchS = (frame.hostMs - this.t0Ms) / 1000;
    const orbitS = benchS * this.model.timeScale;
    const dtS = this.lastStepOrbitS === null ? 0 : Math.max(0, orbitS - this.lastStepOrbitS);
    this.lastStepOrbitS = orbitS;
    const rel = { ...frame, hostMs: frame.hostMs - this.t0Ms };
    this.outputs.frame(rel);
    // While the lamp and the cell disagree, the bench is not the Sun: the node follows the
    // orbit alone (null bench power) rather than charge in the Earth's shadow.
    const benchPowerMw = this.outputs.lampVerdict === "ok" ? frame.powerMw : null;
    this.node = this.model.step(orbitS, dtS, benchPowerMw);
    this.lastFrame = rel;
    for (const sink of this.sinks) sink.frame?.(this.lastFrame, this.node);
    this.evaluateAlarms(this.lastFrame.hostMs);
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
        // The firmware's watchdog turned lamp and load off while the host was silent: now
        // that it hears the host again, it waits to be told the levels.
        if (e.name === "HOSTBACK") this.outputs.reapply("the board's watchdog had turned them off");
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
        this.outputs.forget();
        this.log("link-down", { reason: e.reason }, `link down: ${e.reason}`);
        break;
      case "link-up":
        this.log(
          "link-up",
          { reconnect: e.reconnect },
          e.reconnect ? "link back up (re-handshaken)" : "link up",
        );
        if (e.reconnect) this.outputs.reapply("the link was down");
        break;
      case "rejected-line":
        this.emit({
          hostMs: this.relMs(e.hostMs),
          kind: "rejected-line",
          data: { reason: e.reason, detail: e.detail },
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
    if (!this.board.commandable) return;
    const nowS = this.benchS();
    this.outputs.tick({
      nowS,
      illumination: this.model.sunAt(nowS * this.model.timeScale).illumination,
      panelTempC: this.lastFrame?.panelTempC ?? null,
      computeLevel: this.node.computeLevel,
    });
  }

  // ---- controls (dashboard keys) -----------------------------------------------------

  quit(): Promise<void> {
    return this.stop("quit");
  }

  togglePause(): void {
    const playback = this.board.playback;
    if (!playback) return;
    if (playback.paused) playback.resume();
    else playback.pause();
    this.log(
      "operator",
      { action: playback.paused ? "pause" : "resume" },
      playback.paused ? "paused" : "resumed",
    );
  }

  changeSpeed(factor: number): void {
    const control = this.board.speedControl;
    if (!control) return;
    const speed = Math.min(1000, Math.max(0.125, this.speed() * factor));
    control.setSpeed(speed);
    this.log("operator", { action: "speed", speed }, `speed ×${speed}`);
  }

  /** The board's pace as a factor (a "max" pace counts as 1 for the +/- keys). */
  private speed(): number {
    const speed = this.board.speedControl?.speed ?? 1;
    return speed === "max" ? 1 : speed;
  }

  seek(deltaS: number): void {
    const playback = this.board.playback;
    if (!playback) return;
    playback.seekBy(deltaS);
    this.lastStepOrbitS = null;
    this.log("operator", { action: "seek", deltaS }, `seek ${deltaS > 0 ? "+" : ""}${deltaS} s`);
  }

  cycleLampMode(): void {
    if (!this.capabilities.lamp) return;
    const mode = this.outputs.cycleLampMode();
    this.log("operator", { action: "lamp-mode", mode }, `lamp override: ${mode}`);
    this.controlTick();
  }

  forceEclipse(): void {
    // A recording's lamp is what it was: the schedule of a replay cannot be moved.
    if (!this.board.commandable) return;
    const orbitS = this.orbitS();
    this.model.forceEclipse(orbitS);
    // The orbit time goes into the recording so a re-run applies the same shift exactly.
    this.log("operator", { action: "force-eclipse", orbitS }, "eclipse forced now");
    this.controlTick();
  }

  acknowledgeAlarms(): void {
    this.opts.alarms?.acknowledgeAll();
    this.outputs.acknowledge();
    this.log("operator", { action: "acknowledge" }, "alarms acknowledged");
  }

  addNote(text: string): void {
    const t = text.trim();
    if (t.length === 0) return;
    this.log("note", { text: t }, `note: ${t}`);
  }

  setPolicy(name: string): ChangeResult {
    return this.change("set-policy", { policy: name }, `policy: ${name}`, (m) =>
      m.setPolicy?.(name),
    );
  }

  setParameter(key: string, value: unknown): ChangeResult {
    return this.change("set", { key, value }, `set ${key} = ${String(value)}`, (m) =>
      m.setParameter?.(key, value),
    );
  }

  /** A live model change: refused when the model cannot, logged (with orbit time) when done. */
  private change(
    action: string,
    data: Record<string, unknown>,
    text: string,
    apply: (m: SatelliteModel) => void,
  ): ChangeResult {
    const can = action === "set-policy" ? this.model.setPolicy : this.model.setParameter;
    if (!can) return { ok: false, reason: "this session's model cannot change while it runs" };
    try {
      apply(this.model);
    } catch (e) {
      return { ok: false, reason: (e as Error).message };
    }
    this.log("operator", { action, ...data, orbitS: this.orbitS() }, text);
    this.notify();
    return { ok: true, text };
  }

  // ---- status ----------------------------------------------------------------------

  /** The session now, for any view. Cheap enough to call at a dashboard's frame rate. */
  status(): SessionStatus {
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
      alarms: [
        ...(this.outputs.lampAlarm ? [this.outputs.lampAlarm] : []),
        ...(this.opts.alarms?.alarms() ?? []),
      ],
      link: this.linkStats(),
      nowHostMs: this.started ? this.board.clock.nowMs() - this.t0Ms : 0,
      lampMode: this.outputs.lampMode,
      paused: this.board.playback?.paused ?? false,
      speed: this.speed(),
      policy: this.model.policyName,
    };
  }

  private notify(): void {
    for (const sink of this.sinks) sink.changed?.();
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
      ...(this.outputs.lampVerdict !== "ok"
        ? { lampFault: this.outputs.lampVerdict }
        : this.safeContradicted
          ? { lampFault: "stuck-on" }
          : {}),
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
      const link = this.board.stats().link;
      try {
        await this.board.safe();
        if (!this.board.commandable) {
          // A recording has nothing to turn off.
        } else if (link !== "up") {
          // Nothing reached the board: say so, not that it was done.
          this.record("command-failed", {
            command: "SAFE",
            reason,
            error: `not delivered: the link is ${link}; the firmware's watchdog turns lamp and load off once the host is silent`,
          });
        } else {
          const sentAtMs = this.relMs(this.board.clock.nowMs());
          const cell = await this.cellAfterSafe();
          if (cell.lit) this.safeContradicted = true;
          const stuck = this.outputs.lampVerdict === "stuck-on" || cell.lit;
          const powerMw = cell.powerMw ?? this.lastFrame?.powerMw ?? null;
          this.record(
            "command",
            {
              command: "SAFE",
              lamp: 0,
              load: 0,
              reason,
              ...(cell.checked ? { cellMw: powerMw } : {}),
              ...(stuck
                ? { contradicted: `the cell still reads ${powerMw ?? "?"} mW: lamp stuck on` }
                : {}),
            },
            sentAtMs,
          );
          if (cell.lit)
            this.log(
              "lamp-fault",
              { verdict: "stuck-on", lamp: 0, benchPowerMw: powerMw, afterSafe: true },
              `LAMP STUCK ON after SAFE: the cell reads ${powerMw?.toFixed(0)} mW (switch it off at the mains)`,
            );
        }
      } catch (e) {
        this.record("command-failed", { command: "SAFE", reason, error: String(e) });
      }
      this.outputs.safed();
      this.log("session-end", { reason }, `session ended: ${reason}`);
      try {
        const summary = this.summary();
        for (const sink of this.sinks) await sink.end?.(summary);
      } finally {
        for (const u of this.unsubscribers) u();
        await this.board.close().catch(() => undefined);
        this.notify();
        this.opts.onStopped?.(reason);
      }
    })();
    return this.stopping;
  }

  /**
   * After the final SAFE: the frames still coming say whether the cell went dark within the
   * lamp's response time. `checked` is false when nothing could be judged (no lamp check, no
   * idea yet what lit looks like, or no frame came).
   */
  private cellAfterSafe(): Promise<{ checked: boolean; lit: boolean; powerMw: number | null }> {
    const limitMw = this.outputs.darkLimitMw();
    const verify = this.opts.verifySafe;
    const cfg = this.opts.lampCheck;
    if (!verify || !cfg || limitMw === null || this.outputs.lampVerdict === "stuck-on")
      return Promise.resolve({ checked: false, lit: false, powerMw: null });
    const startMs = this.board.clock.nowMs();
    return new Promise((resolve) => {
      let last: number | null = null;
      const finish = (checked: boolean, lit: boolean) => {
        this.darkWatch = null;
        cancelWall();
        resolve({ checked, lit, powerMw: last });
      };
      const cancelWall = verify.wallClock.setTimeout(
        () => finish(last !== null, false),
        2 * cfg.responseMs + 1000,
      );
      this.darkWatch = (f) => {
        last = f.powerMw;
        if (f.powerMw <= limitMw) finish(true, false);
        else if (f.hostMs - startMs >= cfg.responseMs) finish(true, true);
      };
    });
  }

  // ---- logging -----------------------------------------------------------------------

  private relMs(hostMs: number): number {
    return hostMs - this.t0Ms;
  }

  /** An event for the recording only (commands: too many to list for people). */
  private record(
    kind: SessionEventKind,
    data: Record<string, unknown>,
    hostMs = this.relMs(this.board.clock.nowMs()),
  ): void {
    this.emit({ hostMs, kind, data });
  }

  /** An event for the recording and for people (text). */
  private log(kind: SessionEventKind, data: Record<string, unknown>, text: string): void {
    this.emit({ hostMs: this.relMs(this.board.clock.nowMs()), kind, data, text });
  }

  private emit(event: SessionEvent): void {
    for (const sink of this.sinks) sink.event?.(event);
    this.notify();
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}
