/**
 * `lesson run NAME --rig FILE`: the lesson through the normal session on the rig's board
 * (emulated or desk), recorded like any session. The lesson's lines go to stdout as they
 * happen; the report (steps, measured against predicted) is written at the end, and
 * `orbitrig report RECORDING` gives the session's own charts beside it.
 */
import { loadRig, parseRig } from "../../config/load.js";
import { ExitCode } from "../../core/errors.js";
import {
  type LoadedLesson,
  RigTarget,
  runLesson,
  withStart,
  writeLessonReport,
} from "../../lesson/index.js";
import { buildRigSession, startRigSession } from "../../rig/session.js";

export interface LessonRigOptions {
  rig: string;
  speed?: number | "max";
  report?: string;
  onLine: (text: string) => void;
}

export async function runLessonOnRig(l: LoadedLesson, o: LessonRigOptions): Promise<number> {
  const loaded = loadRig(o.rig);
  const config = parseRig(
    withStart(loaded.config, l.lesson.start),
    `${loaded.path} + the lesson's start:`,
  );
  const rig = { ...loaded, config };
  const rs = await buildRigSession(rig, {
    ...(o.speed !== undefined ? { speed: o.speed } : {}),
    ...(l.lesson.policy ? { policy: l.lesson.policy } : {}),
  });
  const target = new RigTarget(rs);
  await startRigSession(rs);
  if (rs.recordPath) o.onLine(`recording to ${rs.recordPath}`);
  try {
    const result = await runLesson(l.lesson, target, { onLine: o.onLine });
    if (o.report) {
      await writeLessonReport(o.report, l, result, null);
      o.onLine(
        `report: ${o.report}/report.html (the session's charts: orbitrig report ${rs.recordPath ?? "RECORDING"} --out DIR)`,
      );
    }
    return result.passed ? ExitCode.ok : ExitCode.failure;
  } finally {
    await rs.session.stop("quit");
    rs.built.stop();
  }
}
