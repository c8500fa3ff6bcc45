/**
 * What a running session shows the outside (dashboard, status line, tests): a snapshot
 * built outside React at a bounded rate, and the controls the keys reach.
 */
import type { BoardInfo, LinkStats } from "../core/board.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type { OrbitSegment } from "../orbit/types.js";

export type SessionMode = "live" | "emulated" | "replay";

export type AlarmSeverity = "yellow" | "red";

export interface Alarm {
  /** Field it watches, e.g. "frame.panelTempC" or "node.socFraction". */
  field: string;
  /** The worst severity since it was listed. */
  severity: AlarmSeverity;
  /** The worst value since it was listed (highest above a limit, lowest below one). */
  value: number;
  /** The limit that was crossed, and on which side. */
  limit: number;
  direction: "above" | "below";
  /** When it was raised while active; when it cleared once inactive (session ms). */
  sinceHostMs: number;
  /** Still out of range now (an alarm stays listed until acknowledged, even after it clears). */
  active: boolean;
  acknowledged: boolean;
}

export interface TrendSeries {
  /** Oldest first, evenly spaced over windowS of bench time. */
  benchPowerMw: number[];
  socPct: number[];
  nodeTempC: number[];
  windowS: number;
}

export interface SessionSnapshot {
  rigName: string;
  mode: SessionMode;
  board: BoardInfo | null;
  /** Bench (host) time since the session started, and the matching orbit time. */
  benchElapsedS: number;
  orbitElapsedS: number;
  /** Orbit seconds per bench second. */
  timeScale: number;
  recording: { path: string; bytes: number } | null;
  frame: Frame | null;
  node: NodeState | null;
  orbit: {
    periodS: number;
    segments: OrbitSegment[];
    /** Next sunlit<->shadow change, in orbit seconds from now; null when the orbit has no eclipse. */
    next: { kind: "eclipse-entry" | "eclipse-exit"; inS: number } | null;
  };
  /** Duty cycle of each completed orbit, oldest first (the last ~50). */
  dutyHistory: number[];
  trends: TrendSeries;
  alarms: Alarm[];
  link: LinkStats;
  /** Host ms of "now", for judging how stale the last frame is. */
  nowHostMs: number;
  lampMode: "auto" | "on" | "off";
  paused: boolean;
  /** Playback or emulation speed factor (1 = real time). */
  speed: number;
  /** The last few session events, newest last, for the event line. */
  recentEvents: { hostMs: number; text: string }[];
}

/** What the dashboard's keys can ask of a session. Each resolves when done. */
export interface SessionControls {
  quit(): Promise<void>;
  togglePause(): void;
  /** Multiplies the speed (replay and emulator); ignored on live boards. */
  changeSpeed(factor: number): void;
  /** Seeks by deltaS bench seconds (replay only). */
  seek(deltaS: number): void;
  /** auto -> on -> off -> auto. */
  cycleLampMode(): void;
  /** Jumps the eclipse schedule to the next eclipse entry. */
  forceEclipse(): void;
  acknowledgeAlarms(): void;
  addNote(text: string): void;
  /** Switches the trend sparklines to the next window; returns it, bench seconds. */
  cycleTrendWindow(): number;
  /** Which controls make sense in this mode (keys shown in help). */
  readonly capabilities: { pause: boolean; speed: boolean; seek: boolean; lamp: boolean };
}
