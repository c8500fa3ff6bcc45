/**
 * The terminal UI (the only folder that imports ink): the live dashboard, the non-TTY
 * status line, and the pure formatting/layout modules they are built from.
 */

// Must stay the first import: it sets NODE_ENV before React loads.
import "./production-env.js";

export { classroomLines } from "./classroom-panels.js";
export {
  type ClassroomUi,
  INITIAL_UI,
  leaderboard,
  plain,
  sortRigs,
} from "./classroom-state.js";
export {
  type ClassroomViewHandle,
  type ClassroomViewOptions,
  type ClassSource,
  startClassroomView,
} from "./classroom-view.js";
export * from "./format.js";
export { gauge } from "./gauge.js";
export { applyKeyAction, type KeyAction, keyHelp, parseKey } from "./keys.js";
export { chooseLayout, type Layout } from "./layout.js";
export { linkHealth, STALE_LINK_S } from "./link-health.js";
export { countdownText, orbitCells } from "./orbit-strip.js";
export {
  dashboardControls,
  SessionView,
  type SessionViewOptions,
  TREND_WINDOWS_S,
} from "./session-view.js";
export type { DashboardControls, SessionSnapshot, TrendSeries } from "./snapshot.js";
export type { SnapshotSource } from "./source.js";
export { sparkline } from "./sparkline.js";
export {
  type DashboardHandle,
  type DashboardOptions,
  isInteractive,
  type LiveViewOptions,
  startDashboard,
  startLiveView,
} from "./start.js";
export {
  formatStatusLine,
  type StatusLineHandle,
  type StatusLineOptions,
  startStatusLine,
} from "./status-line.js";
