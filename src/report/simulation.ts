/**
 * The report of a simulation (`orbitrig simulate --report DIR`) and of a lesson run in the
 * model: line charts of modelled figures (per orbit for one run, against the swept key for
 * a sweep), summary.md and a self-contained report.html, written by the same renderers as
 * a recording's report. Modelled series are blue, as in the recording's charts.
 */

import type { OrbitSummary, SimulationResult, SimulationTotals } from "../node/summary.js";
import type { SweepCase } from "../node/sweep.js";
import type { ChartSpec } from "./charts.js";
import { renderHtml, renderMarkdown } from "./document.js";
import { reportFolder } from "./folder.js";
import { type RenderedChart, renderCharts } from "./render.js";

const MODELLED = "#1c7ed6";

export interface ChartPoint {
  x: number;
  y: number;
  /** Series name when a chart has several (a policy, a second swept key). */
  group?: string;
}

/** One line chart (one line per group). */
export function lineChart(
  name: string,
  title: string,
  points: readonly ChartPoint[],
  xTitle: string,
  yTitle: string,
): ChartSpec {
  const grouped = points.some((p) => p.group !== undefined);
  return {
    name,
    title,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: 900,
      height: 200,
      title,
      data: { values: points },
      mark: grouped ? { type: "line", point: true } : { type: "line", color: MODELLED },
      encoding: {
        x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
        y: { field: "y", type: "quantitative", title: yTitle },
        ...(grouped
          ? { color: { field: "group", type: "nominal", title: null, legend: { labelLimit: 400 } } }
          : {}),
      },
    },
  };
}

export interface ReportSection {
  title: string;
  facts?: Array<[string, string]>;
  table?: { head: readonly string[]; rows: (string | number | null)[][]; note?: string };
}

/**
 * Renders the charts and writes `<chart>.svg/.png`, summary.md and report.html (or the
 * names given) into outDir
 * (created if missing); extra files (CSV, JSON) beside them. Returns the paths written.
 */
export async function writeChartReport(
  outDir: string,
  title: string,
  sections: readonly ReportSection[],
  specs: readonly ChartSpec[],
  extra: Readonly<Record<string, string>> = {},
  /** File names of the two documents. Default summary.md and report.html. */
  names: { md: string; html: string } = { md: "summary.md", html: "report.html" },
): Promise<string[]> {
  const charts: RenderedChart[] = await renderCharts(specs);
  const out = reportFolder(outDir);
  const write = out.write;
  out.writeCharts(charts);
  const all = [...sections, ...(charts.length > 0 ? [{ title: "Charts" }] : [])];
  write(names.md, renderMarkdown(title, all, charts));
  write(names.html, renderHtml(title, all, charts));
  for (const [name, text] of Object.entries(extra)) write(name, text);
  return out.commit();
}

export interface SimulationReportInput {
  rigName: string;
  cases: readonly SweepCase[];
  results: readonly SimulationResult[];
  orbits: number;
  dtS: number;
}

const FIGURES: ReadonlyArray<
  [keyof SimulationTotals & keyof OrbitSummary, string, string, number]
> = [
  ["duty", "duty", "duty cycle, %", 100],
  ["workDuty", "work", "mean compute level, %", 100],
  ["minSoc", "min-soc", "lowest state of charge, %", 100],
  ["maxTempC", "max-temp", "highest node temperature, C", 1],
  ["shadowMin", "shadow", "shadow per orbit, min", 1],
];

/** The swept values of a case, as the label of its series and its x. */
function axes(c: SweepCase): Array<[string, number | string]> {
  return [
    ...(c.betaDeg !== undefined ? [["beta, deg", c.betaDeg] as [string, number]] : []),
    ...(c.altitudeKm !== undefined ? [["altitude, km", c.altitudeKm] as [string, number]] : []),
    ...Object.entries(c.set ?? {}),
    ...(c.policy !== undefined ? [["policy", c.policy] as [string, string]] : []),
  ];
}

/**
 * One run: each figure per orbit. A sweep: each total against the first numeric swept key,
 * one line per value of the others.
 */
export function simulationCharts(input: SimulationReportInput): ChartSpec[] {
  const { cases, results } = input;
  if (cases.length === 1 && Object.keys(cases[0]!).length === 0) {
    const orbits = results[0]!.perOrbit;
    return FIGURES.map(([key, name, title, scale]) =>
      lineChart(
        name,
        `${input.rigName}: ${title} per orbit`,
        orbits.map((o) => ({ x: o.orbit, y: (o[key] as number) * scale })),
        "orbit",
        title,
      ),
    );
  }
  const first = axes(cases[0]!).find(([, v]) => typeof v === "number");
  const xName = first?.[0] ?? "case";
  return FIGURES.map(([key, name, title, scale]) =>
    lineChart(
      name,
      `${input.rigName}: ${title} against ${xName}`,
      cases.map((c, i) => {
        const a = axes(c);
        const x = first ? (a.find(([k]) => k === xName)![1] as number) : i;
        const others = a.filter(([k]) => k !== xName).map(([k, v]) => `${k} ${v}`);
        return {
          x,
          y: (results[i]!.totals[key] as number) * scale,
          ...(others.length > 0 ? { group: others.join(", ") } : {}),
        };
      }),
      xName,
      title,
    ),
  );
}

/** `simulate --report DIR`: the charts, a table of the cases or orbits, and cases.csv. */
export function writeSimulationReport(outDir: string, input: SimulationReportInput) {
  const { cases, results } = input;
  const f = (v: number, d = 1) => v.toFixed(d);
  const head = [
    ...[...new Set(cases.flatMap((c) => axes(c).map(([k]) => k)))],
    "policy run",
    "shadow min/orbit",
    "duty %",
    "work %",
    "work accel-h",
    "min SoC %",
    "max temp C",
    "unserved kWh",
  ];
  const keys = head.slice(0, head.indexOf("policy run"));
  const rows = cases.map((c, i) => {
    const t = results[i]!.totals;
    const a = Object.fromEntries(axes(c));
    return [
      ...keys.map((k) => String(a[k] ?? "")),
      results[i]!.policy,
      f(t.shadowMin / Math.max(1, t.orbits), 2),
      f(100 * t.duty),
      f(100 * t.workDuty),
      f(t.workAccelH),
      f(100 * t.minSoc),
      f(t.maxTempC),
      f(t.unservedKWh, 2),
    ];
  });
  const csv = [head, ...rows].map((r) =>
    r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(","),
  );
  return writeChartReport(
    outDir,
    `orbitrig simulation: ${input.rigName}`,
    [
      {
        title: "Simulation",
        facts: [
          ["rig", input.rigName],
          ["cases", String(cases.length)],
          ["orbits each", input.orbits.toFixed(2)],
          ["step", `${input.dtS} s`],
        ],
      },
      { title: "Totals", table: { head, rows } },
    ],
    simulationCharts(input),
    { "cases.csv": `${csv.join("\r\n")}\r\n` },
  );
}
