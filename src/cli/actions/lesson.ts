/** What `orbitrig lesson list | show | run` do (their options: ../commands/lesson.ts). */
import { loadRig } from "../../config/load.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import {
  listLine,
  loadLesson,
  runLesson,
  SimTarget,
  shippedLessons,
  showLesson,
  writeLessonReport,
} from "../../lesson/index.js";

export interface LessonRunOptions {
  sim?: boolean;
  headless?: boolean;
  rig?: string;
  speed?: number | "max";
  report?: string;
  publish?: string;
}

export function listLessons(): void {
  const all = shippedLessons();
  const w = Math.max(0, ...all.map((l) => l.name.length));
  process.stdout.write(all.map((l) => `${listLine(l, w)}\n`).join(""));
}

export async function showLessonWithPrediction(name: string): Promise<void> {
  const l = loadLesson(name);
  const x = l.lesson;
  // The outcomes are predicted by running the lesson in the model, quietly.
  const predicted = await runLesson(
    x,
    new SimTarget({ rig: x.simRig, start: x.start, ...(x.policy ? { policy: x.policy } : {}) }),
    { file: l },
  );
  process.stdout.write(showLesson(l, predicted));
}

/** Runs the lesson; the exit code says whether every expectation held. */
export async function runLessonCommand(name: string, o: LessonRunOptions): Promise<number> {
  const l = loadLesson(name);
  const x = l.lesson;
  const sim = o.sim === true || (x.rig === "sim" && o.rig === undefined);
  if (sim && x.rig === "desk")
    throw new OrbitrigError(
      "USAGE",
      `lesson ${l.name} needs a desk rig (a real lamp and cell); it cannot run with --sim: give --rig FILE`,
      ExitCode.usage,
    );
  if (sim && o.publish !== undefined)
    throw new OrbitrigError(
      "USAGE",
      "--publish: a lesson in the model (--sim) has no session to publish; run it on a rig (--rig FILE)",
      ExitCode.usage,
    );
  if (!sim && x.rig === "desk") {
    // Its measurements are of a real lamp and cell: the emulator's would pass for them.
    const rig = loadRig(o.rig ?? "emulated");
    if (rig.config.board.kind === "emulated")
      throw new OrbitrigError(
        "USAGE",
        `lesson ${l.name} needs a desk rig (a real lamp and cell); ${rig.path} is the emulator: give --rig FILE of a desk rig`,
        ExitCode.usage,
      );
  }
  const line = (s: string) => process.stdout.write(`${s}\n`);
  line(`${x.title}\n${x.question}\n`);
  if (sim) {
    const target = new SimTarget({
      rig: o.rig ?? x.simRig,
      start: x.start,
      ...(x.policy ? { policy: x.policy } : {}),
    });
    const result = await runLesson(x, target, { file: l, onLine: line });
    if (o.report) {
      await writeLessonReport(o.report, l, result, target.series);
      line(`report: ${o.report}/lesson.html`);
    }
    return result.passed ? ExitCode.ok : ExitCode.failure;
  }
  // The session and its dashboard load only for a lesson on a rig.
  const { runLessonOnRig } = await import("./lesson-rig.js");
  const code = await runLessonOnRig(l, {
    rig: o.rig ?? "emulated",
    ...(o.speed !== undefined ? { speed: o.speed } : {}),
    ...(o.report ? { report: o.report } : {}),
    ...(o.headless ? { headless: true } : {}),
    ...(o.publish !== undefined ? { publish: o.publish } : {}),
    onLine: line,
  });
  return code;
}
