/**
 * A whole session from a rig file (the board its `board:` section names, the satellite
 * model, the recorder, the alarms), or from a recording (a ReplayBoard and the recorded rig,
 * with the policy or parameters changed if asked). demo, run, replay and (next) lessons and
 * the network publisher all start here, so every mode shares one data path.
 */
import { resolve } from "node:path";
import type { ReplayBoard } from "../board/replay.js";
import { type LoadedRig, rigFieldLine } from "../config/load.js";
import type { PolicyName } from "../config/schema/scheduler.js";
import { RealClock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { FaultSpec } from "../emulator/index.js";
import { AlarmMonitor } from "../session/alarms.js";
import { Session } from "../session/session.js";
import type { ReplaySource } from "../telemetry/replay-source.js";
import { replayRecording } from "../telemetry/replay-source.js";
import {
  type BoardBuildOptions,
  type BuiltBoard,
  buildBoard,
  defaultRecordingPath,
  lampCheckConfig,
  lampConfig,
} from "./board.js";
import { type RecordedRig, recordedRig } from "./recorded.js";
import { NdjsonRecorder, type NdjsonRecorderOptions } from "./recorder.js";
import { withoutSecrets } from "./redact.js";
import { SatelliteNodeModel } from "./satellite.js";

export interface RigSessionOptions {
  /** Overrides board.port. */
  port?: string;
  /** Recording path; null: no recording; undefined: the default timestamped path. */
  record?: string | null;
  /** Replace an existing recording at `record` (otherwise it is refused). */
  overwrite?: boolean;
  /**
   * Told once when the recording cannot be written any more (a full disk); the caller
   * stops the session. Without it, the write error is thrown where it happened.
   */
  onRecordingError?: (error: OrbitrigError) => void;
  /** The recording's file write (fs.writeSync by default; the reliability campaign puts a slow or full disk behind it). */
  recordingWriteSync?: NdjsonRecorderOptions["writeSync"];
  /** Reconnecting for an emulated board (BoardBuildOptions.emulatedReconnect). */
  emulatedReconnect?: BoardBuildOptions["emulatedReconnect"];
  /** Emulator speed (emulated ms per wall ms) or "max". */
  speed?: number | "max";
  faults?: FaultSpec[];
  policy?: PolicyName;
  /** Told which port --port auto chose, and why. */
  onInfo?: (text: string) => void;
}

export interface RigSession {
  session: Session;
  built: BuiltBoard;
  model: SatelliteNodeModel;
  /** Absolute path of the recording, or null. */
  recordPath: string | null;
  recorder: NdjsonRecorder | null;
}

/** Builds (does not start) a session for a rig. */
export async function buildRigSession(
  rig: LoadedRig,
  opts: RigSessionOptions = {},
): Promise<RigSession> {
  const model = SatelliteNodeModel.fromRig(rig.config, {
    where: rig.path,
    calibrationLine: rigFieldLine(rig, ["calibration", "fullSunBenchMw"]),
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  const built = await buildBoard(rig, {
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.onInfo ? { onInfo: opts.onInfo } : {}),
    ...(opts.emulatedReconnect ? { emulatedReconnect: opts.emulatedReconnect } : {}),
  });
  const board = built.board;
  const mode = board.kind === "emulated" || built.emulator ? "emulated" : "live";
  const wanted = opts.record === null ? null : resolve(opts.record ?? defaultRecordingPath(rig));
  // The file is created here, before anything is powered: a path that cannot be written
  // stops the command with one line. A default name never replaces another session's file.
  const recorder = wanted
    ? new NdjsonRecorder({
        path: wanted,
        create: opts.record === undefined ? "unique" : opts.overwrite ? "overwrite" : "exclusive",
        ...(opts.onRecordingError ? { onError: opts.onRecordingError } : {}),
        ...(opts.recordingWriteSync ? { writeSync: opts.recordingWriteSync } : {}),
        rig: withoutSecrets(rig),
        clock: board.clock,
        mode,
        timeScale: model.timeScale,
        sampleNode: model.initial(),
        session: {
          policy: model.policyName,
          ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
          faults: opts.faults ?? [],
        },
      })
    : null;
  const session = new Session({
    rigName: rig.config.name,
    mode,
    board,
    model,
    lamp: lampConfig(rig),
    lampCheck: lampCheckConfig(rig),
    verifySafe: { wallClock: new RealClock() },
    rateHz: rig.config.board.rateHz,
    recorder,
    alarms: new AlarmMonitor(rig.config.limits, { link: () => board.stats() }),
  });
  return { session, built, model, recordPath: recorder?.path ?? null, recorder };
}

/**
 * Starts a built rig session: pacing first (an emulated board answers only while its
 * clock runs), then the handshake. On failure, pacing stops, the lamp is turned off and
 * the board closed, and a recording file that never got its header removed; the error says
 * why the session could not start.
 */
export async function startRigSession(rs: RigSession): Promise<void> {
  rs.built.start();
  try {
    await rs.session.start();
  } catch (e) {
    // Lamp off while the board's clock still runs: an emulated board answers only then.
    await rs.built.board.safe().catch(() => undefined);
    await rs.built.board.close().catch(() => undefined);
    rs.built.stop();
    rs.recorder?.abandon();
    if (e instanceof OrbitrigError) throw e;
    throw new OrbitrigError(
      "PORT_OPEN_FAILED",
      `cannot start the session: ${(e as Error).message}`,
      ExitCode.unavailable,
      { cause: e },
    );
  }
}

export interface ReplaySessionOptions {
  speed: number | "max";
  fromS?: number;
  toS?: number;
  policy?: PolicyName;
  /** `key=value` overrides of the recorded rig (node and scheduler parameters). */
  set?: string[];
}

export interface ReplaySession {
  session: Session;
  board: ReplayBoard<ReplaySource>;
  model: SatelliteNodeModel;
  /** The recorded rig, with --set applied. */
  rig: LoadedRig;
}

/**
 * A recording played through a session: the ReplayBoard yields the recorded frames, the
 * satellite model recomputes the node states with the recorded rig and policy, or the ones
 * given.
 */
export function buildReplaySession(file: string, opts: ReplaySessionOptions): ReplaySession {
  const board = replayRecording(file, {
    speed: opts.speed,
    ...(opts.fromS !== undefined ? { fromS: opts.fromS } : {}),
    ...(opts.toS !== undefined ? { toS: opts.toS } : {}),
  });
  const h = board.source.header;
  let recorded: RecordedRig;
  try {
    recorded = recordedRig(file, h, opts.set ?? [], opts.policy);
  } catch (e) {
    void board.close();
    throw e;
  }
  const { config, policy } = recorded;
  const model = SatelliteNodeModel.fromRig(config, policy ? { policy } : {});
  const rig: LoadedRig = { path: h.rig?.path ?? file, text: h.rig?.text ?? "", config };
  const session = new Session({
    rigName: `${config.name} (replay)`,
    mode: "replay",
    board,
    model,
    lamp: lampConfig(rig),
    rateHz: config.board.rateHz,
    alarms: new AlarmMonitor(config.limits),
    timeOriginMs: 0,
  });
  return { session, board, model, rig };
}
