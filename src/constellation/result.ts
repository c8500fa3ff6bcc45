/**
 * The figures of one run, whole-constellation totals and the two balances it must keep:
 * energy (every node: in = load + stored + losses + curtailed) and work (arrived + overhead
 * added = done + queued + in flight + dropped), each as a relative error.
 */
import type { NodeParams } from "../node/params.js";
import type { NodeFigures } from "./figures.js";
import { countJobs, type JobCounts } from "./jobs.js";
import type { Layout } from "./layout.js";
import type { RunState } from "./run.js";
import type { RunSeries } from "./series.js";

export interface WorkBalance {
  arrivedAccelS: number;
  overheadAddedAccelS: number;
  doneUsefulAccelS: number;
  doneOverheadAccelS: number;
  queuedAccelS: number;
  inFlightAccelS: number;
  droppedAccelS: number;
  /** |in − out| / in. */
  relativeError: number;
}

export interface RunTotals {
  /** Compute capacity used by all nodes, accelerator-hours (what `simulate` calls work). */
  workAccelH: number;
  /** Useful work delivered: job work done (saturated: all compute), accelerator-hours. */
  deliveredAccelH: number;
  /** Work done to pay for migrations, accelerator-hours. */
  overheadAccelH: number;
  /** Work offered by the job stream, accelerator-hours (null when saturated). */
  offeredAccelH: number | null;
  meanDuty: number;
  meanWorkDuty: number;
  minSoc: number;
  meanCycleDepth: number;
  maxCycleDepth: number;
  meanFullCycles: number;
  maxTempC: number;
  meanTempC: number;
  curtailedKWh: number;
  unservedKWh: number;
  floorViolationS: number;
  nodesBelowFloor: number;
  /** Work sent over links, accelerator-hours, and the number of pieces moved. */
  movedAccelH: number;
  moves: number;
  energy: { inJ: number; toLoadJ: number; storedJ: number; lossesJ: number; curtailedJ: number };
  energyRelativeError: number;
}

export interface RunResult {
  totals: RunTotals;
  jobs: JobCounts | null;
  work: WorkBalance | null;
  nodes: NodeFigures[];
}

export interface RunOutcome {
  result: RunResult;
  series: RunSeries | null;
}

export function summarizeRun(
  state: RunState,
  layout: Layout,
  p: NodeParams,
  durationS: number,
  deadlineS: number | null,
): RunOutcome {
  const q = state.queues;
  const nodes = state.stats.figures(
    layout.nodes,
    p,
    durationS,
    state.energyJ,
    state.tempK,
    q?.sentAccelS ?? null,
    q?.receivedAccelS ?? null,
  );
  const N = nodes.length;
  const sum = (f: (x: NodeFigures) => number) => nodes.reduce((a, x) => a + f(x), 0);
  const energy = {
    inJ: sum((x) => x.energy.inJ),
    toLoadJ: sum((x) => x.energy.toLoadJ),
    storedJ: sum((x) => x.energy.storedJ),
    lossesJ: sum((x) => x.energy.lossesJ),
    curtailedJ: sum((x) => x.energy.curtailedJ),
  };
  const energyOut = energy.toLoadJ + energy.storedJ + energy.lossesJ + energy.curtailedJ;
  let work: WorkBalance | null = null;
  if (q) {
    const { queuedAccelS, inFlightAccelS } = q.settle();
    const inS = q.arrivedAccelS + q.overheadAddedAccelS;
    const outS =
      q.doneUsefulAccelS + q.doneOverheadAccelS + queuedAccelS + inFlightAccelS + q.droppedAccelS;
    work = {
      arrivedAccelS: q.arrivedAccelS,
      overheadAddedAccelS: q.overheadAddedAccelS,
      doneUsefulAccelS: q.doneUsefulAccelS,
      doneOverheadAccelS: q.doneOverheadAccelS,
      queuedAccelS,
      inFlightAccelS,
      droppedAccelS: q.droppedAccelS,
      relativeError: Math.abs(inS - outS) / Math.max(1e-300, Math.abs(inS)),
    };
  }
  const workAccelH = sum((x) => x.workAccelH);
  const totals: RunTotals = {
    workAccelH,
    deliveredAccelH: q ? q.doneUsefulAccelS / 3600 : workAccelH,
    overheadAccelH: q ? q.doneOverheadAccelS / 3600 : 0,
    offeredAccelH: q ? q.arrivedAccelS / 3600 : null,
    meanDuty: sum((x) => x.duty) / N,
    meanWorkDuty: sum((x) => x.workDuty) / N,
    minSoc: Math.min(...nodes.map((x) => x.minSoc)),
    meanCycleDepth: sum((x) => x.meanCycleDepth) / N,
    maxCycleDepth: Math.max(...nodes.map((x) => x.maxCycleDepth)),
    meanFullCycles: sum((x) => x.fullCycles) / N,
    maxTempC: Math.max(...nodes.map((x) => x.maxTempC)),
    meanTempC: sum((x) => x.meanTempC) / N,
    curtailedKWh: sum((x) => x.curtailedKWh),
    unservedKWh: sum((x) => x.unservedKWh),
    floorViolationS: sum((x) => x.floorViolationS),
    nodesBelowFloor: nodes.filter((x) => x.floorViolationS > 0).length,
    movedAccelH: q ? q.movedAccelS / 3600 : 0,
    moves: q ? q.moves : 0,
    energy,
    energyRelativeError: Math.abs(energy.inJ - energyOut) / Math.max(1e-300, Math.abs(energy.inJ)),
  };
  const jobs = q ? countJobs(q.jobs, durationS, deadlineS) : null;
  return { result: { totals, jobs, work, nodes }, series: state.series };
}
