/**
 * `orbitrig report FILE --out DIR [--from T --to T]`: charts (SVG + PNG), summary.md,
 * report.html (self-contained), orbits.csv and report.json of a recording.
 * `orbitrig report A B --out DIR`: the two side by side (compare.md, compare.html, a duty
 * chart, compare.json).
 */

import type { ReportOptions } from "../actions/report.js";
import { durationS, fileOnly, option } from "../options.js";
import type { RegisterCommand } from "./types.js";

const reportFolder = fileOnly(
  "a report is a folder of files (report.html, summary.md, charts, CSV); give a folder",
);

export const register: RegisterCommand = (program) => {
  program
    .command("report")
    .description(
      "charts (SVG, PNG), summary.md and a self-contained report.html of a recording; of two, side by side",
    )
    .argument("<files...>", "recording (.ndjson), or two to compare side by side")
    .addOption(
      option(
        "--out <dir>",
        "folder for the report (created if missing)",
        reportFolder,
      ).makeOptionMandatory(),
    )
    .addOption(
      option(
        "--from <t>",
        "start at this time since the recording's start (90, 90s, 5m, 1h30m)",
        durationS,
      ),
    )
    .addOption(option("--to <t>", "stop at this time", durationS))
    .action(async (files: string[], opts: ReportOptions) => {
      // The charts (vega, resvg) load only when a report is made, not for --help.
      const { report } = await import("../actions/report.js");
      await report(files, opts);
    });
};
