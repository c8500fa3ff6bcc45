/**
 * Vega-Lite specifications of the report's charts, built from downsampled buckets (min/max
 * bands, so spikes stay visible) and the per-orbit table. One timeline for every chart:
 * minutes since the recording's start on the bench clock, with each orbit's start marked
 * and numbered (the orbit axis). Measured (bench) series are drawn
 * in orange, modelled (satellite) series in blue, and every legend says which is which.
 */

import type { Bucket, SeriesName } from "../telemetry/series.js";
import type { OrbitSummary } from "../telemetry/stats.js";

export const FONT_FAMILY = "DejaVu Sans";
const MEASURED = "#d9480f";
const MODELLED = "#1c7ed6";
const LIMIT = "#c92a2a";
const WIDTH = 900;
const HEIGHT = 220;

export interface ChartLimits {
  floorSocPct: number | null;
  maxPanelTempC: number | null;
  maxNodeTempC: number | null;
  minNodeTempC: number | null;
}

export interface ChartInput {
  buckets: Bucket[];
  orbits: OrbitSummary[];
  limits: ChartLimits;
  /** Orbit seconds per bench second, for the subtitle. */
  timeScale: number | null;
  title: string;
}

/** A Vega-Lite spec (kept as plain JSON: the library validates it when compiling). */
export type VlSpec = Record<string, unknown>;

export interface ChartSpec {
  name: string;
  title: string;
  spec: VlSpec;
}

/** The shared time axis; its domain is the recording's span, even for a series with no data. */
function timeAxis(
  buckets: Bucket[],
  timeScale: number | null,
  orbitCount: number,
): Record<string, unknown> {
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const domain =
    first && last ? [first.t0Ms / 60_000, Math.max(last.t1Ms, first.t0Ms + 1) / 60_000] : undefined;
  return {
    field: "t0",
    type: "quantitative",
    title: `bench time since start, min${timeScale ? ` (orbit time = × ${timeScale})` : ""}; dotted: ${orbitCount <= MAX_ORBIT_RULES ? "each orbit's start" : "the labelled orbits' starts"}`,
    axis: { grid: false },
    // The axis ends where the recording ends, not at the next round number.
    scale: domain ? { domain, nice: false, zero: false } : { nice: false, zero: false },
  };
}

function band(buckets: Bucket[], s: SeriesName, label: string, scale = 1) {
  const values = buckets.flatMap((b) =>
    b.min[s] === null
      ? []
      : [{ t0: b.t0Ms / 60_000, lo: b.min[s]! * scale, hi: b.max[s]! * scale, series: label }],
  );
  return { values };
}

/** Series labels and their colours, shared by every layer so the legend is right. */
type Legend = { labels: string[]; colors: string[] };

function colorOf(label: string, legend: Legend) {
  return {
    datum: label,
    type: "nominal",
    scale: { domain: legend.labels, range: legend.colors },
    legend: { title: null, orient: "top", labelLimit: 500, symbolOpacity: 0.7 },
  };
}

function bandLayer(
  x: unknown,
  data: unknown,
  label: string,
  legend: Legend,
  yTitle: string,
  axis: { orient: "left" | "right"; titleColor?: string } = { orient: "left" },
  domain?: number[],
) {
  return {
    data,
    mark: { type: "area", line: { strokeWidth: 1.2 }, opacity: 0.35 },
    encoding: {
      x,
      y: {
        field: "lo",
        type: "quantitative",
        title: yTitle,
        axis,
        scale: domain ? { domain, nice: false } : { zero: false },
      },
      y2: { field: "hi" },
      color: colorOf(label, legend),
    },
  };
}

function eclipseLayer(x: unknown, buckets: Bucket[]) {
  const values = buckets.flatMap((b) =>
    (b.mean.eclipse ?? 0) > 0
      ? [{ t0: b.t0Ms / 60_000, t1: b.t1Ms / 60_000, f: b.mean.eclipse }]
      : [],
  );
  return {
    data: { values },
    mark: { type: "rect", color: "#868e96" },
    encoding: {
      x,
      x2: { field: "t1" },
      opacity: {
        field: "f",
        type: "quantitative",
        scale: { domain: [0, 1], range: [0, 0.3] },
        legend: null,
      },
    },
  };
}

/** Orbit-start rules drawn at most: past this, only the labelled orbits get one. */
const MAX_ORBIT_RULES = 120;

/** Width of an orbit label at the charts' 10 px DejaVu Sans, per character, and the gap kept. */
const LABEL_CHAR_PX = 6.5;
const LABEL_GAP_PX = 14;

