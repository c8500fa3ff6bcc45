/**
 * What the dashboard draws: the session's status plus what only the dashboard keeps (trends,
 * recent events, the duty of past orbits, where compute ran this orbit), built by
 * SessionView (./session-view.ts).
 */
import type { ChangeResult, SessionControls, SessionStatus } from "../session/types.js";
import type { LessonPanelState } from "./panels/lesson.js";

/** The lowest and highest sample of a trend's window (null before any). */
export type TrendRange = { min: number; max: number } | null;

export interface TrendSeries {
  /** Oldest first, evenly spaced over windowS of bench time (each the mean of its samples). */
  benchPowerMw: number[];
  socPct: number[];
  nodeTempC: number[];
  /** The node's compute level, percent. */
  computePct: number[];
  /** Each series' extremes over the window, from the samples themselves. */
  ranges: {
    benchPowerMw: TrendRange;
    socPct: TrendRange;
    nodeTempC: TrendRange;
    computePct: TrendRange;
  };
  windowS: number;
}

export interface SessionSnapshot extends SessionStatus {
  /** Duty cycle of each completed orbit, oldest first (the last ~50). */
  dutyHistory: number[];
  trends: TrendSeries;
  /**
   * Where compute ran this orbit: the mean compute level (0..1) in each of a fixed number
   * of equal phase bins from the orbit's start; NaN where the node has not been yet.
   */
  computeThisOrbit: number[];
  /**
   * Addresses of load channels that read only noise while the load was on (an indicator
   * load, ./quiet-channels.ts): the bench panel says so instead of showing a reading.
   * Optional: absent is none.
   */
  quietChannels?: number[];
  /** The last few session events, newest last, for the event line. */
  recentEvents: { hostMs: number; text: string }[];
  /** The lesson under way (`orbitrig lesson run` on a rig), drawn under the orbit strip. */
  lesson?: LessonPanelState | null;
}

/** The keys' reach: the session's controls and the view's own trend window. */
export interface DashboardControls extends SessionControls {
  /** Switches the trend sparklines to the next window; returns it, bench seconds. */
  cycleTrendWindow(): number;
  /** Switches the scheduler's policy from now on (absent: this session cannot). */
  setPolicy?(name: string): ChangeResult;
}
