/**
 * `orbitrig lesson list | show NAME | run NAME [--sim] [--rig FILE] [--speed N] [--report DIR]`:
 * the lessons shipped in lessons/ (or a lesson file's path). run --sim runs in the model at
 * full speed; without it, on the rig's board through the normal session
 * (../actions/lesson-rig.ts). The exit code says whether every expectation held (1 when
 * one failed).
 */
import { type Stats, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { LessonRunOptions } from "../actions/lesson.js";
import {
  fileOnly,
  type OptionParser,
  option,
  PUBLISH_FLAGS,
  PUBLISH_HELP,
  RIG_HELP,
  speed,
  usageError,
} from "../options.js";
import type { RegisterCommand } from "./types.js";

const reportPath = fileOnly(
  "a report is a folder of files (report.html, summary.md, charts); give a folder",
);

/**
 * --report: a folder, or a path where one can be made. Checked before the lesson runs:
 * found when the report is written, it would throw away a whole run on a rig.
 */
const reportFolder: OptionParser<string> = (option, text) => {
  const path = reportPath(option, text);
  for (let at = resolve(path); ; at = dirname(at)) {
    let st: Stats | undefined;
    try {
      st = statSync(at);
    } catch {
      st = undefined; // absent, or under a file (ENOTDIR): the walk up finds which
    }
    if (st && !st.isDirectory())
      throw usageError(
        `${option} ${path}: ${at} is a file, not a folder; a report is a folder of files`,
      );
    if (st || dirname(at) === at) return path;
  }
};

export const register: RegisterCommand = (program, setExitCode) => {
  const cmd = program
    .command("lesson")
    .description("lessons: scripted experiments on the bench or in the model, with a report");
  cmd
    .command("list")
    .description("the shipped lessons: name, the rig they need, duration, title")
    .action(async () => {
      const { listLessons } = await import("../actions/lesson.js");
      listLessons();
    });
  cmd
    .command("show")
    .description(
      "a lesson's notes for the teacher, its timeline and the outcomes the model predicts",
    )
    .argument("<name>", "a shipped lesson's name or a lesson file")
    .action(async (name: string) => {
      const { showLessonWithPrediction } = await import("../actions/lesson.js");
      await showLessonWithPrediction(name);
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
    .action(async (name: string, o: LessonRunOptions) => {
      const { runLessonCommand } = await import("../actions/lesson.js");
      setExitCode(await runLessonCommand(name, o));
    });
};
