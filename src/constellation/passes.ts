/**
 * The two passes over the nodes that make one step of a constellation run (run.ts): first
 * each node's light, eclipse window and the level its own policy and thermal guard allow
 * (and what the planner needs to see), then each node's kernel step and its queue. Kept
 * apart from the loop so each hot loop is a small function of its own.
 */
import { KERNEL_OUT_SIZE, nodeKernel, quantizeLevel } from "../node/kernel.js";
import { KELVIN } from "../node/params.js";
import { FULL } from "../node/summary.js";
import { createPolicy, policyContext, thermalCapOf } from "../scheduler/index.js";
import { NodeStats } from "./figures.js";
import { JobStream } from "./jobs.js";
import { NodeOrbits } from "./orbits.js";
import { emptyRoutes, type NodeView, planScratch, queueLevel } from "./planner.js";
import { WorkQueues } from "./queues.js";
import type { RunOptions } from "./run-options.js";
import { RunSeries } from "./series.js";

/** Everything the per-step passes read and write, built once per run. */
export function context(o: RunOptions) {
  const p = o.node;
  const N = o.layout.nodes.length;
  const dt = o.dtS;
  const orbits = new NodeOrbits(o.layout.nodes, p, dt);
  const saturated = o.workload.kind === "saturated";
  const topo = o.topology;
  const L = topo.linkA.length;
  const queues = saturated ? null : new WorkQueues(N);
  const g = o.scheduler.thermalGuard;
  return {
    o,
    p,
    N,
    dt,
    orbits,
    stats: new NodeStats(N, p),
    queues,
    planning: queues !== null && o.linkCapacityAccelSPerS > 0 && L > 0,
    stream: saturated
      ? null
      : new JobStream({
          nodes: N,
          accelerators: p.accelerators,
          loadFraction: o.workload.loadFraction,
          meanJobAccelS: o.workload.meanJobAccelS,
          seed: o.workload.seed,
        }),
    series: o.series ? new RunSeries(N, o.steps, dt, o.series) : null,
    levelOf: createPolicy(o.policy, o.scheduler, policyContext(p)).levelOf,
    guard: [g.enabled ? 1 : 0, g.throttleAboveC, g.throttledLevel, g.offAboveC, g.hysteresisC],
    e: new Float64Array(N).fill(p.initialJ),
    tempK: new Float64Array(N).fill(p.initialTempK),
    prevLevel: new Float64Array(N),
    prevCap: new Float64Array(N).fill(1),
    allowed: new Float64Array(N),
    illum: new Float64Array(N),
    phase: new Float64Array(N),
    view: {
      size: N,
      eclipseEntryInS: new Float64Array(N),
      socFraction: new Float64Array(N),
      tempC: new Float64Array(N),
      rateAccelSPerS: new Float64Array(N),
      heldAccelS: new Float64Array(N),
    } satisfies NodeView,
    capacity: new Float64Array(L).fill(o.linkCapacityAccelSPerS),
    scratch: planScratch(topo),
    routes: emptyRoutes(topo),
    out: new Float64Array(KERNEL_OUT_SIZE),
  };
}

export type Ctx = ReturnType<typeof context>;

