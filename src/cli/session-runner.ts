/**
 * What `demo` and `run` share: rig file -> board -> satellite model -> recorder ->
 * alarms -> session, the live view (dashboard on a TTY, a status line otherwise), and
 * the summary at the end. Returns the exit code; only main.ts exits.
 */
import { type LoadedRig, loadRig, requireStated } from "../config/load.js";
import type { PolicyName } from "../config/schema/scheduler.js";
import { ExitCode, type OrbitrigError } from "../core/errors.js";
import type { FaultSpec } from "../emulator/index.js";
import type { RigFacts } from "../network/index.js";
import { buildReplaySession, buildRigSession, startRigSession } from "../rig/session.js";
import type { Session } from "../session/session.js";
import { describeDamage } from "../telemetry/reader.js";
import {
  dashboardControls,
  isInteractive,
  SessionView,
  startDashboard,
  startStatusLine,
} from "../ui/index.js";
import { jsonOutput } from "./json-output.js";
import { guardOutput, runUntilStopped, SignalLatch } from "./lifecycle.js";
import { checkJoin, JOIN_REPORT_HZ, type Publishing, preparePublishing } from "./publish.js";
import { formatSummary } from "./summary.js";

/** What board.kind may say, for the message when a rig file does not say it. */
export const BOARD_KINDS = "board: {kind: serial|firmata|emulated} (a desk rig names its board)";

export interface SessionRunOptions {
  rigPath: string;
  port?: string;
  headless: boolean;
  durationS: number | null;
  /** Recording path; null: no recording; undefined: the default timestamped path. */
  record?: string | null;
  /** Replace an existing file at `record`. */
  overwrite?: boolean;
  speed?: number | "max";
  faults?: FaultSpec[];
  policy?: PolicyName;
  json?: boolean;
  /** --publish: a broker URL or a join file (over the rig file's network.mqtt). */
  publish?: string;
  /** --join: a desk constellation on the --publish broker (or the rig file's network.constellation). */
  join?: boolean;
  /** The rig file must say which board (run: a desk rig must not quietly become the emulator). */
  requireBoardKind?: boolean;
  /** Start the dashboard in its projector view (big numbers for a class). */
  projector?: boolean;
}

export async function runSession(opts: SessionRunOptions): Promise<number> {
  // A closed terminal must not turn the last frame or the summary into a crash.
  guardOutput([process.stdout, process.stderr]);
  const rig: LoadedRig = loadRig(opts.rigPath);
  if (opts.requireBoardKind) requireStated(rig, ["board", "kind"], BOARD_KINDS);
  if (opts.join) checkJoin(rig, opts.publish);
  const info = (text: string) => process.stderr.write(`orbitrig: ${text}\n`);
  // A recording that can no longer be written (a full disk) ends the session: lamp and
  // load off, one line, exit 74. It is reported from inside the board's clock, so the stop
  // runs while the board still answers.
  let recordingError: OrbitrigError | null = null;
  let stopForRecording: (() => void) | null = null;
  // From here a signal is held, not Node's default death (a lamp left on, a recording with
  // no footer), until runUntilStopped takes it over; twice, and the start is left.
  const latch = new SignalLatch(info);
  try {
    const rs = await latch.race(
      buildRigSession(rig, {
        ...(opts.port ? { port: opts.port } : {}),
        ...(opts.record !== undefined ? { record: opts.record } : {}),
        ...(opts.overwrite ? { overwrite: true } : {}),
        onRecordingError: (e) => {
          recordingError ??= e;
          stopForRecording?.();
        },
        ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
        ...(opts.faults ? { faults: opts.faults } : {}),
        ...(opts.policy ? { policy: opts.policy } : {}),
        onInfo: info,
      }),
    );
    const { session, built, recordPath } = rs;
    const facts: RigFacts = {
      name: rig.config.name,
      mode: session.status().mode,
      orbit: rs.model.orbit,
      params: rs.model.params,
    };
    const publishing = preparePublishing(rig, facts, opts.publish, info, {
      flag: opts.join === true,
      node: rs.model.params,
      reportEveryOrbitS: rs.model.timeScale / JOIN_REPORT_HZ,
    });
    stopForRecording = () => void session.stop("recording-failed");
    // The summary as the session saw it when it stopped (the link as it was then, before the
    // board was closed): what the footer records too.
    let endSummary: Record<string, unknown> | null = null;
    session.addSink({
      end: (s) => {
        endSummary = s;
      },
    });
    // The view follows the session from its first frame.
    const view = new SessionView(session, { trendWindowS: rig.config.display.trendWindowS });
    await latch.race(startRigSession(rs));
    // The lamp may be on from here: every way out stops the session from now on.
    const running = runUntilStopped(session, built.board.clock, {
      durationS: opts.durationS,
      latch,
    });
    if (recordPath) info(`recording to ${recordPath}`);
    await publishing?.start(session);

    const screen = startView(view, session, !opts.headless, rig.config.limits.staleLinkS, {
      projector: opts.projector === true,
    });
    publishing?.viewStarted(session, screen.dashboard);
    const stopped = await running;
    screen.unmount();
    view.close();
    built.stop();
    const failure = recordingError as OrbitrigError | null;
    if (failure) process.stderr.write(`orbitrig: ${failure.message}; lamp and load turned off\n`);
    const summary = withNetwork(endSummary ?? session.summary(), publishing);
    // A run that ends with its board gone did not do what was asked, even though it kept
    // recording until its duration: an overnight script must be able to tell.
    const endLink = (summary.link as { link?: string } | undefined)?.link;
    const boardLost =
      stopped === ExitCode.ok &&
      built.board.commandable &&
      endLink !== undefined &&
      endLink !== "up";
    if (boardLost)
      process.stderr.write(
        "orbitrig: the board was not attached at the end (see the summary); exit 69\n",
      );
    const code =
      failure && stopped === ExitCode.ok
        ? failure.exitCode
        : boardLost
          ? ExitCode.unavailable
          : stopped;
    process.stdout.write(
      opts.json
        ? jsonOutput({ ...summary, recording: recordPath })
        : formatSummary(summary, recordPath),
    );
    return code;
  } finally {
    latch.release();
  }
}

