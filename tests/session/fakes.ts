/** Test doubles for session tests: a scripted board on a ManualClock and a simple model. */
import type {
  BoardDriver,
  BoardEvent,
  BoardInfo,
  LinkStats,
  PlaybackControl,
  SpeedControl,
} from "../../src/core/board.js";
import { emptyLinkStats } from "../../src/core/board.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { defaultNodeParams, initialNodeState } from "../../src/node/index.js";
import type { NodeState } from "../../src/node/state.js";
import type { LampGuardConfig } from "../../src/session/lamp-guard.js";
import type { SatelliteModel, SessionRecorder, SunAt } from "../../src/session/ports.js";
import { Session, type SessionOptions } from "../../src/session/session.js";
import type { SessionEvent } from "../../src/session/types.js";

export class FakeBoard implements BoardDriver {
  readonly kind = "emulated" as const;
  commandable = true;
  speedControl: SpeedControl | null = null;
  playback: PlaybackControl | null = null;
  readonly clock = new ManualClock(5000);
  info: BoardInfo | null = null;
  readonly commands: { atMs: number; command: string; level?: number }[] = [];
  private frameListeners = new Set<(f: Frame) => void>();
  private eventListeners = new Set<(e: BoardEvent) => void>();
  lamp = 0;
  load = 0;
  seq = 0;
  closed = false;
  failSafe = false;

  async open(): Promise<BoardInfo> {
    this.info = {
      kind: "emulated",
      port: "fake",
      profile: "fake",
      protocolVersion: 1,
      firmwareVersion: "0",
      boardId: "F",
      caps: {},
      channels: [{ address: 0x40, role: "array" }],
    };
    return this.info;
  }
  onFrame(l: (f: Frame) => void) {
    this.frameListeners.add(l);
    return () => this.frameListeners.delete(l);
  }
  onEvent(l: (e: BoardEvent) => void) {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }
  /** When set, lamp and load commands fail with this message (a NAK, a timeout). */
  failCommands: string | null = null;
  link: LinkStats["link"] = "up";
  async setLamp(level: number) {
    this.commands.push({ atMs: this.clock.nowMs(), command: "LAMP", level });
    if (this.failCommands) throw new Error(this.failCommands);
    this.lamp = level;
  }
  async setLoad(level: number) {
    this.commands.push({ atMs: this.clock.nowMs(), command: "LOAD", level });
    if (this.failCommands) throw new Error(this.failCommands);
    this.load = level;
  }
  async setRateHz() {}
  async safe() {
    this.commands.push({ atMs: this.clock.nowMs(), command: "SAFE" });
    if (this.failSafe) throw new Error("link dead");
    this.lamp = 0;
    this.load = 0;
  }
  lastFrameMs: number | null = null;
  stats(): LinkStats {
    return {
      ...emptyLinkStats(),
      link: this.link,
      lastFrameHostMs: this.lastFrameMs,
      framesReceived: this.seq,
    };
  }
  async close() {
    this.closed = true;
  }
  /** The lamp's light whatever its level (a welded relay), or null for a working lamp. */
  stuckLightLevel: number | null = null;
  /**
   * Emits one frame whose array power follows the lamp's light (1 mW per level), stamped
   * now or at `atMs` (a recording played back goes back in time after a seek).
   */
  emitFrame(panelTempC: number | null = 25, atMs = this.clock.nowMs()): void {
    const light = this.stuckLightLevel ?? this.lamp;
    const f: Frame = {
      seq: this.seq++,
      boardMs: atMs,
      hostMs: atMs,
      busV: 5,
      currentMa: light / 5,
      powerMw: light,
      panelTempC,
      boardTempC: null,
      lamp: this.lamp,
      load: this.load,
      flags: 0,
      status: {
        panelTempPresent: true,
        watchdogTripped: false,
        overTempCut: false,
        safeMode: false,
        txOverrun: false,
      },
      channels: [],
    };
    this.lastFrameMs = f.hostMs;
    for (const l of this.frameListeners) l(f);
  }
  /** Emits a frame with one present array channel and the given readings. */
  emitCustom(r: {
    currentMa: number;
    powerMw: number;
    present?: boolean;
    panelTempC?: number | null;
  }): void {
    const present = r.present ?? true;
    const f: Frame = {
      seq: this.seq++,
      boardMs: this.clock.nowMs(),
      hostMs: this.clock.nowMs(),
      busV: 5,
      currentMa: r.currentMa,
      powerMw: r.powerMw,
      panelTempC: r.panelTempC === undefined ? 24 : r.panelTempC,
      boardTempC: null,
      lamp: this.lamp,
      load: this.load,
      flags: 0,
      status: {
        panelTempPresent: r.panelTempC !== null,
        watchdogTripped: false,
        overTempCut: false,
        safeMode: false,
        txOverrun: false,
      },
      channels: [
        {
          role: "array",
          address: 0x40,
          present,
          overflow: false,
          busV: 5,
          shuntMv: r.currentMa / 10,
          currentMa: r.currentMa,
          powerMw: r.powerMw,
        },
      ],
    };
    this.lastFrameMs = f.hostMs;
    for (const l of this.frameListeners) l(f);
  }
  emitEvent(e: BoardEvent): void {
    for (const l of this.eventListeners) l(e);
  }
}

