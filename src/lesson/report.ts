/**
 * A lesson's report: the lesson's steps as they ran (narration, sets, readings), the
 * measured-against-predicted table, and, for a run in the model, charts of the run (state
 * of charge, node temperature, compute, array power). A run on a rig records like any
 * session, and `orbitrig report` on that recording adds the session's own report beside it.
 * Written as summary.md, report.html and lesson.json by the report module's renderers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { type ChartSpec, renderChart, renderHtml, renderMarkdown } from "../report/index.js";
import type { LoadedLesson } from "./load.js";
import { fmt, type LessonResult } from "./runner.js";
import type { SeriesPoint } from "./sim-target.js";

/** A line chart of one series against orbit time in hours. */
export function seriesChart(
  name: string,
  title: string,
  points: readonly { tH: number; value: number }[],
  yTitle: string,
): ChartSpec {
  return {
    name,
    title,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: 900,
      height: 200,
      title,
      data: { values: points },
      mark: { type: "line", color: "#1c7ed6" },
      encoding: {
        x: { field: "tH", type: "quantitative", title: "orbit time, h (modelled)" },
        y: { field: "value", type: "quantitative", title: yTitle },
      },
    },
  };
}

export function simCharts(series: readonly SeriesPoint[]): ChartSpec[] {
  const of = (f: (p: SeriesPoint) => number) =>
    series.map((p) => ({ tH: p.tS / 3600, value: f(p) }));
  return [
    seriesChart(
      "soc",
      "Battery state of charge",
      of((p) => p.socPct),
      "SoC, %",
    ),
    seriesChart(
      "temperature",
      "Node temperature",
      of((p) => p.tempC),
      "temperature, C",
    ),
    seriesChart(
      "compute",
      "Compute level",
      of((p) => p.computePct),
      "compute, % of full",
    ),
    seriesChart(
      "array",
      "Array power",
      of((p) => p.arrayKw),
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
    { title: "Charts" },
  ];
}

/** Writes the report into outDir; returns the files written. */
export async function writeLessonReport(
  outDir: string,
  l: LoadedLesson,
  r: LessonResult,
  series: readonly SeriesPoint[] | null,
): Promise<string[]> {
  const charts = [];
  for (const c of series ? simCharts(series) : []) charts.push(await renderChart(c));
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new OrbitrigError(
      "IO",
      `${outDir}: cannot create the report folder (${(e as Error).message})`,
      ExitCode.io,
    );
  }
  const title = `orbitrig lesson: ${l.lesson.title}`;
  const sections = lessonSections(l, r);
  const files: string[] = [];
  const write = (name: string, data: string | Buffer) => {
    const p = join(outDir, name);
    writeFileSync(p, data);
    files.push(p);
  };
  for (const c of charts) {
    write(`${c.name}.svg`, c.svg);
    write(`${c.name}.png`, c.png);
  }
  write("summary.md", renderMarkdown(title, sections, charts));
  write("report.html", renderHtml(title, sections, charts));
  write("lesson.json", `${JSON.stringify({ lesson: l.name, path: l.path, ...r }, null, 2)}\n`);
  return files;
}
