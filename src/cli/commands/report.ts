/**
 * `orbitrig report FILE --out DIR [--from T --to T]`: charts (SVG + PNG), summary.md,
 * report.html (self-contained), orbits.csv and report.json of a recording.
 * `orbitrig report A B --out DIR`: the two side by side (compare.md, compare.html, a duty
 * chart, compare.json).
 */

import { countOf } from "../../core/text.js";
import { makeComparisonReport } from "../../report/compare-report.js";
import { progressBar } from "../../report/progress.js";
import { makeReport } from "../../report/report.js";
import { describeDamage } from "../../telemetry/reader.js";
import { durationS, fileOnly, option, timeWindow, usageError } from "../options.js";
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
    .action(async (files: string[], opts: { out: string; from?: number; to?: number }) => {
      const window = timeWindow(opts.from, opts.to);
      if (files.length > 2)
        throw usageError(`report: one recording, or two side by side (got ${files.length})`);
      if (files.length === 2) {
        const [a, b] = files as [string, string];
        const res = await makeComparisonReport(a, b, opts.out, { window });
        const [sa, sb] = res.summaries;
        process.stdout.write(
          `${res.outDir}: ${res.files.length} files (compare.html, compare.md, duty chart); A ${sa.frames} frames, B ${sb.frames} frames\n`,
        );
        return;
      }
      const file = files[0]!;
      const bar = progressBar("report");
      const res = await makeReport(file, opts.out, {
        window,
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.done();
      const damage = describeDamage(res.summary.counts);
      if (damage) process.stderr.write(`${file}: ${damage}\n`);
      if (!res.font)
        process.stderr.write(
          "report: DejaVu Sans not found (Debian: fonts-dejavu-core); chart text uses system fonts\n",
        );
      const t = res.summary.stats.totals;
      process.stdout.write(
        `${res.outDir}: ${res.files.length} files (report.html, summary.md, ${res.charts.length} charts as SVG and PNG); ` +
          `${countOf(res.summary.frames, "frame")}, ${countOf(t.orbits, "orbit")}\n`,
      );
    });
};
