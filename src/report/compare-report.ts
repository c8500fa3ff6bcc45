import { basename } from "node:path";
import { countOf } from "../core/text.js";
import { openRecording } from "../telemetry/reader.js";
import type { OrbitSummary } from "../telemetry/stats.js";
import { type RecordingSummary, summarizeRecording } from "../telemetry/summary.js";
import type { TimeWindow } from "../telemetry/window.js";
import type { VlSpec } from "./charts.js";
import { COMPARE_ROWS, fmt } from "./compare.js";
import { type Cell, renderHtml, renderMarkdown, type Section } from "./document.js";
import { reportFolder } from "./folder.js";
import { findFont, type RenderedChart, renderChart } from "./render.js";
import { nothingToReport } from "./report.js";

export interface CompareReportOptions {
  window?: TimeWindow;
  pngScale?: number;
}

export interface CompareReportResult {
  outDir: string;
  files: string[];
  summaries: [RecordingSummary, RecordingSummary];
}

/** What a recording is called in the comparison: its rig, policy and file name. */
export function recordingLabel(s: RecordingSummary): string {
  const rig = ((s.header.rig?.config ?? {}) as { name?: string }).name ?? "recording";
  const policy = (s.header.session as { policy?: string } | undefined)?.policy;
  return `${rig}${policy ? `, ${policy}` : ""} (${basename(s.path)})`;
}

/** The figures of both and B − A, one row per figure. */
export function sideBySideRows(a: RecordingSummary, b: RecordingSummary): Cell[][] {
  return COMPARE_ROWS.map(([name, get, d]) => {
    const x = get(a.stats.totals, a.stats);
    const y = get(b.stats.totals, b.stats);
    const delta = x === null || y === null ? null : y - x;
    const shown = delta === null ? "–" : fmt(delta, d);
    return [name, fmt(x, d), fmt(y, d), delta !== null && delta > 0 ? `+${shown}` : shown];
  });
}

/** Each orbit number either recording has, with the duty of each (– where it has none). */
export function dutyByOrbit(a: RecordingSummary, b: RecordingSummary): Cell[][] {
  const byOrbit = (s: RecordingSummary) =>
    new Map(s.stats.orbits.filter((o) => o.orbit !== null).map((o) => [o.orbit!, o]));
  const ma = byOrbit(a);
  const mb = byOrbit(b);
  const orbits = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => x - y);
  const cell = (o: OrbitSummary | undefined) =>
    o?.dutyPct == null ? "–" : `${o.dutyPct.toFixed(1)}${o.complete ? "" : " (partial)"}`;
  return orbits.map((k) => [k, cell(ma.get(k)), cell(mb.get(k))]);
}

function dutyChart(a: RecordingSummary, b: RecordingSummary, la: string, lb: string): VlSpec {
  const values = [
    ...a.stats.orbits.map((o) => ({ o, run: la })),
    ...b.stats.orbits.map((o) => ({ o, run: lb })),
  ]
    .filter(({ o }) => o.orbit !== null && o.dutyPct !== null && o.complete)
    .map(({ o, run }) => ({ orbit: o.orbit, duty: o.dutyPct, run }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 900,
    height: 220,
    title: {
      text: "Duty cycle per orbit, side by side",
      subtitle: "whole orbits only; time at full compute ÷ orbit time (modelled)",
      anchor: "start",
    },
    config: { font: "DejaVu Sans", view: { stroke: "#ced4da" } },
    background: "white",
    padding: 12,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: { field: "orbit", type: "ordinal", title: "orbit number", axis: { labelAngle: 0 } },
      xOffset: { field: "run" },
      y: {
        field: "duty",
        type: "quantitative",
        title: "duty cycle, %",
        scale: { domain: [0, 100] },
      },
      color: {
        field: "run",
        type: "nominal",
        scale: { domain: [la, lb], range: ["#1c7ed6", "#d9480f"] },
        legend: { title: null, orient: "top", labelLimit: 600 },
      },
    },
  };
}

export async function makeComparisonReport(
  pathA: string,
  pathB: string,
  outDir: string,
  options: CompareReportOptions = {},
): Promise<CompareReportResult> {
  const summarize = (p: string) => {
    const s = summarizeRecording(openRecording(p), { window: options.window });
    if (s.frames === 0) throw nothingToReport(p, options.window, s, "compare");
    return s;
  };
  const a = summarize(pathA);
  const b = summarize(pathB);
  const la = `A: ${recordingLabel(a)}`;
  const lb = `B: ${recordingLabel(b)}`;
  const font = findFont();
  const chart: RenderedChart = await renderChart(
    { name: "duty", title: "Duty cycle per orbit, side by side", spec: dutyChart(a, b, la, lb) },
    options.pngScale ?? 2,
    font,
  );
  const sections: Section[] = [
    {
      title: "Recordings",
      facts: [
        [
          "A",
          `${pathA} — ${countOf(a.frames, "frame")}, ${countOf(a.stats.totals.orbits, "orbit")}`,
        ],
        [
          "B",
          `${pathB} — ${countOf(b.frames, "frame")}, ${countOf(b.stats.totals.orbits, "orbit")}`,
        ],
      ],
    },
    {
      title: "Side by side",
      table: { head: ["", la, lb, "B − A"], rows: sideBySideRows(a, b) },
    },
    { title: "Charts" },
    {
      title: "Duty per orbit, %",
      table: {
        head: ["orbit", la, lb],
        rows: dutyByOrbit(a, b),
        note: "A partial orbit (the recording starts or ends in it) shows its duty so far.",
      },
    },
  ];
  const out = reportFolder(outDir);
  const write = out.write;
  const title = "orbitrig report: two recordings side by side";
  write("duty.svg", chart.svg);
  write("duty.png", chart.png);
  write("compare.md", renderMarkdown(title, sections, [chart]));
  write("compare.html", renderHtml(title, sections, [chart]));
  write(
    "compare.json",
    `${JSON.stringify({ a: { recording: pathA, totals: a.stats.totals }, b: { recording: pathB, totals: b.stats.totals } }, null, 2)}\n`,
  );
  return { outDir, files: out.commit(), summaries: [a, b] };
}
