/**
 * `orbitrig lesson list | show NAME | run NAME [--sim] [--rig FILE] [--speed N] [--report DIR]`:
 * the lessons shipped in lessons/ (or a lesson file's path). run --sim runs in the model at
 * full speed; without it, on the rig's board through the normal session (./lesson-rig.ts).
 * The exit code says whether every expectation held (1 when one failed).
 */
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
import { fileOnly, option, RIG_HELP, speed } from "../options.js";
import { PUBLISH_FLAGS, PUBLISH_HELP } from "../publish.js";
import { runLessonOnRig } from "./lesson-rig.js";
import type { RegisterCommand } from "./types.js";

const reportFolder = fileOnly(
  "a report is a folder of files (report.html, summary.md, charts); give a folder",
);

interface RunOptions {
  sim?: boolean;
  headless?: boolean;
  rig?: string;
  speed?: number | "max";
  report?: string;
  publish?: string;
}

export const register: RegisterCommand = (program, setExitCode) => {
  const cmd = program
    .command("lesson")
    .description("lessons: scripted experiments on the bench or in the model, with a report");
  cmd
    .command("list")
    .description("the shipped lessons: name, the rig they need, duration, title")
    .action(() => {
      const all = shippedLessons();
      const w = Math.max(0, ...all.map((l) => l.name.length));
      process.stdout.write(all.map((l) => `${listLine(l, w)}\n`).join(""));
    });
  cmd
    .command("show")
    .description(
      "a lesson's notes for the teacher, its timeline and the outcomes the model predicts",
    )
    .argument("<name>", "a shipped lesson's name or a lesson file")
    .action(async (name: string) => {
      const l = loadLesson(name);
      const x = l.lesson;
      // The outcomes are predicted by running the lesson in the model, quietly.
      const predicted = await runLesson(
        x,
        new SimTarget({ rig: x.simRig, start: x.start, ...(x.policy ? { policy: x.policy } : {}) }),
      );
      process.stdout.write(showLesson(l, predicted));
    });
  cmd
    .command("run")
    .description("run a lesson on a rig (emulated or desk) or, with --sim, in the model")
    .argument("<name>", "a shipped lesson's name or a lesson file")
    .option("--sim", "run in the model at full speed, no board")
    .option("--rig <file|name>", RIG_HELP)
    .option("--headless", "no dashboard on a rig: the lesson's lines as they happen")
    .addOption(option("--speed <n>", "emulator speed (emulated ms per wall ms) or max", speed))
    .addOption(option("--report <dir>", "write the lesson's report into this folder", reportFolder))
    .option(PUBLISH_FLAGS, `${PUBLISH_HELP} (on a rig)`)
    .action(async (name: string, o: RunOptions) => {
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
      const line = (s: string) => process.stdout.write(`${s}\n`);
      line(`${x.title}\n${x.question}\n`);
      if (sim) {
        const target = new SimTarget({
          rig: o.rig ?? x.simRig,
          start: x.start,
          ...(x.policy ? { policy: x.policy } : {}),
        });
        const result = await runLesson(x, target, { onLine: line });
        if (o.report) {
          await writeLessonReport(o.report, l, result, target.series);
          line(`report: ${o.report}/lesson.html`);
        }
        setExitCode(result.passed ? ExitCode.ok : ExitCode.failure);
        return;
      }
      const code = await runLessonOnRig(l, {
        rig: o.rig ?? "emulated",
        ...(o.speed !== undefined ? { speed: o.speed } : {}),
        ...(o.report ? { report: o.report } : {}),
        ...(o.headless ? { headless: true } : {}),
        ...(o.publish !== undefined ? { publish: o.publish } : {}),
        onLine: line,
      });
      setExitCode(code);
    });
};
