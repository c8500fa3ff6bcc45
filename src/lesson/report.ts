/**
 * A lesson's report: the lesson's steps as they ran (narration, sets, readings), the
 * measured-against-predicted table, and, for a run in the model, charts of the run (state
 * of charge, node temperature, compute, array power). A run on a rig records like any
 * session, and `orbitrig report` on that recording adds the session's own report beside it.
 * Written as summary.md, report.html and lesson.json by the report module's renderers.
 */
import { type ChartSpec, lineChart, writeChartReport } from "../report/index.js";
import type { LoadedLesson } from "./load.js";
import { fmt, type LessonResult } from "./runner.js";
import type { SeriesPoint } from "./sim-target.js";

export function simCharts(series: readonly SeriesPoint[]): ChartSpec[] {
  const of = (f: (p: SeriesPoint) => number) => series.map((p) => ({ x: p.tS / 3600, y: f(p) }));
  const x = "orbit time, h (modelled)";
  return [
    lineChart(
      "soc",
      "Battery state of charge",
      of((p) => p.socPct),
      x,
      "SoC, %",
    ),
    lineChart(
      "temperature",
      "Node temperature",
      of((p) => p.tempC),
      x,
      "temperature, C",
    ),
    lineChart(
      "compute",
      "Compute level",
      of((p) => p.computePct),
      x,
      "compute, % of full",
    ),
    lineChart(
      "array",
      "Array power",
      of((p) => p.arrayKw),
      x,
      "array, kW",
    ),
  ];
}

export function lessonSections(l: LoadedLesson, r: LessonResult) {
  const x = l.lesson;
  return [
    {
      title: "Lesson",
      facts: [
        ["title", x.title],
        ["question", x.question],
        ["claim", `${x.claim.text}${x.claim.source ? ` (${x.claim.source})` : ""}`],
        ["ran on", r.mode === "sim" ? "the model (--sim)" : `a ${r.mode} rig`],
        [
          "result",
          `${r.expectations.filter((e) => e.status === "pass").length} passed, ${r.expectations.filter((e) => e.status === "fail").length} failed, ${r.expectations.filter((e) => e.status === "skipped").length} skipped`,
        ],
      ] as Array<[string, string]>,
    },
    {
      title: "Measured against predicted",
      table: {
        head: ["quantity", "measured", "is", "reference", "tolerance", "against", "result"],
        rows: r.expectations.map((e) => [
          e.quantity,
          `${fmt(e.measured)} ${e.unit}`,
          e.is,
          fmt(e.reference),
          e.tolerance,
          e.against,
          e.status + (e.why ? ` (${e.why})` : ""),
        ]),
      },
    },
    {
      title: "Steps",
      table: {
        head: ["step", "kind", "what happened"],
        rows: r.steps.map((s) => [s.index + 1, s.kind, s.lines.join(" / ")]),
      },
    },
  ];
}

/** Writes the report into outDir; returns the files written. */
export function writeLessonReport(
  outDir: string,
  l: LoadedLesson,
  r: LessonResult,
  series: readonly SeriesPoint[] | null,
): Promise<string[]> {
  return writeChartReport(
    outDir,
    `orbitrig lesson: ${l.lesson.title}`,
    lessonSections(l, r),
    series ? simCharts(series) : [],
    { "lesson.json": `${JSON.stringify({ lesson: l.name, path: l.path, ...r }, null, 2)}\n` },
  );
}
