/**
 * From a rig file and the command line's choices to a run: the layout, the links, the node,
 * the workload; and the refusals of input that would give a silent, meaningless result
 * (no nodes, nodes that do not divide among the planes, a negative link capacity, a ground
 * site, nodes that cannot be powered even in full sun). Each refusal is an OrbitrigError
 * with one line that says why; the CLI exits 2.
 */

import type { RigConfig } from "../config/rig.js";
import type {
  ConstellationConfig,
  PlacementMode,
  WorkloadKind,
} from "../config/schema/constellation.js";
import type { PolicyName } from "../config/schema/scheduler.js";
import { formatDurationS } from "../core/duration.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { nodeParams } from "../node/params.js";
import { resolveOrbit } from "../orbit/presets.js";
import { buildLayout, type Layout } from "./layout.js";
import { buildTopology, type Topology } from "./links.js";
import type { RunOptions, WorkloadSpec } from "./run-options.js";
import type { SeriesOptions } from "./series.js";

/** What the command line may set over the rig's rules for work (both kinds of run). */
export interface WorkRequest {
  placement?: PlacementMode;
  loadFraction?: number;
  seed?: number;
}

/** What the command line may set over the rig's `constellation:` section. */
export interface ConstellationRequest extends WorkRequest {
  nodes?: number;
  planes?: number;
  policy?: PolicyName;
  /** Run length: orbits of the first plane, or days (one of them; default one day). */
  orbits?: number;
  days?: number;
  dtS?: number;
  linkGbps?: number;
  crossPlane?: boolean;
  workload?: WorkloadKind;
  series?: SeriesOptions | null;
}

export interface PreparedConstellation {
  run: RunOptions;
  durationS: number;
  linkCapacityGbps: number;
  gigabytesPerAccelH: number;
  layout: Layout;
  topology: Topology;
}

/** The most node-steps one run may take (10,000 nodes for about 11 days of 1 s steps). */
export const MAX_NODE_STEPS = 1e10;
/**
 * The most nodes a run may have: more than the 42,000 of Starlink's filings. A million
 * (a "100 GW in orbit" claim's count) ran out of memory building the layout, with V8's
 * stack trace, before the node-step limit was looked at.
 */
export const MAX_NODES = 50_000;
/** A step may be at most this share of the orbit: a longer one samples the eclipse at a few points. */
export const MAX_DT_SHARE_OF_PERIOD = 0.1;

/** A link's capacity in work: C_Gbps × 3600 / (8 × GB per accelerator-hour), accel-s/s. */
export function linkWorkCapacity(linkGbps: number, gigabytesPerAccelH: number): number {
  return (linkGbps / (8 * gigabytesPerAccelH)) * 3600;
}

/** A refusal of a run that would give a silent, meaningless result: one line, exit 2. */
export function refuse(message: string, code: "USAGE" | "RIG_INVALID" = "USAGE"): never {
  throw new OrbitrigError(code, message, ExitCode.usage);
}

/** A ground site has no orbit to share. */
export function refuseGround(rig: RigConfig): void {
  if (rig.orbit.preset === "ground")
    refuse(
      "orbit.preset ground: a constellation needs satellites on an orbit, not a ground site",
      "RIG_INVALID",
    );
}

/**
 * The rules for work, the same for a constellation run and a desk ring: what a link carries,
 * what a move costs, where work goes, and the job stream (its kind apart: a desk ring takes
 * jobs only).
 */
export function workRules(
  c: ConstellationConfig,
  linkGbps: number,
  r: WorkRequest,
): Pick<RunOptions, "linkCapacityAccelSPerS" | "migration" | "placement"> & {
  workload: Omit<WorkloadSpec, "kind">;
} {
  const m = c.migration;
  const w = c.workload;
  return {
    linkCapacityAccelSPerS: linkWorkCapacity(linkGbps, m.gigabytesPerAccelH),
    migration: { overheadFraction: m.overheadFraction, checkpointAccelS: m.checkpointAccelS },
    placement: {
      mode: r.placement ?? c.placement.mode,
      horizonS: c.placement.horizonS,
      lowSocFraction: c.placement.lowSocFraction,
      hotAboveC: c.placement.hotAboveC,
      minMoveAccelS: m.minMoveAccelS,
    },
    workload: {
      loadFraction: r.loadFraction ?? w.loadFraction,
      meanJobAccelS: w.meanJobAccelH * 3600,
      deadlineS: w.deadlineS,
      dropLate: w.dropLate,
      seed: r.seed ?? w.seed,
    },
  };
}