/**
 * The orbit axis along the bench-time axis: a faint rule where each orbit begins, labelled
 * with its number (from 1) at the top. Labels never overlap: with many orbits only every
 * k-th is labelled, k a round number (1, 2, 5, 10, 20, 50…) chosen from the widest label,
 * so the labels read orbit 1, 2000, 4000…; past MAX_ORBIT_RULES only the labelled orbits
 * get a rule. A rule per orbit of a 10-million-frame recording (16,667 orbits, 20 to a
 * pixel) drew a grey smear and took most of the report's memory (vega holds every mark).
 */
function orbitLayers(x: Record<string, unknown>, orbits: readonly OrbitSummary[]) {
  const starts = orbits.filter((o) => o.orbit !== null);
  if (starts.length === 0) return [];
  const widest = Math.max(...starts.map((o) => `orbit ${o.orbit}`.length));
  const fits = Math.max(1, Math.floor(WIDTH / (widest * LABEL_CHAR_PX + LABEL_GAP_PX)));
  // Labels are placed by time: the orbits' starts are about evenly spaced in a recording.
  const every = roundUp(starts.length / fits);
  const first = starts[0]!.orbit!;
  const all = starts.map((o) => {
    const n = o.orbit!;
    const shown = n === first ? true : n % every === 0 && n - first >= every / 2;
    return { t0: o.startHostMs / 60_000, label: shown ? `orbit ${n}` : "" };
  });
  const labelled = all.filter((v) => v.label !== "");
  return [
    {
      data: { values: starts.length <= MAX_ORBIT_RULES ? all : labelled },
      mark: { type: "rule", color: "#495057", strokeDash: [2, 3], strokeWidth: 1, opacity: 0.6 },
      encoding: { x },
    },
    {
      data: { values: labelled },
      mark: {
        type: "text",
        align: "left",
        baseline: "top",
        dx: 3,
        dy: 2,
        color: "#495057",
        fontSize: 10,
      },
      encoding: { x, y: { value: 0 }, text: { field: "label" } },
    },
  ];
}

/** The smallest of 1, 2, 5, 10, 20, 50… at or above x. */
function roundUp(x: number): number {
  if (x <= 1) return 1;
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) if (m * p >= x) return m * p;
  }
}

/** A dashed horizontal limit with its label; yTitle must match the chart's axis title. */
function limitLayer(value: number | null, label: string, yTitle: string, color = LIMIT) {
  if (value === null) return [];
  const data = { values: [{ y: value, label }] };
  const y = { field: "y", type: "quantitative", title: yTitle };
  return [
    { data, mark: { type: "rule", color, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y } },
    {
      data,
      mark: { type: "text", align: "left", dx: 4, dy: -6, color, fontSize: 11 },
      encoding: { y, x: { value: 0 }, text: { field: "label" } },
    },
  ];
}

function base(title: string, subtitle: string): VlSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: WIDTH,
    height: HEIGHT,
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

