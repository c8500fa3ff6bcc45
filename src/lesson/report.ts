/**
 * A lesson's report: the lesson's steps as they ran (narration, sets, readings), the
 * measured-against-predicted table, and, for a run in the model, charts of the run (state
 * of charge, node temperature, compute, array power). A run on a rig is recorded like any
 * session, and its report (the one `orbitrig report` makes) is written beside the lesson's.
 */
import { type ChartSpec, lineChart, makeReport, writeChartReport } from "../report/index.js";
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
        ["ran on", r.mode === "sim" ? "the model (--sim)" : `the ${r.mode} rig`],
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

/**
 * Writes the lesson's report into outDir: lesson.html and lesson.md (with charts of the run
 * in the model), lesson.json; returns the files written. On a rig, the session's own report
 * of the recording (report.html, its charts) is written beside it first.
 */
export async function writeLessonReport(
  outDir: string,
  l: LoadedLesson,
  r: LessonResult,
  series: readonly SeriesPoint[] | null,
  recording: string | null = null,
): Promise<string[]> {
  const session = recording ? (await makeReport(recording, outDir)).files : [];
  const lesson = await writeChartReport(
    outDir,
    `orbitrig lesson: ${l.lesson.title}`,
    [
      ...lessonSections(l, r),
      ...(recording
        ? [
            {
              title: "The session",
              facts: [
                ["recording", recording],
                ["its report", "report.html in this folder"],
              ] as Array<[string, string]>,
            },
          ]
        : []),
    ],
    series ? simCharts(series) : [],
    { "lesson.json": `${JSON.stringify({ lesson: l.name, path: l.path, ...r }, null, 2)}\n` },
    { md: "lesson.md", html: "lesson.html" },
  );
  return [...session, ...lesson];
}
