/** What `orbitrig simulate` does (its options: ../commands/simulate.ts). */
import { loadRig, parseRig, type RigConfig } from "../../config/index.js";
import type { PolicyName } from "../../config/schema/scheduler.js";
import { formatDurationS } from "../../core/duration.js";
import { type Column, fixed, formatTable, pct } from "../../node/format.js";
import { nodeParams } from "../../node/params.js";
import {
  type OrbitSummary,
  type SimulationResult,
  type SimulationTotals,
  simulate,
} from "../../node/simulate.js";
import { expandSweeps, type SweepAxis, type SweepCase, SweepSpecError } from "../../node/sweep.js";
import { resolveOrbit } from "../../orbit/index.js";
import { writeSimulationReport } from "../../report/simulation.js";
import { applyOverrides } from "../../telemetry/rerun.js";
import { jsonOutput } from "../json-output.js";
import { usageError } from "../options.js";

export interface SimulateOptions {
  rig: string;
  orbits: number;
  days?: number;
  set: string[];
  report?: string;
  policy?: PolicyName;
  dt: number;
  json?: boolean;
  sweep: SweepAxis[];
}

type Row = Omit<OrbitSummary, "orbit" | "betaDeg"> & {
  label: string;
  beta: string;
  policy: string;
};

const COLUMNS: Column<Row>[] = [
  { header: "shadow min", value: (r) => fixed(r.shadowMin, 2) },
  { header: "duty %", value: (r) => pct(r.duty) },
  { header: "work %", value: (r) => pct(r.workDuty) },
  { header: "work accel-h", value: (r) => fixed(r.workAccelH, 1) },
  { header: "min SoC %", value: (r) => pct(r.minSoc) },
  { header: "max temp C", value: (r) => fixed(r.maxTempC, 1) },
  { header: "curtailed kWh", value: (r) => fixed(r.curtailedKWh, 1) },
  { header: "unserved kWh", value: (r) => fixed(r.unservedKWh, 2) },
  { header: "floor viol s", value: (r) => fixed(r.floorViolationS, 0) },
];

/** The rig of one case: the swept parameters applied and validated like a rig file's. */
export function caseRig(rig: RigConfig, c: SweepCase, where: string): RigConfig {
  const sets = Object.entries(c.set ?? {}).map(([k, v]) => `${k}=${v}`);
  return sets.length === 0 ? rig : parseRig(applyOverrides(rig, sets), `${where} --sweep`);
}

/** The orbit period of a case, s (its swept altitude, if any). */
function casePeriodS(rig: RigConfig, c: SweepCase): number {
  return resolveOrbit({
    ...rig.orbit,
    ...(c.altitudeKm !== undefined ? { altitudeKm: c.altitudeKm } : {}),
  }).periodS;
}

/** Orbits a case runs: --orbits, or --days of its own period. */
export function caseOrbits(rig: RigConfig, c: SweepCase, orbits: number, days?: number): number {
  if (days === undefined) return orbits;
  return (days * 86400) / casePeriodS(rig, c);
}

/**
 * Most model steps one command may take, all cases together: 31 years of 1 s steps, about a
 * minute or two of CPU (docs/performance.md: simulate() runs some 10-20 million steps a second).
 * Without it 2,000,000 orbits (the old limit) kept a LEO run busy for half an hour and a GEO
 * one for hours, and a tiny --dt for ever.
 */
export const MAX_SIMULATE_STEPS = 1_000_000_000;
/** A step may be at most this share of the orbit: a longer one samples the eclipse at a few points. */
const MAX_DT_SHARE_OF_PERIOD = 0.1;

const count = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * Refuses, before anything runs, a run that would mean nothing or never end: a step longer
 * than a tenth of an orbit, a run shorter than one step, more than MAX_SIMULATE_STEPS.
 */
