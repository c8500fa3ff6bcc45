/**
 * What the dashboard draws: the session's status plus what only the dashboard keeps (trends,
 * recent events, the duty of past orbits), built by SessionView (./session-view.ts).
 */
import type { SessionControls, SessionStatus } from "../session/types.js";
import type { LessonPanelState } from "./panels/lesson.js";

export interface TrendSeries {
  /** Oldest first, evenly spaced over windowS of bench time. */
  benchPowerMw: number[];
  socPct: number[];
  nodeTempC: number[];
  windowS: number;
}

export interface SessionSnapshot extends SessionStatus {
  /** Duty cycle of each completed orbit, oldest first (the last ~50). */
  dutyHistory: number[];
  trends: TrendSeries;
  /** The last few session events, newest last, for the event line. */
  recentEvents: { hostMs: number; text: string }[];
  /** The lesson under way (`orbitrig lesson run` on a rig), drawn under the orbit strip. */
  lesson?: LessonPanelState | null;
}

/** The keys' reach: the session's controls and the view's own trend window. */
export interface DashboardControls extends SessionControls {
  /** Switches the trend sparklines to the next window; returns it, bench seconds. */
  cycleTrendWindow(): number;
}