const kw = (w: number) => `${(w / 1000).toFixed(1)} kW`;

export function prepareConstellation(
  rig: RigConfig,
  r: ConstellationRequest,
): PreparedConstellation {
  const c = rig.constellation;
  const nodes = r.nodes ?? c.nodes;
  const planes = r.planes ?? c.planes;
  if (!(nodes >= 1)) refuse(`--nodes ${nodes}: a constellation needs at least one node`);
  if (!(planes >= 1)) refuse(`--planes ${planes}: a constellation needs at least one plane`);
  if (nodes > MAX_NODES)
    refuse(
      `--nodes ${nodes}: at most ${MAX_NODES.toLocaleString("en-US")} nodes (more than all of Starlink's filings)`,
    );
  if (nodes % planes !== 0)
    refuse(
      `--nodes ${nodes} --planes ${planes}: the nodes must divide evenly among the planes (${nodes} is not a multiple of ${planes})`,
    );
  if (c.phasingF >= planes && planes > 1)
    refuse(
      `constellation.phasingF ${c.phasingF}: the Walker phasing factor must be below the number of planes (${planes})`,
      "RIG_INVALID",
    );
  const linkGbps = r.linkGbps ?? c.links.capacityGbps;
  if (!(linkGbps >= 0))
    refuse(
      `link capacity ${linkGbps} Gbps: a link cannot carry a negative amount of work (0 means the nodes work alone)`,
    );
  refuseGround(rig);
  if (r.orbits !== undefined && r.days !== undefined)
    refuse("--orbits and --days: give one run length, not both");
  const node = nodeParams({ ...rig.node, array: { ...rig.node.array, source: "model" } });
  const baseW = node.avionicsW + node.computeIdleW;
  if (!(node.arrayFullSunW > baseW))
    refuse(
      `the nodes cannot be powered even in full sun: the array gives ${kw(node.arrayFullSunW)} (node.array), the base load is ${kw(baseW)} (avionics ${kw(node.avionicsW)} + payload idle ${kw(node.computeIdleW)})`,
      "RIG_INVALID",
    );
  // Checked before the layout is built: its size is the nodes'.
  const dtS = r.dtS ?? 1;
  const periodS = resolveOrbit(rig.orbit).periodS;
  if (dtS > periodS * MAX_DT_SHARE_OF_PERIOD)
    refuse(
      `--dt ${dtS}: a step of ${formatDurationS(dtS)} is more than a tenth of the orbit (${formatDurationS(periodS)}): the eclipse would be sampled at a few points; use at most ${Math.floor(periodS * MAX_DT_SHARE_OF_PERIOD)} s`,
    );
  const durationS = r.orbits !== undefined ? r.orbits * periodS : (r.days ?? 1) * 86400;
  const steps = Math.round(durationS / dtS);
  if (steps < 1) refuse(`the run is shorter than one step of ${dtS} s`);
  if (steps * nodes > MAX_NODE_STEPS)
    refuse(
      `${nodes} nodes × ${steps < 1e15 ? steps : "more than 10^15"} steps is more than ${MAX_NODE_STEPS.toExponential(0)} node-steps: use fewer nodes, a shorter run or a longer --dt`,
    );
  const layout = buildLayout({
    orbit: rig.orbit,
    nodes,
    planes,
    raanSpreadDeg: c.raanSpreadDeg,
    phasingF: c.phasingF,
  });
  const topology = buildTopology(layout, {
    crossPlane: r.crossPlane ?? c.links.crossPlane,
    latencyS: c.links.latencyS,
    planesRing: c.raanSpreadDeg === 360,
    maxRangeKm: c.links.maxRangeKm,
    minGrazingAltitudeKm: c.links.minGrazingAltitudeKm,
  });
  const rules = workRules(c, linkGbps, r);
  return {
    run: {
      layout,
      topology,
      node,
      scheduler: rig.scheduler,
      policy: r.policy ?? rig.scheduler.policy,
      steps,
      dtS,
      ...rules,
      workload: { kind: r.workload ?? c.workload.kind, ...rules.workload },
      series: r.series ?? null,
    },
    durationS: steps * dtS,
    linkCapacityGbps: linkGbps,
    gigabytesPerAccelH: c.migration.gigabytesPerAccelH,
    layout,
    topology,
  };
}
