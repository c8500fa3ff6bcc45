/**
 * What `orbitrig report` does (its options: ../commands/report.ts): the report of one
 * recording, or two side by side.
 */

import { countOf } from "../../core/text.js";
import { makeComparisonReport } from "../../report/compare-report.js";
import { progressBar } from "../../report/progress.js";
import { makeReport } from "../../report/report.js";
import { describeDamage } from "../../telemetry/reader.js";
import { timeWindow, usageError } from "../options.js";

export interface ReportOptions {
  out: string;
  from?: number;
  to?: number;
}

export async function report(files: string[], opts: ReportOptions): Promise<void> {
  const window = timeWindow(opts.from, opts.to);
  if (files.length > 2)
    throw usageError(`report: one recording, or two side by side (got ${files.length})`);
  if (files.length === 2) {
    const [a, b] = files as [string, string];
    const res = await makeComparisonReport(a, b, opts.out, { window });
    const [sa, sb] = res.summaries;
    for (const s of res.summaries) {
      const damage = describeDamage(s.counts);
      if (damage) process.stderr.write(`${s.path}: ${damage}\n`);
    }
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
}
