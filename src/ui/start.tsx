/**
 * Entry points for the session's callers: the ink dashboard on a terminal, the plain status
 * line elsewhere. Rendering is decoupled from telemetry: the source only signals "changed";
 * the dashboard pulls the newest snapshot at most maxFps times a second (and once a second
 * even without signals, so a silent link is seen going stale).
 */
import { render } from "ink";
import { FrameWriter } from "./frame-writer.js";
import type { DashboardControls } from "./snapshot.js";
import type { SnapshotSource } from "./source.js";
import { type StatusLineHandle, startStatusLine } from "./status-line.js";
import { colorEnabled } from "./theme.js";
import { createThrottle, RenderPace } from "./throttle.js";
import { DashboardApp } from "./views/app.js";

export interface DashboardOptions {
  source: SnapshotSource;
  controls: DashboardControls;
  /** Default process.stdout / process.stdin. */
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Most snapshot renders per second. Default 15. */
  maxFps?: number;
  /**
   * Share of one CPU core the renders may use, 0..1, by the dashboard's own measure of a
   * render (React, the panels, the frame written). Default 0.02: that measure misses garbage
   * collection, stream writes and timers, which come to about as much again
   * (bench/dashboard.ts). The pace slows below maxFps when renders are expensive (a slow
   * laptop, a huge terminal), down to maxLatencyMs.
   */
  cpuBudget?: number;
  /** Longest wait between a change and its render, ms. Default 170. */
  maxLatencyMs?: number;
  /** Seconds without a frame before the link shows stale. Default 2 (rig `limits.staleLinkS`). */
  staleLinkS?: number;
  /** Re-pull the snapshot at least this often, ms, even without change signals. Default 1000. */
  heartbeatMs?: number;
  /** Environment read for NO_COLOR. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Start in the projector view (big numbers for a class); `P` switches. Default false. */
  projector?: boolean;
}

export interface DashboardHandle {
  /** Removes the dashboard (leaves its last frame on screen). Idempotent. */
  unmount(): void;
  /** Resolves when the dashboard is gone: after unmount(), or after `q` once quit() settled. */
  waitUntilExit(): Promise<void>;
  /** Snapshot renders so far (for tests and the benchmark). */
  renders(): number;
  /** Smoothed CPU ms per render and the current pace, ms between renders. */
  pace(): { costMs: number | null; intervalMs: number };
}

export function startDashboard(opts: DashboardOptions): DashboardHandle {
  const { source, controls } = opts;
  const maxFps = opts.maxFps ?? 15;
  const color = colorEnabled(opts.env);
  const staleLinkS = opts.staleLinkS ?? 2;
  let unmounted = false;
  let unmountNow: () => void = () => undefined;
  const stdout = opts.stdout ?? process.stdout;
  const frames = new FrameWriter(stdout);
  const element = () => (
    <DashboardApp
      snapshot={source.getSnapshot()}
      controls={controls}
      color={color}
      staleLinkS={staleLinkS}
      onQuitDone={() => unmountNow()}
      frames={frames}
      projector={opts.projector === true}
    />
  );
  // ink gets the terminal for its size, resize events and keys; it writes nothing there
  // itself (the app renders no ink elements), the frame writer draws.
  const app = render(element(), {
    stdout,
    stdin: opts.stdin ?? process.stdin,
    // Ctrl-C is a key like `q` (the session turns the lamp off); the CLI's signal handlers
    // cover SIGINT from elsewhere.
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const pace = new RenderPace(
    Math.ceil(1000 / maxFps),
    opts.maxLatencyMs ?? 170,
    opts.cpuBudget ?? 0.02,
  );
  // The mount above was the first render: the throttle's interval counts from it.
  const throttle = createThrottle(
    () => pace.intervalMs(),
    () => {
      if (unmounted) return;
      // rerender() is synchronous (legacy root) and the frame is drawn in the commit, so
      // this measures the whole render: React, the panels, the rows and the write.
      const c0 = process.cpuUsage();
      app.rerender(element());
      const c = process.cpuUsage(c0);
      pace.record((c.user + c.system) / 1000);
    },
    Date.now(),
  );
  const unsubscribe = source.subscribe(() => throttle.request());
  const heartbeat = setInterval(() => throttle.request(), opts.heartbeatMs ?? 1000);
  heartbeat.unref?.();
  unmountNow = () => {
    if (unmounted) return;
    throttle.flush();
    unmounted = true;
    throttle.cancel();
    clearInterval(heartbeat);
    unsubscribe();
    app.unmount();
    frames.done();
  };
  // However ink goes (unmount, q, the process exiting), the cursor comes back.
  const exited = app.waitUntilExit().then(
    () => frames.done(),
    () => frames.done(),
  );
  return {
    unmount: unmountNow,
    waitUntilExit: () => exited,
    // +1: the first render happens in render(), before the throttle exists.
    renders: () => throttle.runs + 1,
    pace: () => ({ costMs: pace.averageCostMs, intervalMs: pace.intervalMs() }),
  };
}

/**
 * True when stdout is a terminal a person watches. Not in CI, even on a TTY: a CI log is
 * read afterwards, where a status line serves better than frames redrawn in place (the
 * rule is ink's is-in-ci, copied here).
 */
export function isInteractive(
  stdout: NodeJS.WriteStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const ci =
    env.CI !== "0" &&
    env.CI !== "false" &&
    ("CI" in env ||
      "CONTINUOUS_INTEGRATION" in env ||
      Object.keys(env).some((k) => k.startsWith("CI_")));
  return stdout.isTTY === true && !ci;
}

export interface LiveViewOptions extends DashboardOptions {
  /** Status-line period when not interactive, seconds. Default 5. */
  statusEveryS?: number;
}

/** The dashboard on a TTY, else one status line every few seconds; same handle either way. */
export function startLiveView(
  opts: LiveViewOptions,
): DashboardHandle | (StatusLineHandle & { renders(): number }) {
  const stdout = opts.stdout ?? process.stdout;
  if (isInteractive(stdout, opts.env)) return startDashboard(opts);
  const h = startStatusLine({
    source: opts.source,
    out: stdout,
    everyS: opts.statusEveryS ?? 5,
    ...(opts.staleLinkS !== undefined ? { staleLinkS: opts.staleLinkS } : {}),
  });
  return {
    ...h,
    renders: () => 0,
    pace: () => ({ costMs: null, intervalMs: (opts.statusEveryS ?? 5) * 1000 }),
  };
}
