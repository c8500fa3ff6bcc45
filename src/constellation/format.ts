/**
 * `orbitrig constellation`'s text: what was run, the constellation against its independent
 * twin, the planes and (for small constellations) every node. Pure: figures in, text out.
 */
import { formatDurationS } from "../core/duration.js";
import { type Column, fixed, formatTable, pct } from "../node/format.js";
import type { ConstellationComparison } from "./compare.js";
import type { NodeFigures } from "./figures.js";
import type { RunResult } from "./result.js";

/** Constellations up to this size list every node; larger ones list planes (--json has all). */
export const NODE_TABLE_MAX = 30;

const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "-");

function change(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "";
  const r = (a - b) / Math.abs(b);
  return `${r >= 0 ? "+" : ""}${(r * 100).toFixed(1)} %`;
}

/** The lines that say what was run. */
export function describeRun(rigName: string, c: ConstellationComparison): string[] {
  const w = c.workload;
  const l = c.links;
  const lines = [
    `${rigName}: ${c.nodes} node${c.nodes === 1 ? "" : "s"} in ${c.planes} plane${c.planes === 1 ? "" : "s"} of ${c.perPlane}, ${fixed(c.altitudeKm, 0)} km / ${fixed(c.inclinationDeg, 1)}°, period ${fixed(c.periodS / 60, 1)} min; ${formatDurationS(c.durationS)} at ${c.dtS} s steps`,
    `each node: policy ${c.policy} with its thermal guard; placement ${c.placement}`,
    l.count === 0
      ? `links: none (${l.outOfSight === 0 ? "a node alone in its plane has no neighbour" : `${int(l.outOfSight)} neighbour pair${l.outOfSight === 1 ? "" : "s"} out of each other's sight or range: more nodes per plane bring them closer`})`
      : `links: ${int(l.count - l.crossPlane)} in-plane${l.crossPlane ? `, ${int(l.crossPlane)} cross-plane` : ""}${l.outOfSight ? ` (${int(l.outOfSight)} more out of sight or range)` : ""}; ${l.capacityGbps} Gbps each way = ${int(l.capacityAccelSPerS)} accel-s/s of work at ${l.gigabytesPerAccelH} GB per accelerator-hour; ${int(l.minLengthKm)}${l.maxLengthKm - l.minLengthKm > 1 ? `–${int(l.maxLengthKm)}` : ""} km, latency ${fixed(l.minLatencyS * 1000, 1)}${l.maxLatencyS - l.minLatencyS > 1e-4 ? `–${fixed(l.maxLatencyS * 1000, 1)}` : ""} ms`,
  ];
  if (w.kind === "saturated") lines.push("workload: saturated (every node always has work)");
  else {
    const j = c.constellation.jobs!;
    lines.push(
      `workload: jobs at ${pct(w.loadFraction, 0)} % of every accelerator, mean ${fixed(w.meanJobAccelS / 3600, 1)} accel-h, ${w.deadlineS === null ? "no deadline" : `deadline ${formatDurationS(w.deadlineS)}${w.dropLate ? " (then dropped)" : ""}`}, seed ${w.seed}: ${int(j.arrived)} jobs, ${int(c.constellation.totals.offeredAccelH ?? 0)} accel-h`,
    );
  }
  return lines;
}

type Row = [label: string, constellation: string, independent: string, change: string];

function compareRows(a: RunResult, b: RunResult): Row[] {
  const ta = a.totals;
  const tb = b.totals;
  const rows: Row[] = [
    [
      "work delivered, accel-h",
      int(ta.deliveredAccelH),
      int(tb.deliveredAccelH),
      change(ta.deliveredAccelH, tb.deliveredAccelH),
    ],
    ["  migration overhead, accel-h", int(ta.overheadAccelH), int(tb.overheadAccelH), ""],
  ];
  if (a.jobs && b.jobs) {
    const ja = a.jobs;
    const jb = b.jobs;
    const jobs = (j: typeof ja) =>
      `${int(j.completed)} / ${int(j.late)} / ${int(j.dropped)} / ${int(j.pending)}`;
    rows.push(
      ["jobs done / late / dropped / pending", jobs(ja), jobs(jb), ""],
      [
        "turnaround mean / p95, min",
        `${fixed(ja.meanTurnaroundS / 60, 1)} / ${fixed(ja.p95TurnaroundS / 60, 1)}`,
        `${fixed(jb.meanTurnaroundS / 60, 1)} / ${fixed(jb.p95TurnaroundS / 60, 1)}`,
        change(ja.meanTurnaroundS, jb.meanTurnaroundS),
      ],
    );
  }
  rows.push(
    ["mean work duty, %", pct(ta.meanWorkDuty), pct(tb.meanWorkDuty), ""],
    ["mean duty (full compute), %", pct(ta.meanDuty), pct(tb.meanDuty), ""],
    [
      "battery cycle depth per orbit, %",
      `${pct(ta.meanCycleDepth)} (max ${pct(ta.maxCycleDepth)})`,
      `${pct(tb.meanCycleDepth)} (max ${pct(tb.maxCycleDepth)})`,
      change(ta.meanCycleDepth, tb.meanCycleDepth),
    ],
    [
      "equivalent full cycles per node",
      fixed(ta.meanFullCycles, 2),
      fixed(tb.meanFullCycles, 2),
      change(ta.meanFullCycles, tb.meanFullCycles),
    ],
    ["lowest SoC, %", pct(ta.minSoc), pct(tb.minSoc), ""],
    [
      "node temperature max / mean, °C",
      `${fixed(ta.maxTempC, 1)} / ${fixed(ta.meanTempC, 1)}`,
      `${fixed(tb.maxTempC, 1)} / ${fixed(tb.meanTempC, 1)}`,
      "",
    ],
    [
      "below the floor, node-s (nodes)",
      `${int(ta.floorViolationS)} (${ta.nodesBelowFloor})`,
      `${int(tb.floorViolationS)} (${tb.nodesBelowFloor})`,
      "",
    ],
    [
      "curtailed sunlight, MWh",
      fixed(ta.curtailedKWh / 1000, 1),
      fixed(tb.curtailedKWh / 1000, 1),
      "",
    ],
    ["unserved load, kWh", fixed(ta.unservedKWh, 1), fixed(tb.unservedKWh, 1), ""],
    [
      "work moved over links, accel-h (moves)",
      `${int(ta.movedAccelH)} (${int(ta.moves)})`,
      "0",
      "",
    ],
  );
  return rows;
}

