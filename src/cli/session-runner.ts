/**
 * What `demo` and `run` share: rig file -> board -> satellite model -> recorder ->
 * alarms -> session, the live view (dashboard on a TTY, a status line otherwise), and
 * the summary at the end. Returns the exit code; only main.ts exits.
 */
import { resolve } from "node:path";
import { type LoadedRig, loadRig, parseRig } from "../config/load.js";
import { POLICY_NAMES, type PolicyName } from "../config/schema/scheduler.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { FaultSpec } from "../emulator/index.js";
import { buildBoard, defaultRecordingPath, lampConfig } from "../rig/board.js";
import { NdjsonRecorder } from "../rig/recorder.js";
import { SatelliteNodeModel } from "../rig/satellite.js";
import { AlarmMonitor } from "../session/alarms.js";
import { Session } from "../session/session.js";
import { replayRecording } from "../telemetry/replay-source.js";
import { applyOverrides } from "../telemetry/rerun.js";
import { isInteractive, startDashboard, startStatusLine } from "../ui/index.js";
import { guardOutput, runUntilStopped } from "./lifecycle.js";
import { formatSummary } from "./summary.js";

export interface SessionRunOptions {
  rigPath: string;
  port?: string;
  headless: boolean;
  durationS: number | null;
  /** Recording path; null: no recording; undefined: the default timestamped path. */
  record?: string | null;
  speed?: number | "max";
  faults?: FaultSpec[];
  policy?: PolicyName;
  json?: boolean;
}

export async function runSession(opts: SessionRunOptions): Promise<number> {
  // A closed terminal must not turn the last frame or the summary into a crash.
  guardOutput([process.stdout, process.stderr]);
  const rig: LoadedRig = loadRig(opts.rigPath);
  const model = SatelliteNodeModel.fromRig(rig.config, {
    where: rig.path,
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  const info = (text: string) => process.stderr.write(`orbitrig: ${text}\n`);
  const built = await buildBoard(rig, {
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    onInfo: info,
  });
  const board = built.board;
  const recordPath =
    opts.record === null ? null : resolve(opts.record ?? defaultRecordingPath(rig));
  const recorder = recordPath
    ? new NdjsonRecorder({
        path: recordPath,
        rig,
        clock: board.clock,
        mode: board.kind === "emulated" ? "emulated" : "live",
        timeScale: model.timeScale,
        sampleNode: model.initial(),
        session: {
          policy: model.policyName,
          ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
          faults: opts.faults ?? [],
        },
      })
    : null;
  const alarms = new AlarmMonitor(rig.config.limits, { link: () => board.stats() });
  const session = new Session({
    rigName: rig.config.name,
    mode: board.kind === "emulated" ? "emulated" : "live",
    board,
    model,
    lamp: lampConfig(rig),
    rateHz: rig.config.board.rateHz,
    recorder,
    alarms,
    trendWindowS: rig.config.display.trendWindowS,
  });

  built.start();
  try {
    await session.start();
  } catch (e) {
    built.stop();
    await board.safe().catch(() => undefined);
    await board.close().catch(() => undefined);
    if (e instanceof OrbitrigError) throw e;
    throw new OrbitrigError(
      "PORT_OPEN_FAILED",
      `cannot start the session: ${(e as Error).message}`,
      ExitCode.unavailable,
      { cause: e },
    );
  }
  if (recordPath) info(`recording to ${recordPath}`);

  const interactive = !opts.headless && isInteractive(process.stdout);
  const view = interactive
    ? startDashboard({
        source: session,
        controls: session,
        staleLinkS: rig.config.limits.staleLinkS,
      })
    : startStatusLine({
        source: session,
        out: process.stderr,
        everyS: 5,
        staleLinkS: rig.config.limits.staleLinkS,
      });
  const code = await runUntilStopped(session, board.clock, { durationS: opts.durationS });
  view.unmount();
  built.stop();
  const summary = session.summary();
  process.stdout.write(
    opts.json
      ? `${JSON.stringify({ ...summary, recording: recordPath }, null, 2)}\n`
      : formatSummary(summary, recordPath),
  );
  return code;
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
}

/**
 * A recording played through the same session and dashboard as a live run: ReplayBoard
 * yields the recorded frames, the satellite model recomputes the node states (with the
 * recorded rig and policy, or the ones given), keys pause, change speed and seek.
 */
export async function runReplay(opts: ReplayRunOptions): Promise<number> {
  guardOutput([process.stdout, process.stderr]);
  const board = replayRecording(opts.file, {
    speed: opts.speed,
    ...(opts.fromS !== undefined ? { fromS: opts.fromS } : {}),
    ...(opts.toS !== undefined ? { toS: opts.toS } : {}),
  });
  const h = board.source.header;
  const config = parseRig(
    applyOverrides(h.rig?.config, opts.set),
    `${opts.file} (rig from the header${opts.set.length ? " + --set" : ""})`,
  );
  const recorded = typeof h.session?.policy === "string" ? h.session.policy : undefined;
  const policy =
    opts.policy ?? (POLICY_NAMES.find((p) => p === recorded) as PolicyName | undefined);
  const model = SatelliteNodeModel.fromRig(config, policy ? { policy } : {});
  const rig: LoadedRig = { path: h.rig?.path ?? opts.file, text: h.rig?.text ?? "", config };
  const session = new Session({
    rigName: `${config.name} (replay)`,
    mode: "replay",
    board,
    model,
    lamp: lampConfig(rig),
    rateHz: config.board.rateHz,
    alarms: new AlarmMonitor(config.limits),
    trendWindowS: config.display.trendWindowS,
    timeOriginMs: 0,
    ...(typeof opts.speed === "number" ? { speed: opts.speed } : {}),
  });
  await session.start();
  const interactive = !opts.headless && isInteractive(process.stdout);
  // On a terminal the dashboard stays up at the end (q quits, ← seeks back); in a pipe the
  // replay ends with the recording.
  if (!interactive) void board.done.then(() => session.stop("end-of-recording"));
  const view = interactive
    ? startDashboard({ source: session, controls: session, staleLinkS: config.limits.staleLinkS })
    : startStatusLine({
        source: session,
        out: process.stderr,
        everyS: 5,
        staleLinkS: config.limits.staleLinkS,
      });
  const code = await runUntilStopped(session, board.clock);
  view.unmount();
  const summary = { ...session.summary(), policy: model.policyName, changes: opts.set };
  process.stdout.write(
    opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, null),
  );
  return code;
}
