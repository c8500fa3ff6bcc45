/**
 * Vega-Lite specifications of the constellation report's charts, from the binned series of
 * a run and of its independent twin: the constellation's total work against the twin's and
 * the work offered; work over time per node (a heat map, nodes grouped when there are
 * many); a map of orbit phase against time that shows where work ran and where the shadow
 * is; and the battery across nodes. Time is orbit time, in hours since the start.
 */
import type { RunSeries } from "../constellation/series.js";
import { type ChartSpec, FONT_FAMILY, type VlSpec } from "./charts.js";

const CONSTELLATION = "#1c7ed6";
const INDEPENDENT = "#868e96";
const OFFERED = "#e8590c";
const WIDTH = 900;

export interface ConstellationChartInput {
  title: string;
  constellation: RunSeries;
  independent: RunSeries;
  accelerators: number;
  /** Whether the independent run is the constellation run itself (no links, or saturated). */
  same: boolean;
}

function base(title: string, subtitle: string, height = 220): VlSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: WIDTH,
    height,
    title: { text: title, subtitle, anchor: "start", fontSize: 15, subtitleFontSize: 11 },
    config: {
      font: FONT_FAMILY,
      view: { stroke: "#ced4da" },
      legend: { labelFontSize: 11, symbolType: "square" },
    },
    background: "white",
    padding: 12,
  };
}

const hoursAxis = (field: string, s: RunSeries) => ({
  field,
  type: "quantitative",
  title: "orbit time since start, h",
  scale: { domain: [0, (s.steps * s.dtS) / 3600], nice: false, zero: false },
});

/** Accelerators busy on average in bin b (work in the bin ÷ its length). */
function busy(work: number, s: RunSeries, b: number): number {
  return work / s.binLengthS(b);
}

function totalWork(s: RunSeries, b: number): number {
  let w = 0;
  for (let g = 0; g < s.groups; g++) w += s.groupWork[g * s.bins + b]!;
  return w;
}

function totalSpec(i: ConstellationChartInput): VlSpec {
  const c = i.constellation;
  const labels = [
    "constellation (work done)",
    i.same ? "independent nodes (same run)" : "independent nodes (work done)",
    "work offered (jobs arriving)",
  ];
  const values: Array<{ t: number; busy: number; series: string }> = [];
  for (let b = 0; b < c.bins; b++) {
    const t = c.binStartS(b) / 3600;
    values.push({ t, busy: busy(totalWork(c, b), c, b), series: labels[0]! });
    values.push({
      t,
      busy: busy(totalWork(i.independent, b), i.independent, b),
      series: labels[1]!,
    });
    if (c.offered.some((x) => x > 0))
      values.push({ t, busy: busy(c.offered[b]!, c, b), series: labels[2]! });
  }
  const all = c.nodes * i.accelerators;
  return {
    ...base(
      `${i.title}: work of the whole constellation`,
      `accelerators busy, mean per time bin, out of ${all.toLocaleString("en-US")}`,
    ),
    data: { values },
    mark: { type: "line", strokeWidth: 1.4, interpolate: "step-after" },
    encoding: {
      x: hoursAxis("t", c),
      y: { field: "busy", type: "quantitative", title: "accelerators busy", scale: { zero: true } },
      color: {
        field: "series",
        type: "nominal",
        scale: { domain: labels, range: [CONSTELLATION, INDEPENDENT, OFFERED] },
        legend: { title: null, orient: "top", labelLimit: 500 },
      },
    },
  };
}

function groupLabel(s: RunSeries, g: number): string {
  let first = 0;
  for (let k = 0; k < g; k++) first += s.groupSize[k]!;
  const n = s.groupSize[g]!;
  return n === 1 ? `node ${first}` : `nodes ${first}–${first + n - 1}`;
}

function nodesSpec(i: ConstellationChartInput, s: RunSeries, which: string): VlSpec {
  const values: Array<{ t0: number; t1: number; row: string; u: number }> = [];
  for (let g = 0; g < s.groups; g++) {
    const row = groupLabel(s, g);
    const per = s.groupSize[g]! * i.accelerators;
    for (let b = 0; b < s.bins; b++) {
      const t0 = s.binStartS(b) / 3600;
      values.push({
        t0,
        t1: t0 + s.binLengthS(b) / 3600,
        row,
        u: s.groupWork[g * s.bins + b]! / (s.binLengthS(b) * per),
      });
    }
  }
  const grouped =
    s.groups < s.nodes ? `; ${s.nodes} nodes in ${s.groups} rows (mean of each row)` : "";
  return {
    ...base(
      `${i.title}: work per node over time (${which})`,
      `share of the node's accelerators busy${grouped}; nodes in plane order, slot by slot`,
      Math.max(120, Math.min(480, s.groups * 16)),
    ),
    data: { values },
    mark: { type: "rect" },
    encoding: {
      x: hoursAxis("t0", s),
      x2: { field: "t1" },
      y: { field: "row", type: "ordinal", title: null, sort: null },
      color: {
        field: "u",
        type: "quantitative",
        title: "busy",
        scale: { scheme: "blues", domain: [0, 1] },
        legend: { format: ".0%" },
      },
    },
  };
}

