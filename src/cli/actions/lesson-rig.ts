/**
 * `lesson run NAME --rig FILE`: the lesson through the normal session on the rig's board
 * (emulated or desk), recorded like any session. On a terminal the dashboard shows it with
 * the lesson panel (step, narration, countdown, expectations ticked) and the lesson's lines
 * are printed when it ends; elsewhere they are printed as they happen. q, Ctrl-C and the
 * signals end the session as in `run` (lamp and load off), and the lesson with it. The
 * report (steps, measured against predicted) is written at the end; `orbitrig report
 * RECORDING` gives the session's own charts beside it.
 */
import { type LoadedRig, loadRig, parseRig } from "../../config/load.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import {
  type LessonResult,
  type LoadedLesson,
  panelState,
  RigTarget,
  runLesson,
  withStart,
  writeLessonReport,
} from "../../lesson/index.js";
import type { RigFacts } from "../../network/index.js";
import { buildRigSession, startRigSession } from "../../rig/session.js";
import {
  dashboardControls,
  isInteractive,
  SessionView,
  type SnapshotSource,
  startDashboard,
} from "../../ui/index.js";
import type { LessonPanelState } from "../../ui/panels/lesson.js";
import { guardOutput, runUntilStopped, SignalLatch } from "../lifecycle.js";
import { preparePublishing } from "../publish.js";

export interface LessonRigOptions {
  rig: string;
  speed?: number | "max";
  report?: string;
  headless?: boolean;
  /** --publish: a broker URL or a join file (over the rig file's network.mqtt), as for run. */
  publish?: string;
  onLine: (text: string) => void;
}

export async function runLessonOnRig(l: LoadedLesson, o: LessonRigOptions): Promise<number> {
  guardOutput([process.stdout, process.stderr]);
  const loaded = loadRig(o.rig);
  const config = parseRig(
    withStart(loaded.config, l.lesson.start),
    `${loaded.path} + the lesson's start:`,
  );
  const rig = { ...loaded, config };
  const info = (t: string) => process.stderr.write(`orbitrig: ${t}\n`);
  // Signals are held from here until runUntilStopped takes them (src/cli/lifecycle.ts).
  const latch = new SignalLatch(info);
  try {
    return await onRig(l, o, rig, info, latch);
  } finally {
    latch.release();
  }
}

async function onRig(
  l: LoadedLesson,
  o: LessonRigOptions,
  rig: LoadedRig,
  info: (t: string) => void,
  latch: SignalLatch,
): Promise<number> {
  const config = rig.config;
  const rs = await latch.race(
    buildRigSession(rig, {
      ...(o.speed !== undefined ? { speed: o.speed } : {}),
      ...(l.lesson.policy ? { policy: l.lesson.policy } : {}),
      onInfo: info,
    }),
  );
  const facts: RigFacts = {
    name: config.name,
    mode: rs.session.status().mode,
    orbit: rs.model.orbit,
    params: rs.model.params,
  };
  // The class sees a lesson's session like any other (the teacher's view, the web page).
  const publishing = preparePublishing(rig, facts, o.publish, info);
  // Narration and questions stay on screen for bench time: at --speed max they pass faster.
  const clock = rs.built.board.clock;
  const target = new RigTarget(rs, {
    rateHz: config.board.rateHz,
    wait: (s) => new Promise((resolve) => clock.setTimeout(resolve, s * 1000)),
  });
  const view = new SessionView(rs.session, { trendWindowS: config.display.trendWindowS });
  await latch.race(startRigSession(rs));
  // The lamp may be on from here: every way out stops the session.
  const stopped = runUntilStopped(rs.session, rs.built.board.clock, { latch });
  if (rs.recordPath) process.stderr.write(`orbitrig: recording to ${rs.recordPath}\n`);
  await publishing?.start(rs.session);
  const dashboard = !o.headless && isInteractive(process.stdout);
  let panel: LessonPanelState | null = null;
  const source: SnapshotSource = {
    getSnapshot: () => ({ ...view.getSnapshot(), lesson: panel }),
    subscribe: (f) => view.subscribe(f),
  };
  const screen = dashboard
    ? startDashboard({
        source,
        controls: dashboardControls(rs.session, view),
        staleLinkS: config.limits.staleLinkS,
      })
    : null;
  publishing?.viewStarted(rs.session, dashboard);
  const lines: string[] = [];
  let result: LessonResult | null = null;
  let failure: unknown = null;
  try {
    result = await runLesson(l.lesson, target, {
      file: l,
      onLine: (t) => (dashboard ? lines.push(t) : o.onLine(t)),
      onProgress: (p) => {
        panel = panelState(l.lesson.title, p);
      },
    });
    // The lesson is over: the session ends as a timed run does (lamp and load off).
    void rs.session.stop("duration");
  } catch (e) {
    failure = e;
    void rs.session.stop("error");
  }
  const code = await stopped;
  screen?.unmount();
  view.close();
  rs.built.stop();
  for (const t of lines) o.onLine(t);
  if (failure) {
    if (failure instanceof OrbitrigError && failure.code === "LESSON_STOPPED" && code !== 0)
      return code;
    throw failure;
  }
  if (rs.recordPath) o.onLine(`recording: ${rs.recordPath}`);
  if (o.report && result) {
    await writeLessonReport(o.report, l, result, null, rs.recordPath);
    o.onLine(
      `report: ${o.report}/lesson.html${rs.recordPath ? ` and the session's ${o.report}/report.html` : ""}`,
    );
  }
  if (code !== ExitCode.ok) return code;
  return result?.passed ? ExitCode.ok : ExitCode.failure;
}
