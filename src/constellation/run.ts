/**
 * One constellation run at full speed: every node is the rig's node (nodeKernel, its own
 * policy and thermal guard, exactly as `simulate` steps it) on its own orbit; jobs arrive;
 * each step the follow-the-Sun planner moves work over the links; each node runs what it
 * holds, up to what its policy allows.
 *
 * Per step [t, t + dt]: (1) work in flight that arrives now joins its queue; (2) jobs that
 * arrived by t join their node's queue (and, with dropLate, jobs past their deadline are
 * dropped); (3) each node's light, eclipse window and allowed level (policy ∧ guard) at t;
 * (4) the plan, and the moves (the sender gives the work up now; it arrives after the
 * link's latency, at least one step later); (5) each node asks the kernel for
 * min(allowed, the lowest throttle level that clears its queue) and works off its queue.
 * With the "saturated" workload every node has endless work and asks for what its policy
 * allows, which is exactly `simulate`.
 */
import type { PolicyName, SchedulerConfig } from "../config/schema/scheduler.js";
import { KERNEL_OUT_SIZE, nodeKernel, quantizeLevel } from "../node/kernel.js";
import { KELVIN, type NodeParams } from "../node/params.js";
import { FULL } from "../node/summary.js";
import { createPolicy, policyContext, thermalCapOf } from "../scheduler/index.js";
import { NodeStats } from "./figures.js";
import { JobStream } from "./jobs.js";
import type { Layout, Topology } from "./layout.js";
import { NodeOrbits } from "./orbits.js";
import {
  emptyRoutes,
  type NodeView,
  type PlacementRules,
  planMigrations,
  planScratch,
} from "./planner.js";
import { WorkQueues } from "./queues.js";
import { RunSeries, type SeriesOptions } from "./series.js";

export interface WorkloadSpec {
  kind: "jobs" | "saturated";
  loadFraction: number;
  meanJobAccelS: number;
  deadlineS: number | null;
  dropLate: boolean;
  seed: number;
}

export interface MigrationSpec {
  overheadFraction: number;
  checkpointAccelS: number;
}

export interface RunOptions {
  layout: Layout;
  topology: Topology;
  node: NodeParams;
  scheduler: SchedulerConfig;
  policy: PolicyName;
  steps: number;
  dtS: number;
  /** Work each link carries per second, accel-s/s (0: the nodes work alone). */
  linkCapacityAccelSPerS: number;
  migration: MigrationSpec;
  placement: PlacementRules;
  workload: WorkloadSpec;
  /** Record time series for charts (costs a little per node-step). */
  series?: SeriesOptions | null;
}

export interface RunState {
  stats: NodeStats;
  queues: WorkQueues | null;
  energyJ: Float64Array;
  tempK: Float64Array;
  series: RunSeries | null;
  orbits: NodeOrbits;
}

