/**
 * `orbitrig constellation --report DIR`: the charts (SVG and PNG, through the same
 * Vega-Lite → SVG → PNG path as `orbitrig report`), summary.md and a self-contained
 * report.html, nodes.csv (every node, both runs) and constellation.json (the figures).
 */

import type { ComparisonOutcome } from "../constellation/compare.js";
import { describeRun } from "../constellation/format.js";
import type { RunResult } from "../constellation/result.js";
import { csvQuote } from "../telemetry/csv.js";
import { buildConstellationCharts } from "./constellation-charts.js";
import { renderHtml, renderMarkdown } from "./document.js";
import { reportFolder } from "./folder.js";
import { findFont, renderCharts } from "./render.js";

export interface ConstellationReportResult {
  outDir: string;
  files: string[];
}

type Cell = string | number | null;
interface Section {
  title: string;
  facts?: Array<[string, string]>;
  table?: { head: readonly string[]; rows: Cell[][]; note?: string };
  text?: string;
}

const MAX_NODE_ROWS = 200;
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const pc = (x: number) => f(x * 100, 1);

function totals(r: RunResult): Array<[string, string]> {
  const t = r.totals;
  const facts: Array<[string, string]> = [
    ["work delivered", `${f(t.deliveredAccelH, 0)} accelerator-hours`],
    ["migration overhead", `${f(t.overheadAccelH, 0)} accelerator-hours`],
    ["mean work duty", `${pc(t.meanWorkDuty)} %`],
    [
      "battery cycle depth per orbit",
      `${pc(t.meanCycleDepth)} % mean, ${pc(t.maxCycleDepth)} % max`,
    ],
    ["equivalent full cycles per node", f(t.meanFullCycles, 2)],
    ["lowest SoC", `${pc(t.minSoc)} %`],
    ["node temperature", `${f(t.maxTempC)} °C max, ${f(t.meanTempC)} °C mean`],
    ["below the floor", `${f(t.floorViolationS, 0)} node-seconds on ${t.nodesBelowFloor} nodes`],
    ["work moved over links", `${f(t.movedAccelH, 0)} accelerator-hours in ${t.moves} moves`],
    ["energy balance, relative error", t.energyRelativeError.toExponential(1)],
  ];
  if (r.jobs)
    facts.push(
      [
        "jobs",
        `${r.jobs.completed} done (${r.jobs.late} late), ${r.jobs.dropped} dropped, ${r.jobs.pending} pending of ${r.jobs.arrived}`,
      ],
      [
        "turnaround",
        `${f(r.jobs.meanTurnaroundS / 60)} min mean, ${f(r.jobs.p95TurnaroundS / 60)} min p95`,
      ],
    );
  if (r.work) facts.push(["work balance, relative error", r.work.relativeError.toExponential(1)]);
  return facts;
}

const NODE_HEAD = [
  "node",
  "plane",
  "slot",
  "start_phase",
  "duty_pct",
  "work_duty_pct",
  "work_accel_h",
  "cycle_depth_pct",
  "full_cycles",
  "min_soc_pct",
  "max_temp_C",
  "mean_temp_C",
  "sent_accel_h",
  "received_accel_h",
  "alone_work_duty_pct",
  "alone_cycle_depth_pct",
] as const;

function nodeRows(c: RunResult, alone: RunResult): Cell[][] {
  return c.nodes.map((x, i) => {
    const y = alone.nodes[i]!;
    return [
      x.node,
      x.plane,
      x.slot,
      f(x.startPhase, 4),
      pc(x.duty),
      pc(x.workDuty),
      f(x.workAccelH, 1),
      pc(x.meanCycleDepth),
      f(x.fullCycles, 2),
      pc(x.minSoc),
      f(x.maxTempC, 2),
      f(x.meanTempC, 2),
      f(x.sentAccelH, 1),
      f(x.receivedAccelH, 1),
      pc(y.workDuty),
      pc(y.meanCycleDepth),
    ];
  });
}

export async function writeConstellationReport(
  rigName: string,
  o: ComparisonOutcome,
  outDir: string,
  pngScale = 2,
): Promise<ConstellationReportResult> {
  const c = o.comparison;
  const cs = o.constellation.series;
  const is = o.independent.series;
  if (!cs || !is) throw new Error("writeConstellationReport: the runs were made without series");
  const title = `orbitrig constellation: ${rigName}`;
  const specs = buildConstellationCharts({
    title: rigName,
    constellation: cs,
    independent: is,
    accelerators: c.acceleratorsPerNode,
    same: c.independentIsSame,
  });
  const font = findFont();
  const charts = await renderCharts(specs, pngScale, font);
  const out = reportFolder(outDir);
  const write = out.write;
  out.writeCharts(charts);
  const rows = nodeRows(c.constellation, c.independent);
  const shown = rows.length > MAX_NODE_ROWS ? [...rows.slice(0, 100), ...rows.slice(-100)] : rows;
  const sections: Section[] = [
    {
      title: "Run",
      facts: describeRun(rigName, c).map((line, i): [string, string] => [
        ["constellation", "nodes", "links", "workload"][i] ?? "",
        line,
      ]),
    },
    { title: "Constellation", facts: totals(c.constellation) },
    {
      title: c.independentIsSame
        ? "Independent nodes (the same run)"
        : "Independent nodes (no links, same jobs)",
      facts: totals(c.independent),
    },
    {
      title: "Planes",
      table: {
        head: ["plane", "RAAN_deg", "beta_start_deg", "beta_end_deg"],
        rows: c.planeInfo.map((p) => [
          p.plane,
          f(p.raanDeg),
          f(p.betaStartDeg, 2),
          f(p.betaEndDeg, 2),
        ]),
      },
    },
    {
      title: "Nodes",
      table: {
        head: NODE_HEAD,
        rows: shown,
        note:
          rows.length > shown.length
            ? `${rows.length - shown.length} nodes in the middle are left out here; nodes.csv has them all.`
            : "nodes.csv has the same table.",
      },
    },
    { title: "Charts", text: charts.map((ch) => ch.name).join(",") },
  ];
  write("summary.md", renderMarkdown(title, sections, charts));
  write("report.html", renderHtml(title, sections, charts));
  write(
    "nodes.csv",
    `${[NODE_HEAD.join(","), ...rows.map((r) => r.map((x) => csvQuote(String(x ?? ""))).join(","))].join("\r\n")}\r\n`,
  );
  write("constellation.json", `${JSON.stringify({ rig: rigName, ...c }, null, 2)}\n`);
  return { outDir, files: out.commit() };
}