export function checkRunLength(
  o: Pick<SimulateOptions, "dt" | "days" | "orbits">,
  rigs: RigConfig[],
  cases: SweepCase[],
  orbitsOf: number[],
): void {
  const length = o.days !== undefined ? `--days ${o.days}` : `--orbits ${o.orbits}`;
  let total = 0;
  for (const [i, c] of cases.entries()) {
    const periodS = casePeriodS(rigs[i]!, c);
    const where = cases.length > 1 ? ` (sweep case ${i + 1} of ${cases.length})` : "";
    if (o.dt > periodS * MAX_DT_SHARE_OF_PERIOD)
      throw usageError(
        `--dt ${o.dt}: a step of ${formatDurationS(o.dt)} is more than a tenth of the orbit (${formatDurationS(periodS)})${where}: the eclipse would be sampled at a few points; use at most ${Math.floor(periodS * MAX_DT_SHARE_OF_PERIOD)} s`,
      );
    const steps = Math.round((orbitsOf[i]! * periodS) / o.dt);
    if (steps < 1)
      throw usageError(
        `${length}: the run (${formatDurationS(orbitsOf[i]! * periodS)} of orbit time) is shorter than one step of ${o.dt} s${where}`,
      );
    total += steps;
  }
  if (total > MAX_SIMULATE_STEPS) {
    const steps = total < 1e15 ? `${count(total)} model steps` : "more than 10^15 model steps";
    const what =
      cases.length > 1
        ? `${length} with --sweep: ${count(cases.length)} cases make ${steps}`
        : `${length}: ${steps} of ${o.dt} s`;
    throw usageError(
      `${what}; the limit is ${count(MAX_SIMULATE_STEPS)} (a minute or two of CPU): a shorter run, a longer --dt or fewer cases`,
    );
  }
}

function runCase(
  rig: RigConfig,
  c: SweepCase,
  orbits: number,
  dtS: number,
  perOrbit: boolean,
): SimulationResult {
  const orbitCfg = {
    ...rig.orbit,
    ...(c.betaDeg !== undefined ? { betaDeg: c.betaDeg } : {}),
    ...(c.altitudeKm !== undefined ? { altitudeKm: c.altitudeKm } : {}),
  };
  const nodeCfg = { ...rig.node, array: { ...rig.node.array, source: "model" as const } };
  return simulate({
    orbit: resolveOrbit(orbitCfg),
    node: nodeParams(nodeCfg),
    scheduler: rig.scheduler,
    ...(c.policy !== undefined ? { policy: c.policy } : {}),
    orbits,
    dtS,
    perOrbit,
  });
}

function totalsRow(t: SimulationTotals, label: string, beta: string, policy: string): Row {
  return { ...t, shadowMin: t.shadowMin / Math.max(1, t.orbits), label, beta, policy };
}

export function formatSingle(
  rigName: string,
  r: SimulationResult,
  orbits: number,
  dtS: number,
): string {
  const rows: Row[] = r.perOrbit.map((o) => ({
    ...o,
    label: String(o.orbit),
    beta: fixed(o.betaDeg, 1),
    policy: r.policy,
  }));
  const total = totalsRow(r.totals, "total", "", r.policy);
  const cols: Column<Row>[] = [
    { header: "orbit", value: (x) => x.label },
    { header: "beta", value: (x) => x.beta },
    ...COLUMNS,
  ];
  const shown = rows.length > 200 ? [...rows.slice(0, 100), ...rows.slice(-100)] : rows;
  const e = r.totals.energy;
  const kwh = (j: number) => fixed(j / 3.6e6, 1);
  const err =
    (e.inJ - e.toLoadJ - e.storedJ - e.lossesJ - e.curtailedJ) / Math.max(1, Math.abs(e.inJ));
  return [
    `${rigName}: policy ${r.policy}, ${Number.isInteger(orbits) ? orbits : orbits.toFixed(2)} orbits at ${dtS} s steps (shadow min is per orbit; total row: mean per orbit)`,
    formatTable(cols, [...shown, total]),
    rows.length > shown.length
      ? `(${rows.length - shown.length} middle orbits not shown; use --json for all)`
      : "",
    `energy, kWh: in ${kwh(e.inJ)} = load ${kwh(e.toLoadJ)} + stored ${kwh(e.storedJ)} + losses ${kwh(e.lossesJ)} + curtailed ${kwh(e.curtailedJ)} (relative error ${err.toExponential(1)})`,
    "",
  ]
    .filter((l, i, a) => l !== "" || i === a.length - 1)
    .join("\n");
}