export function runConstellation(o: RunOptions): RunState {
  const p = o.node;
  const N = o.layout.nodes.length;
  const dt = o.dtS;
  const steps = o.steps;
  const orbits = new NodeOrbits(o.layout.nodes, p, dt);
  const T = orbits.periodS;
  const dPhase = orbits.dPhase;
  const stats = new NodeStats(N, p);
  const saturated = o.workload.kind === "saturated";
  const topo = o.topology;
  const L = topo.linkA.length;
  const planning = !saturated && o.linkCapacityAccelSPerS > 0 && L > 0;
  const queues = saturated ? null : new WorkQueues(N);
  const stream = saturated
    ? null
    : new JobStream({
        nodes: N,
        accelerators: p.accelerators,
        loadFraction: o.workload.loadFraction,
        meanJobAccelS: o.workload.meanJobAccelS,
        seed: o.workload.seed,
      });
  const series = o.series ? new RunSeries(N, steps, dt, o.series) : null;

  const policy = createPolicy(o.policy, o.scheduler, policyContext(p));
  const levelOf = policy.levelOf;
  const g = o.scheduler.thermalGuard;
  const guardOn = g.enabled;
  const gThr = g.throttleAboveC;
  const gLvl = g.throttledLevel;
  const gOff = g.offAboveC;
  const gHyst = g.hysteresisC;
  const capOf = thermalCapOf;
  const kernel = nodeKernel; // local copies: see src/node/simulate.ts
  const quantize = quantizeLevel;
  const levels = p.throttleLevels;
  const accel = p.accelerators;
  const capJ = p.capacityJ;
  const invCapJ = 1 / capJ;
  const full = FULL;
  const kelvin = KELVIN;

  const e = new Float64Array(N).fill(p.initialJ);
  const tempK = new Float64Array(N).fill(p.initialTempK);
  const prevLevel = new Float64Array(N);
  const prevCap = new Float64Array(N).fill(1);
  const allowed = new Float64Array(N);
  const illumA = new Float64Array(N);
  const phaseA = new Float64Array(N);
  const view: NodeView = {
    size: N,
    eclipseEntryInS: new Float64Array(N),
    socFraction: new Float64Array(N),
    tempC: new Float64Array(N),
    rateAccelSPerS: new Float64Array(N),
    heldAccelS: new Float64Array(N),
  };
  const entryA = view.eclipseEntryInS;
  const capacity = new Float64Array(L).fill(o.linkCapacityAccelSPerS);
  const scratch = planScratch(topo);
  const routes = emptyRoutes(topo);
  const out = new Float64Array(KERNEL_OUT_SIZE);
  const { iEnd: iEndA, phase0: ph0A, penEntry, penExit, umbraEntry, umbraExit } = orbits;
  const { nextPenEntry, nextPenExit, shadow: shadowA, nextShadow, arrayFullW } = orbits;
  const { fullS, levelS, doneAccelS, minSoc, maxSoc, maxTempK, tempKS, shadowS, umbraS } = stats;
  const { inJ, toLoadJ, lossesJ, curtailedJ, unservedJ, violationS, throughputJ } = stats;
  const { orbitMinSoc, orbitMaxSoc } = stats;
  const geometry = orbits.geometry;
  const iStart = orbits.iStart;
  const floorJ = p.floorJ;
  const etaD = p.etaDischarge;
  const maxDisW = p.maxDischargeW;
  const deadlineS = o.workload.deadlineS;
  const dropLate = o.workload.dropLate && deadlineS !== null;

  for (let j = 0; j < steps; j++) {
    const tS = j * dt;
    const bin = series ? series.binOf(j) : 0;
    if (queues && stream) {
      queues.deliver(j);
      while (stream.nextS <= tS) {
        queues.arrive(stream.nextNode, stream.nextS, stream.nextSizeAccelS);
        if (series) series.offered[bin]! += stream.nextSizeAccelS;
        stream.advance();
      }
      if (dropLate) queues.dropDue(tS, deadlineS);
    }
    // (3) Light, eclipse window and the level each node's own policy allows.
    for (let n = 0; n < N; n++) {
      if (j >= iEndA[n]!) {
        if (j > 0) stats.closeOrbit(n, (j - iStart[n]!) * dt, T, dt, e[n]! * invCapJ);
        orbits.begin(n, j);
      }
      const ph = ph0A[n]! + j * dPhase;
      const sh = shadowA[n] === 1;
      const pe = penEntry[n]!;
      const px = penExit[n]!;
      const illum = !sh || ph < pe || ph >= px ? 1 : geometry[n]!.illuminationAtPhase(ph);
      let entryS: number;
      let exitS: number;
      if (sh && ph < px) {
        entryS = ph < pe ? (pe - ph) * T : 0;
        exitS = (px - ph) * T;
      } else if (nextShadow[n] === 1) {
        entryS = (1 - ph + nextPenEntry[n]!) * T;
        exitS = (1 - ph + nextPenExit[n]!) * T;
      } else {
        entryS = Number.POSITIVE_INFINITY;
        exitS = Number.POSITIVE_INFINITY;
      }
      const en = e[n]!;
      const tk = tempK[n]!;
      const pl = levelOf(en * invCapJ, en, illum, entryS, exitS, arrayFullW[n]!, prevLevel[n]!);
      const cap = guardOn ? capOf(tk - kelvin, prevCap[n]!, gThr, gLvl, gOff, gHyst) : 1;
      prevLevel[n] = pl;
      prevCap[n] = cap;
      allowed[n] = Math.min(pl, cap);
      illumA[n] = illum;
      phaseA[n] = ph;
      entryA[n] = entryS;
      if (planning) {
        view.socFraction[n] = en * invCapJ;
        view.tempC[n] = tk - kelvin;
        view.rateAccelSPerS[n] = quantize(levels, allowed[n]!) * accel;
        view.heldAccelS[n] = queues!.backlog[n]! + queues!.incomingAccelS[n]!;
      }
    }
    // (4) Plan and move.
    if (planning && queues) {
      const planned = planMigrations(view, topo, capacity, o.placement, dt, scratch, routes);
      for (let r = 0; planned > 0 && r < routes.count; r++) {
        const delaySteps = Math.max(1, Math.ceil(routes.latencyS[r]! / dt - 1e-9));
        const m = queues.move(
          routes.from[r]!,
          routes.to[r]!,
          routes.amountAccelS[r]!,
          j,
          delaySteps,
          o.migration.overheadFraction,
          o.migration.checkpointAccelS,
        );
        if (series) series.moved[bin]! += m;
      }
    }
    // (5) Each node runs.
    const tEnd = tS + dt;
    for (let n = 0; n < N; n++) {
      const en = e[n]!;
      const illum = illumA[n]!;
      let requested = allowed[n]!;
      if (queues) {
        const need = queues.backlog[n]! / (accel * dt);
        let lv = levels[levels.length - 1]!;
        for (let q = 0; q < levels.length; q++) {
          if (levels[q]! >= need - 1e-12) {
            lv = levels[q]!;
            break;
          }
        }
        if (lv < requested) requested = lv;
      }
      const arrayW = arrayFullW[n]! * illum;
      kernel(p, en, tempK[n]!, arrayW, illum, requested, dt, out);
      const e1 = out[0]!;
      const tk1 = out[1]!;
      const served = out[2]!;
      const unservedW = out[8]!;
      const curtW = out[7]!;
      e[n] = e1;
      tempK[n] = tk1;
      const capS = served * accel * dt;
      const work = queues ? queues.process(n, capS, tEnd) : capS;
      doneAccelS[n]! += work;
      inJ[n]! += arrayW * dt;
      toLoadJ[n]! += (out[3]! + out[4]!) * dt;
      lossesJ[n]! += out[6]! * dt;
      curtailedJ[n]! += curtW * dt;
      unservedJ[n]! += unservedW * dt;
      throughputJ[n]! += Math.abs(e1 - en);
      tempKS[n]! += tk1 * dt;
      if (unservedW > 0 && (en - floorJ) * etaD < maxDisW * dt) violationS[n]! += dt;
      const ph = phaseA[n]!;
      if (shadowA[n] === 1 && ph >= penEntry[n]! && ph < penExit[n]!) shadowS[n]! += dt;
      if (ph >= umbraEntry[n]! && ph < umbraExit[n]!) umbraS[n]! += dt;
      if (served >= full) fullS[n]! += dt;
      levelS[n]! += served * dt;
      const soc = e1 * invCapJ;
      if (soc < minSoc[n]!) minSoc[n] = soc;
      if (soc > maxSoc[n]!) maxSoc[n] = soc;
      if (soc < orbitMinSoc[n]!) orbitMinSoc[n] = soc;
      if (soc > orbitMaxSoc[n]!) orbitMaxSoc[n] = soc;
      if (tk1 > maxTempK[n]!) maxTempK[n] = tk1;
      if (series) series.add(bin, n, work, work / (accel * dt), ph, illum < 1, soc);
    }
  }
  for (let n = 0; n < N; n++)
    stats.closeOrbit(n, (steps - iStart[n]!) * dt, T, dt, e[n]! * invCapJ);
  return { stats, queues, energyJ: e, tempK, series, orbits };
}
