/**
 * The dashboard's view of a session: a sink that keeps what only a screen needs (trend
 * buffers for every window the `t` key offers, the recent events, the duty of past orbits)
 * and builds snapshots on demand. The session knows nothing of it; the recorder and the
 * network publisher are sinks beside it.
 */
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type {
  LiveSettings,
  SessionControls,
  SessionEvent,
  SessionSink,
  SessionStatus,
} from "../session/types.js";
import { OrbitComputeRow } from "./orbit-compute.js";
import { QuietChannels } from "./quiet-channels.js";
import type { DashboardControls, SessionSnapshot } from "./snapshot.js";
import type { SnapshotSource } from "./source.js";
import { TrendBuffer } from "./trends.js";

interface Trends {
  power: TrendBuffer;
  soc: TrendBuffer;
  temp: TrendBuffer;
  compute: TrendBuffer;
}

/** Trend windows the `t` key cycles through (with the rig's own), bench seconds. */
export const TREND_WINDOWS_S = [60, 120, 600, 3600] as const;
/** Buckets per trend; a sparkline draws at most this many cells (narrower ones average). */
const TREND_POINTS = 120;
/** Session events kept for the dashboard's event list (a 60-row terminal shows ~20). */
const EVENT_HISTORY = 24;
/** Completed orbits whose duty is kept for the duty history. */
const DUTY_HISTORY = 50;

export interface SessionViewOptions {
  /** Window of the trend sparklines at start, bench seconds. Default 120. */
  trendWindowS?: number;
}

/** What the view reads of the session besides its sink calls. */
export interface StatusSource {
  status(): SessionStatus;
  addSink(sink: SessionSink): () => void;
}

export class SessionView implements SessionSink, SnapshotSource {
  /** One set of trend buffers per window, all filled all along. */
  private readonly trends: Trends[];
  private trendIndex: number;
  private readonly recent: { hostMs: number; text: string }[] = [];
  /** Duty of each completed orbit by its number: a replay's seek back replays orbits. */
  private readonly dutyByOrbit = new Map<number, number>();
  private readonly computeRow = new OrbitComputeRow();
  private readonly quiet = new QuietChannels();
  private lastNode: NodeState | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly detach: () => void;

  constructor(
    private readonly session: StatusSource,
    options: SessionViewOptions = {},
  ) {
    const windowS = options.trendWindowS ?? 120;
    const windows = [...new Set([...TREND_WINDOWS_S, windowS])].sort((a, b) => a - b);
    this.trends = windows.map((w) => ({
      power: new TrendBuffer(TREND_POINTS, w),
      soc: new TrendBuffer(TREND_POINTS, w),
      temp: new TrendBuffer(TREND_POINTS, w),
      compute: new TrendBuffer(TREND_POINTS, w),
    }));
    this.trendIndex = windows.indexOf(windowS);
    this.detach = session.addSink(this);
  }

  /** Stops following the session. */
  close(): void {
    this.detach();
  }

  // ---- sink ------------------------------------------------------------------------

  frame(frame: Frame, node: NodeState): void {
    const prev = this.lastNode;
    // An orbit completed: its duty joins the history (the first frame only sets the start).
    if (prev && node.orbitNumber > prev.orbitNumber) {
      this.dutyByOrbit.set(prev.orbitNumber, node.dutyLastOrbit ?? prev.dutyThisOrbit);
      for (const k of this.dutyByOrbit.keys())
        if (k <= prev.orbitNumber - DUTY_HISTORY) this.dutyByOrbit.delete(k);
    }
    // Back in time (a seek): the orbits from here on have not been flown yet.
    if (prev && node.orbitNumber < prev.orbitNumber)
      for (const k of this.dutyByOrbit.keys())
        if (k >= node.orbitNumber) this.dutyByOrbit.delete(k);
    this.lastNode = node;
    this.computeRow.push(node.orbitNumber, node.orbitPhase, node.computeLevel);
    this.quiet.frame(frame);
    const benchS = frame.hostMs / 1000;
    for (const t of this.trends) {
      t.power.push(benchS, frame.powerMw);
      t.soc.push(benchS, node.socFraction * 100);
      t.temp.push(benchS, node.nodeTempC);
      t.compute.push(benchS, node.computeLevel * 100);
    }
    this.notify();
  }

  event(e: SessionEvent): void {
    // Back in time, the trends would mix the samples before and after the seek point.
    if (e.kind === "operator" && e.data.action === "seek" && Number(e.data.deltaS) < 0) {
      for (const t of this.trends) for (const b of [t.power, t.soc, t.temp, t.compute]) b.clear();
    }
    if (e.text === undefined) return;
    this.recent.push({ hostMs: e.hostMs, text: e.text });
    if (this.recent.length > EVENT_HISTORY) this.recent.shift();
  }

  changed(): void {
    this.notify();
  }

  // ---- snapshots ---------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  getSnapshot(): SessionSnapshot {
    const t = this.trends[this.trendIndex]!;
    return {
      ...this.session.status(),
      dutyHistory: [...this.dutyByOrbit.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d),
      trends: {
        benchPowerMw: t.power.values(),
        socPct: t.soc.values(),
        nodeTempC: t.temp.values(),
        computePct: t.compute.values(),
        ranges: {
          benchPowerMw: t.power.range(),
          socPct: t.soc.range(),
          nodeTempC: t.temp.range(),
          computePct: t.compute.range(),
        },
        windowS: t.power.windowS,
      },
      computeThisOrbit: this.computeRow.levels(),
      quietChannels: this.quiet.addresses(),
      recentEvents: [...this.recent],
    };
  }

  /** Switches the trends to the next window; returns it, bench seconds. */
  cycleTrendWindow(): number {
    this.trendIndex = (this.trendIndex + 1) % this.trends.length;
    this.notify();
    return this.trends[this.trendIndex]!.power.windowS;
  }
}

/**
 * The dashboard's keys: the session's controls, its live policy change when it has one (`p`),
 * and the view's trend window for `t`.
 */
export function dashboardControls(
  session: SessionControls & Partial<Pick<LiveSettings, "setPolicy">>,
  view: SessionView,
): DashboardControls {
  const live = session.setPolicy ? { setPolicy: (name: string) => session.setPolicy!(name) } : {};
  return {
    ...live,
    quit: () => session.quit(),
    togglePause: () => session.togglePause(),
    changeSpeed: (factor) => session.changeSpeed(factor),
    seek: (deltaS) => session.seek(deltaS),
    cycleLampMode: () => session.cycleLampMode(),
    forceEclipse: () => session.forceEclipse(),
    acknowledgeAlarms: () => session.acknowledgeAlarms(),
    addNote: (text) => session.addNote(text),
    capabilities: session.capabilities,
    cycleTrendWindow: () => view.cycleTrendWindow(),
  };
}