export function formatSweep(
  rigName: string,
  cases: SweepCase[],
  results: SimulationResult[],
  orbits: number,
): string {
  const rows = results.map((r, i) =>
    totalsRow(
      r.totals,
      String(i),
      cases[i]!.betaDeg !== undefined ? fixed(cases[i]!.betaDeg!, 1) : "rig",
      r.policy,
    ),
  );
  const cols: Column<Row>[] = [
    { header: "beta", value: (x) => x.beta },
    ...(cases.some((c) => c.altitudeKm !== undefined)
      ? [
          {
            header: "alt km",
            value: (x: Row) => fixed(cases[Number(x.label)]!.altitudeKm ?? Number.NaN, 0),
          },
        ]
      : []),
    ...[...new Set(cases.flatMap((c) => Object.keys(c.set ?? {})))].map((k) => ({
      header: k.split(".").at(-1)!,
      value: (x: Row) => fixed(cases[Number(x.label)]!.set?.[k] ?? Number.NaN, 2),
    })),
    { header: "policy", value: (x) => x.policy, right: false },
    ...COLUMNS,
  ];
  return `${rigName}: ${cases.length} cases, ${Number.isInteger(orbits) ? orbits : orbits.toFixed(2)} orbits each (shadow min is per orbit)\n${formatTable(cols, rows)}\n`;
}

/** Runs the simulation (or the sweep's cases), writes the report if asked, prints. */
export async function simulateCommand(o: SimulateOptions): Promise<void> {
  const { dt: dtS } = o;
  const loaded = loadRig(o.rig);
  const rig =
    o.set.length === 0
      ? loaded.config
      : parseRig(applyOverrides(loaded.config, o.set), `${loaded.path} + --set`);
  let cases: SweepCase[];
  try {
    cases = expandSweeps(o.sweep);
  } catch (e) {
    throw e instanceof SweepSpecError ? usageError(e.message) : e;
  }
  // Every swept value is validated before anything runs.
  const rigs = cases.map((c) => caseRig(rig, c, loaded.path));
  const orbitsOf = cases.map((c, i) => caseOrbits(rigs[i]!, c, o.orbits, o.days));
  const orbits = orbitsOf[0]!;
  if (o.policy !== undefined) {
    const p = o.policy;
    cases = cases.map((c) => ({ policy: p, ...c }));
  }
  // A ground site's day is 24 h whatever the altitude: the swept values would change nothing.
  if (rig.orbit.preset === "ground" && o.sweep.some((a) => a.key === "altitude"))
    throw usageError(
      `--sweep altitude: ${loaded.path} has orbit.preset ground, a site on the Earth, which has no altitude`,
    );
  checkRunLength(o, rigs, cases, orbitsOf);
  const single = o.sweep.length === 0;
  const results = cases.map((c, i) => runCase(rigs[i]!, c, orbitsOf[i]!, dtS, single));
  if (o.report) {
    const files = await writeSimulationReport(o.report, {
      rigName: rig.name,
      cases,
      results,
      orbits,
      dtS,
    });
    process.stderr.write(`orbitrig: report written: ${files.length} files in ${o.report}\n`);
  }
  if (o.json) {
    const body = single
      ? {
          rig: loaded.path,
          name: rig.name,
          orbits,
          dtS,
          policy: results[0]!.policy,
          perOrbit: results[0]!.perOrbit,
          totals: results[0]!.totals,
        }
      : {
          rig: loaded.path,
          name: rig.name,
          orbits,
          dtS,
          cases: cases.map((c, i) => ({
            ...c,
            policy: results[i]!.policy,
            totals: results[i]!.totals,
          })),
        };
    process.stdout.write(jsonOutput(body));
    return;
  }
  process.stdout.write(
    single
      ? formatSingle(rig.name, results[0]!, orbits, dtS)
      : formatSweep(rig.name, cases, results, orbits),
  );
}