export function formatComparison(c: ConstellationComparison): string {
  const rows = compareRows(c.constellation, c.independent);
  const cols: Column<Row>[] = [
    { header: "", value: (r) => r[0], right: false },
    { header: "constellation", value: (r) => r[1] },
    { header: c.independentIsSame ? "independent (same run)" : "independent", value: (r) => r[2] },
    { header: "change", value: (r) => r[3] },
  ];
  return formatTable(cols, rows);
}

export function formatPlanes(c: ConstellationComparison): string {
  const per = c.perPlane;
  const of = (r: RunResult, p: number) => r.nodes.slice(p * per, (p + 1) * per);
  const mean = (xs: NodeFigures[], f: (x: NodeFigures) => number) =>
    xs.reduce((a, x) => a + f(x), 0) / Math.max(1, xs.length);
  const rows = c.planeInfo.map((pl) => ({
    pl,
    a: of(c.constellation, pl.plane),
    b: of(c.independent, pl.plane),
  }));
  const cols: Column<(typeof rows)[number]>[] = [
    { header: "plane", value: (r) => String(r.pl.plane) },
    { header: "RAAN °", value: (r) => fixed(r.pl.raanDeg, 1) },
    {
      header: "beta °",
      value: (r) => `${fixed(r.pl.betaStartDeg, 1)}→${fixed(r.pl.betaEndDeg, 1)}`,
    },
    {
      header: "shadow min/orbit",
      value: (r) =>
        fixed((mean(r.a, (x) => x.shadowMin) * c.periodS) / Math.max(1, c.durationS), 1),
    },
    { header: "work %", value: (r) => pct(mean(r.a, (x) => x.workDuty)) },
    { header: "alone %", value: (r) => pct(mean(r.b, (x) => x.workDuty)) },
    { header: "depth %", value: (r) => pct(mean(r.a, (x) => x.meanCycleDepth)) },
    { header: "alone %", value: (r) => pct(mean(r.b, (x) => x.meanCycleDepth)) },
    { header: "min SoC %", value: (r) => pct(Math.min(...r.a.map((x) => x.minSoc))) },
    { header: "max °C", value: (r) => fixed(Math.max(...r.a.map((x) => x.maxTempC)), 1) },
  ];
  return formatTable(cols, rows);
}

export function formatNodes(c: ConstellationComparison): string {
  const rows = c.constellation.nodes.map((x, i) => ({ x, y: c.independent.nodes[i]! }));
  const cols: Column<(typeof rows)[number]>[] = [
    { header: "node", value: (r) => String(r.x.node) },
    { header: "plane", value: (r) => String(r.x.plane) },
    // A phase that rounds to 1.000 is the same place as 0.000.
    { header: "phase", value: (r) => fixed((Math.round(r.x.startPhase * 1000) % 1000) / 1000, 3) },
    { header: "duty %", value: (r) => pct(r.x.duty) },
    { header: "work %", value: (r) => pct(r.x.workDuty) },
    { header: "alone %", value: (r) => pct(r.y.workDuty) },
    { header: "depth %", value: (r) => pct(r.x.meanCycleDepth) },
    { header: "alone %", value: (r) => pct(r.y.meanCycleDepth) },
    { header: "min SoC %", value: (r) => pct(r.x.minSoc) },
    { header: "max °C", value: (r) => fixed(r.x.maxTempC, 1) },
    { header: "mean °C", value: (r) => fixed(r.x.meanTempC, 1) },
    { header: "sent accel-h", value: (r) => fixed(r.x.sentAccelH, 0) },
    { header: "got accel-h", value: (r) => fixed(r.x.receivedAccelH, 0) },
  ];
  return formatTable(cols, rows);
}

export function formatBalances(r: RunResult): string {
  const e = r.totals.energyRelativeError.toExponential(1);
  const w = r.work ? r.work.relativeError.toExponential(1) : "–";
  return `balance (relative error): energy ${e}, work ${w}`;
}

export function formatConstellation(rigName: string, c: ConstellationComparison): string {
  const out = [...describeRun(rigName, c), "", formatComparison(c), "", formatPlanes(c)];
  if (c.nodes <= NODE_TABLE_MAX) out.push("", formatNodes(c));
  else out.push(`(${c.nodes} nodes: per-node figures with --json or --report)`);
  out.push("", formatBalances(c.constellation), "");
  return out.join("\n");
}