function phaseSpec(i: ConstellationChartInput, s: RunSeries, which: string): VlSpec {
  const cells: Array<{ t0: number; t1: number; p0: number; p1: number; u: number }> = [];
  const edges: Array<{ t: number; lo: number; hi: number }> = [];
  const PB = s.phaseBins;
  for (let b = 0; b < s.bins; b++) {
    const t0 = s.binStartS(b) / 3600;
    const t1 = t0 + s.binLengthS(b) / 3600;
    let lo = Number.NaN;
    let hi = Number.NaN;
    for (let q = 0; q < PB; q++) {
      const k = b * PB + q;
      const n = s.phaseCount[k]!;
      if (n === 0) continue;
      cells.push({ t0, t1, p0: q / PB, p1: (q + 1) / PB, u: s.phaseWork[k]! / n });
      if (s.phaseShadow[k]! / n >= 0.5) {
        if (!(lo <= q)) lo = q;
        hi = q + 1;
      }
    }
    if (Number.isFinite(lo)) edges.push({ t: (t0 + t1) / 2, lo: lo / PB, hi: hi / PB });
  }
  const y = {
    field: "p0",
    type: "quantitative",
    title: "orbit phase (0 noon, 0.5 midnight)",
    scale: { domain: [0, 1], nice: false },
  };
  return {
    ...base(
      `${i.title}: where work ran, by orbit phase (${which})`,
      "colour: share of accelerators busy at that phase; black lines: where the shadow begins and ends (half the nodes there in shadow)",
      260,
    ),
    layer: [
      {
        data: { values: cells },
        mark: { type: "rect" },
        encoding: {
          x: hoursAxis("t0", s),
          x2: { field: "t1" },
          y,
          y2: { field: "p1" },
          color: {
            field: "u",
            type: "quantitative",
            title: "busy",
            scale: { scheme: "blues", domain: [0, 1] },
            legend: { format: ".0%" },
          },
        },
      },
      ...["lo", "hi"].map((f) => ({
        data: { values: edges },
        mark: { type: "line", color: "black", strokeWidth: 1.2, strokeDash: [4, 3] },
        encoding: {
          x: { field: "t", type: "quantitative" },
          y: { field: f, type: "quantitative" },
        },
      })),
    ],
  };
}

function batterySpec(i: ConstellationChartInput): VlSpec {
  const labels = ["constellation", i.same ? "independent nodes (same run)" : "independent nodes"];
  const values: Array<{ t: number; lo: number; hi: number; mean: number; series: string }> = [];
  for (const [s, label] of [
    [i.constellation, labels[0]!],
    [i.independent, labels[1]!],
  ] as const) {
    for (let b = 0; b < s.bins; b++) {
      const n = s.samples[b]!;
      if (n === 0) continue;
      values.push({
        t: s.binStartS(b) / 3600,
        lo: s.socMin[b]! * 100,
        hi: s.socMax[b]! * 100,
        mean: (s.socSum[b]! / n) * 100,
        series: label,
      });
    }
  }
  const color = {
    field: "series",
    type: "nominal",
    scale: { domain: labels, range: [CONSTELLATION, INDEPENDENT] },
    legend: { title: null, orient: "top", labelLimit: 500 },
  };
  const x = hoursAxis("t", i.constellation);
  return {
    ...base(
      `${i.title}: battery state of charge across the nodes`,
      "band: lowest to highest node in each time bin; line: the mean",
    ),
    data: { values },
    layer: [
      {
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          x,
          y: { field: "lo", type: "quantitative", title: "SoC, %", scale: { domain: [0, 100] } },
          y2: { field: "hi" },
          color,
        },
      },
      {
        mark: { type: "line", strokeWidth: 1.4 },
        encoding: { x, y: { field: "mean", type: "quantitative" }, color },
      },
    ],
  };
}

export function buildConstellationCharts(i: ConstellationChartInput): ChartSpec[] {
  const charts: ChartSpec[] = [
    { name: "total", title: "Work of the whole constellation", spec: totalSpec(i) },
    {
      name: "nodes",
      title: "Work per node over time",
      spec: nodesSpec(i, i.constellation, "constellation"),
    },
    {
      name: "phase-map",
      title: "Where work ran, by orbit phase",
      spec: phaseSpec(i, i.constellation, "constellation"),
    },
  ];
  if (!i.same) {
    charts.push(
      {
        name: "nodes-independent",
        title: "Work per node, independent nodes",
        spec: nodesSpec(i, i.independent, "independent nodes"),
      },
      {
        name: "phase-map-independent",
        title: "Where work ran, independent nodes",
        spec: phaseSpec(i, i.independent, "independent nodes"),
      },
    );
  }
  charts.push({ name: "battery", title: "Battery across the nodes", spec: batterySpec(i) });
  return charts;
}