/** Sunlit for the first 60% of each orbit, umbra for the rest; node follows bench power. */
export class SquareOrbitModel implements SatelliteModel {
  readonly periodS = 100;
  readonly timeScale = 10;
  readonly policyName = "square";
  offsetS = 0;
  private state: NodeState = baseState();
  sunAt(t: number): SunAt {
    const x = t + this.offsetS;
    const phase = (((x % this.periodS) + this.periodS) % this.periodS) / this.periodS;
    const lit = phase < 0.6;
    return {
      illumination: lit ? 1 : 0,
      region: lit ? "sunlit" : "umbra",
      orbitNumber: Math.floor(x / this.periodS),
      phase,
    };
  }
  segments() {
    return [
      { fromPhase: 0, toPhase: 0.6, region: "sunlit" as const },
      { fromPhase: 0.6, toPhase: 1, region: "umbra" as const },
    ];
  }
  nextTransition(t: number) {
    const s = this.sunAt(t);
    return s.region === "sunlit"
      ? { kind: "eclipse-entry" as const, inS: (0.6 - s.phase) * this.periodS }
      : { kind: "eclipse-exit" as const, inS: (1 - s.phase) * this.periodS };
  }
  forceEclipse(t: number) {
    const s = this.sunAt(t);
    this.offsetS += (0.6 - s.phase) * this.periodS;
  }
  step(t: number, dtS: number, benchPowerMw: number | null): NodeState {
    const s = this.sunAt(t);
    this.state = {
      ...this.state,
      tS: t,
      orbitNumber: s.orbitNumber,
      orbitPhase: s.phase,
      region: s.region,
      illumination: s.illumination,
      arrayPowerW: (benchPowerMw ?? 0) * 100,
      computeLevel: s.region === "sunlit" ? 1 : 0.5,
      workAccelS: this.state.workAccelS + dtS,
    };
    return this.state;
  }
  initial(): NodeState {
    return baseState();
  }
}

export function baseState(): NodeState {
  return { ...initialNodeState(defaultNodeParams("model")), computeLevel: 0, nodeTempC: 20 };
}

export class MemoryRecorder implements SessionRecorder {
  readonly path = "memory";
  readonly frames: { frame: Frame; node: NodeState }[] = [];
  readonly events: { hostMs: number; kind: string; data: Record<string, unknown> }[] = [];
  footer: Record<string, unknown> | null = null;
  info: BoardInfo | null = null;
  begin(info: BoardInfo) {
    this.info = info;
  }
  bytes() {
    return this.frames.length * 100;
  }
  frame(frame: Frame, node: NodeState) {
    this.frames.push({ frame, node });
  }
  event(e: SessionEvent) {
    this.events.push({ hostMs: e.hostMs, kind: e.kind, data: e.data });
  }
  async end(footer: Record<string, unknown>) {
    this.footer = footer;
  }
}

/**
 * Makes the fake board stream frames every periodMs of its clock. The array current
 * follows the lamp after a first-order lag, like a cell warming to the light.
 */
export function streamFrames(
  board: FakeBoard,
  periodMs = 50,
  opts: { darkMa?: number; litMaPerLevel?: number; lagMs?: number } = {},
): () => void {
  let currentMa = opts.darkMa ?? 0.2;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const target = (opts.darkMa ?? 0.2) + board.lamp * (opts.litMaPerLevel ?? 0.5);
    currentMa += (target - currentMa) * Math.min(1, periodMs / (opts.lagMs ?? 100));
    board.emitCustom({ currentMa, powerMw: currentMa * 5 });
    board.clock.setTimeout(tick, periodMs);
  };
  board.clock.setTimeout(tick, periodMs);
  return () => {
    stopped = true;
  };
}

/** Runs an async procedure on a ManualClock: advances time until it settles, bounded. */
export async function driveClock<T>(
  clock: { advance(ms: number): void },
  p: Promise<T>,
  stepMs = 10,
  maxSteps = 100_000,
): Promise<T> {
  let done = false;
  let result: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  p.then(
    (value) => {
      done = true;
      result = { ok: true, value };
    },
    (error: unknown) => {
      done = true;
      result = { ok: false, error };
    },
  );
  for (let i = 0; i < maxSteps && !done; i++) {
    for (let k = 0; k < 5; k++) await Promise.resolve();
    if (done) break;
    clock.advance(stepMs);
  }
  if (!done)
    throw new Error(`procedure did not finish within ${maxSteps * stepMs} ms of clock time`);
  const r = result as unknown as { ok: true; value: T } | { ok: false; error: unknown };
  if (!r.ok) throw r.error;
  return r.value;
}

/** The lamp of a plain PWM test rig (full level 255). */
export const TEST_LAMP: LampGuardConfig = {
  driver: "pwm",
  fullLevel: 255,
  maxPanelTempC: 60,
  hysteresisC: 5,
  maxLampOnS: 600,
  cooldownS: 60,
};

/**
 * A started session in emulated mode on a FakeBoard (given or new), with the square-orbit
 * model, TEST_LAMP, 10 Hz and a MemoryRecorder; any other option overrides.
 */
export async function startSession(
  over: Omit<Partial<SessionOptions>, "board" | "recorder"> & { board?: FakeBoard } = {},
) {
  const board = over.board ?? new FakeBoard();
  const recorder = new MemoryRecorder();
  const session = new Session({
    rigName: "t",
    mode: "emulated",
    model: new SquareOrbitModel(),
    lamp: TEST_LAMP,
    rateHz: 10,
    ...over,
    board,
    recorder,
  });
  await session.start();
  return { board, recorder, session };
}
