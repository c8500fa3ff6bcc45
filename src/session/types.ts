/**
 * What a running session shows the outside: its status at any moment (for the dashboard's
 * view, the status line, the network publisher, tests), the events it hands its sinks, and
 * the controls keys and commands reach.
 */
import type { BoardInfo, LinkStats } from "../core/board.js";
import type { SessionEventKind } from "../core/events.js";
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

/** The session at one moment: what every view reads, none of what only one view keeps. */
export interface SessionStatus {
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
  alarms: Alarm[];
  link: LinkStats;
  /** Host ms of "now", for judging how stale the last frame is. */
  nowHostMs: number;
  lampMode: "auto" | "on" | "off";
  paused: boolean;
  /** Playback or emulation speed factor (1 = real time). */
  speed: number;
  /** The scheduler policy the node runs. */
  policy: string;
}

/** One event of a session: recorded as is, and shown (text) where a view lists events. */
export interface SessionEvent {
  /** Session ms (0 when the board answered). */
  hostMs: number;
  kind: SessionEventKind;
  data: Record<string, unknown>;
  /** A line for people, or absent for events only the recording keeps (commands). */
  text?: string;
}

/**
 * Something that follows a session: the recorder, the dashboard's view, the network
 * publisher. Every call is synchronous and must be cheap: a sink that needs IO queues it
 * (the session's pace is the board's). All methods are optional.
 */
export interface SessionSink {
  /** The board answered; session time 0 is now. Called before any other. */
  begin?(info: BoardInfo): void;
  /** One frame and the node state it produced. */
  frame?(frame: Frame, node: NodeState): void;
  event?(event: SessionEvent): void;
  /** Something a view shows changed without a frame or event (link stats, a silent link). */
  changed?(): void;
  /** The session stopped; summary is the footer's figures. Awaited before the board closes. */
  end?(summary: Record<string, unknown>): Promise<void> | void;
}

/** The outcome of a live change: applied (with the line logged), or refused with a reason. */
export type ChangeResult = { ok: true; text: string } | { ok: false; reason: string };

/** Live changes of the scheduler (a teacher's commands over the network). */
export interface LiveSettings {
  /** Switches the duty-cycle policy from now on. */
  setPolicy(name: string): ChangeResult;
  /** Sets one scheduler parameter by dotted key, e.g. `scheduler.socLowFraction`. */
  setParameter(key: string, value: unknown): ChangeResult;
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
  /** Which controls make sense in this mode (keys shown in help). */
  readonly capabilities: { pause: boolean; speed: boolean; seek: boolean; lamp: boolean };
}