export function buildCharts(input: ChartInput): ChartSpec[] {
  const { buckets, limits } = input;
  const x = timeAxis(buckets, input.timeScale, input.orbits.filter((o) => o.orbit !== null).length);
  const hasNode = buckets.some((b) => b.min.socPct !== null);
  const noNode = hasNode
    ? ""
    : " — no node states in this recording (recorded without the node model)";
  const scaleNote = input.timeScale ? `; orbit time = bench time × ${input.timeScale}` : "";
  const measuredPower = "bench array power, mW (measured)";
  const modelledPower = "satellite array power, kW (modelled)";
  const charts: ChartSpec[] = [];
  const powerLegend = { labels: [measuredPower, modelledPower], colors: [MEASURED, MODELLED] };

  charts.push({
    name: "power",
    title: "Array power",
    spec: {
      ...base(
        `${input.title}: array power`,
        `shaded: eclipse (modelled); bands: min–max per time bucket${scaleNote}`,
      ),
      layer: [
        eclipseLayer(x, buckets),
        ...orbitLayers(x, input.orbits),
        bandLayer(
          x,
          band(buckets, "benchPowerMw", measuredPower),
          measuredPower,
          powerLegend,
          "bench power, mW (measured)",
          {
            orient: "left",
            titleColor: MEASURED,
          },
        ),
        bandLayer(
          x,
          band(buckets, "arrayPowerKw", modelledPower),
          modelledPower,
          powerLegend,
          "satellite power, kW (modelled)",
          {
            orient: "right",
            titleColor: MODELLED,
          },
        ),
      ],
      resolve: { scale: { y: "independent" } },
    },
  });

  const socLabel = "battery state of charge, % (modelled)";
  charts.push({
    name: "soc",
    title: "Battery state of charge",
    spec: {
      ...base(
        `${input.title}: battery state of charge`,
        `dashed: depth-of-discharge floor from the rig file; shaded: eclipse${noNode}`,
      ),
      layer: [
        eclipseLayer(x, buckets),
        ...orbitLayers(x, input.orbits),
        bandLayer(
          x,
          band(buckets, "socPct", socLabel),
          socLabel,
          { labels: [socLabel], colors: [MODELLED] },
          "SoC, %",
          undefined,
          [0, 100],
        ),
        ...limitLayer(limits.floorSocPct, `DoD floor ${limits.floorSocPct} %`, "SoC, %"),
      ],
    },
  });

  const panelLabel = "panel temperature, °C (measured)";
  const nodeLabel = "node temperature, °C (modelled)";
  const tempLegend = { labels: [panelLabel, nodeLabel], colors: [MEASURED, MODELLED] };
  const T = "temperature, °C";
  charts.push({
    name: "temperature",
    title: "Temperatures",
    spec: {
      ...base(
        `${input.title}: temperatures`,
        "dashed: limits from the rig file (safety.maxPanelTempC, node.thermal)",
      ),
      layer: [
        eclipseLayer(x, buckets),
        ...orbitLayers(x, input.orbits),
        bandLayer(x, band(buckets, "panelTempC", panelLabel), panelLabel, tempLegend, T),
        bandLayer(x, band(buckets, "nodeTempC", nodeLabel), nodeLabel, tempLegend, T),
        ...limitLayer(limits.maxPanelTempC, `panel limit ${limits.maxPanelTempC} °C`, T, MEASURED),
        ...limitLayer(limits.maxNodeTempC, `node max ${limits.maxNodeTempC} °C`, T, MODELLED),
        ...limitLayer(limits.minNodeTempC, `node min ${limits.minNodeTempC} °C`, T, MODELLED),
      ],
    },
  });

  const computeLabel = "compute level, % (modelled, scheduler)";
  charts.push({
    name: "compute",
    title: "Compute level",
    spec: {
      ...base(`${input.title}: compute level`, `what the scheduler ran; shaded: eclipse${noNode}`),
      layer: [
        eclipseLayer(x, buckets),
        ...orbitLayers(x, input.orbits),
        bandLayer(
          x,
          band(buckets, "computeLevel", computeLabel, 100),
          computeLabel,
          { labels: [computeLabel], colors: [MODELLED] },
          "compute level, %",
          undefined,
          [0, 100],
        ),
      ],
    },
  });

  charts.push({ name: "duty", title: "Duty cycle per orbit", spec: dutySpec(input) });
  return charts;
}

/** Bars of each orbit's duty cycle; orbits are grouped when there are too many for bars. */
function dutySpec(input: ChartInput): VlSpec {
  const known = input.orbits.filter((o) => o.orbit !== null && o.dutyPct !== null);
  // A partial orbit's duty is its duty so far (a short last orbit in sunlight reads 100 %):
  // drawn only when the recording has no whole orbit to show.
  const whole = known.filter((o) => o.complete);
  const orbits = whole.length > 0 ? whole : known;
  const leftOut = known.length - orbits.length;
  const group = Math.max(1, Math.ceil(orbits.length / 300));
  const values: Array<{ orbit: number; duty: number; kind: string }> = [];
  for (let i = 0; i < orbits.length; i += group) {
    const g = orbits.slice(i, i + group);
    const duty = g.reduce((a, o) => a + o.dutyPct!, 0) / g.length;
    values.push({
      orbit: g[0]!.orbit!,
      duty,
      kind: g.every((o) => o.complete)
        ? "complete orbit"
        : "partial orbit (recording starts or ends in it)",
    });
  }
  const sub = [
    group > 1
      ? `mean of every ${group} orbits`
      : "time at full compute ÷ orbit time, from the node model",
    ...(leftOut > 0
      ? [
          `${leftOut} partial orbit${leftOut > 1 ? "s" : ""} (the recording starts or ends in ${leftOut > 1 ? "them" : "it"}) left out`,
        ]
      : []),
  ].join("; ");
  return {
    ...base(`${input.title}: duty cycle per orbit (modelled)`, sub),
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "orbit",
        type: group > 1 || values.length > 60 ? "quantitative" : "ordinal",
        title: "orbit number",
        axis: { labelAngle: 0 },
      },
      y: {
        field: "duty",
        type: "quantitative",
        title: "duty cycle, %",
        scale: { domain: [0, 100] },
      },
      color: {
        field: "kind",
        type: "nominal",
        scale: {
          domain: ["complete orbit", "partial orbit (recording starts or ends in it)"],
          range: [MODELLED, "#a5d8ff"],
        },
        legend: { title: null, orient: "top", labelLimit: 500 },
      },
    },
  };
}
