/**
 * `orbitrig constellation`'s answer: the constellation, and the same nodes on the same orbits
 * with the same jobs but no links (N independent nodes), side by side, with what describes
 * the run (planes and their beta angles, links, workload).
 */
import { betaAtS } from "../orbit/presets.js";
import { type RunOutcome, type RunResult, summarizeRun } from "./result.js";
import { runConstellation } from "./run.js";
import type { PreparedConstellation } from "./setup.js";

export interface PlaneInfo {
  plane: number;
  raanDeg: number;
  /** Beta angle at the start and at the end of the run, degrees. */
  betaStartDeg: number;
  betaEndDeg: number;
}

export interface LinkInfo {
  count: number;
  crossPlane: number;
  /** Neighbours left unlinked: out of each other's sight or range at some point of the orbit. */
  outOfSight: number;
  capacityGbps: number;
  /** The same capacity as work: Gbit/s ÷ (8 × GB per accelerator-hour), accel-s per s. */
  capacityAccelSPerS: number;
  gigabytesPerAccelH: number;
  minLengthKm: number;
  maxLengthKm: number;
  minLatencyS: number;
  maxLatencyS: number;
}

export interface ConstellationComparison {
  nodes: number;
  planes: number;
  perPlane: number;
  altitudeKm: number;
  inclinationDeg: number;
  periodS: number;
  durationS: number;
  steps: number;
  dtS: number;
  acceleratorsPerNode: number;
  policy: string;
  placement: string;
  workload: PreparedConstellation["run"]["workload"];
  links: LinkInfo;
  planeInfo: PlaneInfo[];
  constellation: RunResult;
  independent: RunResult;
  /** True when the independent run is the constellation run itself (no links, or nothing to move). */
  independentIsSame: boolean;
}

export interface ComparisonOutcome {
  comparison: ConstellationComparison;
  constellation: RunOutcome;
  independent: RunOutcome;
}

function minMax(a: Float64Array): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const x of a) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return a.length ? [lo, hi] : [Number.NaN, Number.NaN];
}

/**
 * Runs the constellation and (unless it would be the same run) its independent twin.
 * onProgress gets the fraction of both runs done.
 */
export function compareConstellation(
  c: PreparedConstellation,
  onProgress?: (fractionDone: number) => void,
): ComparisonOutcome {
  const { run, layout, topology } = c;
  const deadline = run.workload.deadlineS;
  const same =
    run.linkCapacityAccelSPerS === 0 ||
    topology.linkA.length === 0 ||
    run.workload.kind === "saturated";
  const runs = same ? 1 : 2;
  const outcome = (capacity: number, index: number) =>
    summarizeRun(
      runConstellation({
        ...run,
        linkCapacityAccelSPerS: capacity,
        onProgress: onProgress && ((done, steps) => onProgress((index + done / steps) / runs)),
      }),
      layout,
      run.node,
      c.durationS,
      deadline,
    );
  const constellation = outcome(run.linkCapacityAccelSPerS, 0);
  const independent = same ? constellation : outcome(0, 1);
  const [minLen, maxLen] = minMax(topology.lengthKm);
  const [minLat, maxLat] = minMax(topology.latencyS);
  const firstOfPlane = (p: number) => layout.nodes[p * layout.perPlane]!.orbit;
  return {
    comparison: {
      nodes: layout.nodes.length,
      planes: layout.planes.length,
      perPlane: layout.perPlane,
      altitudeKm: layout.altitudeKm,
      inclinationDeg: layout.inclinationDeg,
      periodS: layout.periodS,
      durationS: c.durationS,
      steps: run.steps,
      dtS: run.dtS,
      acceleratorsPerNode: run.node.accelerators,
      policy: run.policy,
      placement: run.placement.mode,
      workload: run.workload,
      links: {
        count: topology.linkA.length,
        crossPlane: topology.crossPlane.reduce((a, x) => a + x, 0),
        outOfSight: topology.outOfSight,
        capacityGbps: c.linkCapacityGbps,
        capacityAccelSPerS: run.linkCapacityAccelSPerS,
        gigabytesPerAccelH: c.gigabytesPerAccelH,
        minLengthKm: minLen,
        maxLengthKm: maxLen,
        minLatencyS: minLat,
        maxLatencyS: maxLat,
      },
      planeInfo: layout.planes.map((p) => ({
        plane: p.plane,
        raanDeg: p.raanDeg,
        betaStartDeg: betaAtS(firstOfPlane(p.plane), 0),
        betaEndDeg: betaAtS(firstOfPlane(p.plane), c.durationS),
      })),
      constellation: constellation.result,
      independent: independent.result,
      independentIsSame: same,
    },
    constellation,
    independent,
  };
}