/** The dashboard on a terminal (unless headless), the status line on stderr otherwise. */
function startView(
  view: SessionView,
  session: Session,
  wantDashboard: boolean,
  staleLinkS: number,
  look: { projector: boolean },
): { unmount(): void; dashboard: boolean } {
  if (wantDashboard && isInteractive(process.stdout)) {
    const d = startDashboard({
      source: view,
      controls: dashboardControls(session, view),
      staleLinkS,
      projector: look.projector,
    });
    return { unmount: () => d.unmount(), dashboard: true };
  }
  const line = startStatusLine({ source: view, out: process.stderr, everyS: 5, staleLinkS });
  return { unmount: () => line.unmount(), dashboard: false };
}

/** The summary with the publisher's figures, once it has said goodbye. */
function withNetwork(
  summary: Record<string, unknown>,
  publishing: Publishing | null,
): Record<string, unknown> {
  return publishing ? { ...summary, network: publishing.stats() } : summary;
}

export interface ReplayRunOptions {
  file: string;
  speed: number | "max";
  fromS?: number;
  toS?: number;
  policy?: PolicyName;
  /** `key=value` overrides of the recorded rig (node and scheduler parameters). */
  set: string[];
  headless: boolean;
  json?: boolean;
  publish?: string;
  /** Start the dashboard in its projector view. */
  projector?: boolean;
}

/**
 * A recording played through the same session and dashboard as a live run: ReplayBoard
 * yields the recorded frames, the satellite model recomputes the node states (with the
 * recorded rig and policy, or the ones given), keys pause, change speed and seek.
 */
export async function runReplay(opts: ReplayRunOptions): Promise<number> {
  guardOutput([process.stdout, process.stderr]);
  const { session, board, model, rig } = buildReplaySession(opts.file, {
    speed: opts.speed,
    set: opts.set,
    ...(opts.fromS !== undefined ? { fromS: opts.fromS } : {}),
    ...(opts.toS !== undefined ? { toS: opts.toS } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  const facts: RigFacts = {
    name: rig.config.name,
    mode: "replay",
    orbit: model.orbit,
    params: model.params,
  };
  const publishing = preparePublishing(rig, facts, opts.publish, (text) =>
    process.stderr.write(`orbitrig: ${text}\n`),
  );
  const view = new SessionView(session, { trendWindowS: rig.config.display.trendWindowS });
  // A signal while the broker answers (up to 3 s) is held for runUntilStopped, not a death.
  const latch = new SignalLatch((text) => process.stderr.write(`orbitrig: ${text}\n`));
  try {
    await session.start();
    await latch.race(publishing ? publishing.start(session) : Promise.resolve());
  } catch (e) {
    latch.release();
    throw e;
  }
  const interactive = !opts.headless && isInteractive(process.stdout);
  // On a terminal the dashboard stays up at the end (q quits, ← seeks back); in a pipe the
  // replay ends with the recording.
  if (!interactive) void board.done.then(() => session.stop("end-of-recording"));
  const screen = startView(view, session, !opts.headless, rig.config.limits.staleLinkS, {
    projector: opts.projector === true,
  });
  publishing?.viewStarted(session, screen.dashboard);
  const code = await runUntilStopped(session, board.clock, { latch });
  screen.unmount();
  view.close();
  const summary = withNetwork(
    { ...session.summary(), policy: model.policyName, changes: opts.set },
    publishing,
  );
  process.stdout.write(opts.json ? jsonOutput(summary) : formatSummary(summary, null));
  // The lines the playback skipped, as report and export say them. Only those it read: a
  // replay stopped early (--to, q) has not reached the footer, which is no damage.
  const damage = describeDamage({ ...board.source.counts(), footer: true });
  if (damage) process.stderr.write(`${opts.file}: ${damage}\n`);
  return code;
}