/** Step j, pass 1: each node's light, eclipse window and the level its own policy allows. */
export function observe(c: Ctx, j: number): void {
  const { N, dt, orbits, stats, e, tempK, prevLevel, prevCap, allowed, view, planning } = c;
  const T = orbits.periodS;
  const dPhase = orbits.dPhase;
  const { iEnd, iStart, phase0, penEntry, penExit, nextPenEntry, nextPenExit } = orbits;
  const { shadow, nextShadow, arrayFullW, geometry } = orbits;
  const illumA = c.illum;
  const phaseA = c.phase;
  const entryA = view.eclipseEntryInS;
  const levelOf = c.levelOf; // local copies: see src/node/simulate.ts
  const capOf = thermalCapOf;
  const quantize = quantizeLevel;
  const [guardOn, gThr, gLvl, gOff, gHyst] = c.guard as [number, number, number, number, number];
  const kelvin = KELVIN;
  const invCapJ = 1 / c.p.capacityJ;
  const levels = c.p.throttleLevels;
  const accel = c.p.accelerators;
  const q = c.queues;
  for (let n = 0; n < N; n++) {
    if (j >= iEnd[n]!) {
      if (j > 0) stats.closeOrbit(n, (j - iStart[n]!) * dt, T, dt, e[n]! * invCapJ);
      orbits.begin(n, j);
    }
    const ph = phase0[n]! + j * dPhase;
    const sh = shadow[n] === 1;
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
    const cap = guardOn === 1 ? capOf(tk - kelvin, prevCap[n]!, gThr, gLvl, gOff, gHyst) : 1;
    prevLevel[n] = pl;
    prevCap[n] = cap;
    const a = Math.min(pl, cap);
    allowed[n] = a;
    illumA[n] = illum;
    phaseA[n] = ph;
    entryA[n] = entryS;
    if (planning) {
      view.socFraction[n] = en * invCapJ;
      view.tempC[n] = tk - kelvin;
      view.rateAccelSPerS[n] = quantize(levels, a) * accel;
      view.heldAccelS[n] = q!.backlog[n]! + q!.incomingAccelS[n]!;
    }
  }
}

/** Step j, pass 2: each node asks for its level, runs the kernel, works off its queue. */
export function advance(c: Ctx, j: number, bin: number): void {
  const { N, dt, p, e, tempK, allowed, out, orbits, stats, series } = c;
  const q = c.queues;
  const kernel = nodeKernel;
  const illumA = c.illum;
  const phaseA = c.phase;
  const { penEntry, penExit, umbraEntry, umbraExit, shadow, arrayFullW } = orbits;
  const { fullS, levelS, doneAccelS, minSoc, maxSoc, maxTempK, tempKS, shadowS, umbraS } = stats;
  const { inJ, toLoadJ, lossesJ, curtailedJ, unservedJ, violationS, throughputJ } = stats;
  const { orbitMinSoc, orbitMaxSoc } = stats;
  const levels = p.throttleLevels;
  const clearLevel = queueLevel;
  const accel = p.accelerators;
  const stepWork = accel * dt;
  const invCapJ = 1 / p.capacityJ;
  const floorJ = p.floorJ;
  const etaD = p.etaDischarge;
  const maxDisW = p.maxDischargeW;
  const full = FULL;
  const tEnd = (j + 1) * dt;
  for (let n = 0; n < N; n++) {
    const en = e[n]!;
    const illum = illumA[n]!;
    let requested = allowed[n]!;
    if (q) {
      const lv = clearLevel(levels, q.backlog[n]!, stepWork);
      if (lv < requested) requested = lv;
    }
    const arrayW = arrayFullW[n]! * illum;
    kernel(p, en, tempK[n]!, arrayW, illum, requested, dt, out);
    const e1 = out[0]!;
    const tk1 = out[1]!;
    const served = out[2]!;
    const curtW = out[7]!;
    const unservedW = out[8]!;
    e[n] = e1;
    tempK[n] = tk1;
    const capS = served * stepWork;
    const work = q ? q.process(n, capS, tEnd) : capS;
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
    if (shadow[n] === 1 && ph >= penEntry[n]! && ph < penExit[n]!) shadowS[n]! += dt;
    if (ph >= umbraEntry[n]! && ph < umbraExit[n]!) umbraS[n]! += dt;
    if (served >= full) fullS[n]! += dt;
    levelS[n]! += served * dt;
    const soc = e1 * invCapJ;
    if (soc < minSoc[n]!) minSoc[n] = soc;
    if (soc > maxSoc[n]!) maxSoc[n] = soc;
    if (soc < orbitMinSoc[n]!) orbitMinSoc[n] = soc;
    if (soc > orbitMaxSoc[n]!) orbitMaxSoc[n] = soc;
    if (tk1 > maxTempK[n]!) maxTempK[n] = tk1;
    if (series) series.add(bin, n, work, work / stepWork, ph, illum < 1, soc);
  }
}
