/**
 * Pure simulation of one node on its orbit, at full speed: the loop behind
 * `orbitrig simulate`, the sweeps and the year-long tests. It runs the same nodeKernel as
 * stepNode, with the state held in local numbers (no allocation per step), and the
 * scheduler's policy and thermal guard called directly.
 *
 * Each step [t, t + dt] takes the illumination at its start and counts for the orbit it
 * starts in. The eclipse ahead is looked up in this orbit and the next.
 */
import type { PolicyName, SchedulerConfig } from "../config/schema/scheduler.js";
import type { OrbitGeometry } from "../orbit/geometry.js";
import type { ResolvedOrbit } from "../orbit/presets.js";
import { EclipseSchedule } from "../orbit/schedule.js";
import { createPolicy, policyContext, thermalCapOf } from "../scheduler/index.js";
import { KERNEL_OUT_SIZE, nodeKernel } from "./kernel.js";
import { KELVIN, type NodeParams } from "./params.js";
import {
  closeOrbit,
  FULL,
  newAcc,
  type OrbitSummary,
  type SimulationResult,
  summarize,
} from "./summary.js";

export type { OrbitSummary, SimulationResult, SimulationTotals } from "./summary.js";

export interface SimulationOptions {
  orbit: ResolvedOrbit;
  node: NodeParams;
  scheduler: SchedulerConfig;
  /** Overrides scheduler.policy. */
  policy?: PolicyName;
  /** Orbits (periods) to run. */
  orbits: number;
  /** Step, s. Default 1. */
  dtS?: number;
  /** Keep one summary per orbit. Default true. */
  perOrbit?: boolean;
}

export function simulate(opts: SimulationOptions): SimulationResult {
  const p = opts.node;
  const dt = opts.dtS ?? 1;
  const keepOrbits = opts.perOrbit ?? true;
  const schedule = new EclipseSchedule(opts.orbit);
  const T = schedule.periodS;
  const steps = Math.round((opts.orbits * T) / dt);
  const policyName = opts.policy ?? opts.scheduler.policy;
  const policy = createPolicy(policyName, opts.scheduler, policyContext(p));
  const guard = opts.scheduler.thermalGuard;
  const guardOn = guard.enabled;
  const gThr = guard.throttleAboveC;
  const gLvl = guard.throttledLevel;
  const gOff = guard.offAboveC;
  const gHyst = guard.hysteresisC;
  // Imported bindings copied to locals: some loaders (tsx, vitest) turn each use of an
  // import into a getter call, which costs more than the kernel in this loop.
  const kernel = nodeKernel;
  const levelOf = policy.levelOf;
  const full = FULL;
  const capOf = thermalCapOf;
  const kelvin = KELVIN;
  const out = new Float64Array(KERNEL_OUT_SIZE);
  let e = p.initialJ;
  let tempK = p.initialTempK;
  let prevLevel = 0;
  let prevCap = 1;
  let inJ = 0,
    toLoadJ = 0,
    lossesJ = 0,
    curtailedJ = 0;
  const perOrbit: OrbitSummary[] = [];
  const total = newAcc(e / p.capacityJ, tempK);
  let oTime = 0,
    oShadow = 0,
    oUmbra = 0,
    oFull = 0,
    oLevel = 0,
    oCurt = 0,
    oUnserved = 0,
    oViol = 0;
  let oMinSoc = e / p.capacityJ;
  let oMaxTempK = tempK;
  let k = 0;
  let g: OrbitGeometry = schedule.geometryOfOrbit(0);
  // This orbit's and the next orbit's shadow phases, held in locals (read every step).
  let pe = 0.5,
    px = 0.5,
    pu0 = 0.5,
    pu1 = 0.5,
    npe = 0.5,
    npx = 0.5;
  let shadow = false;
  let nextShadow = false;
  let arrayFullW = p.arrayFullSunW;
  const isOrbit = opts.orbit.kind === "orbit";
  const start = opts.orbit.startPhase;
  const capJ = p.capacityJ;
  const accel = p.accelerators;

  const dPhase = dt / T;
  const invCapJ = 1 / capJ;
  // Outer loop: one orbit (or the part of it inside the run); inner loop: its steps, with
  // every orbit constant in a local. Step i counts for orbit floor(start + i dt / T).
  let i = 0;
  while (i < steps) {
    k = Math.floor(start + i * dPhase);
    let iEnd = Math.ceil(((k + 1 - start) * T) / dt);
    while (iEnd > i + 1 && Math.floor(start + (iEnd - 1) * dPhase) > k) iEnd--;
    while (Math.floor(start + iEnd * dPhase) <= k) iEnd++;
    if (iEnd > steps) iEnd = steps;
    g = schedule.geometryOfOrbit(k);
    const gNext = schedule.geometryOfOrbit(k + 1);
    pe = g.penumbraEntryPhase;
    px = g.penumbraExitPhase;
    pu0 = g.umbraEntryPhase;
    pu1 = g.umbraExitPhase;
    shadow = g.shadowS > 0;
    npe = gNext.penumbraEntryPhase;
    npx = gNext.penumbraExitPhase;
    nextShadow = gNext.shadowS > 0;
    arrayFullW = p.arrayFullSunW * Math.exp(p.arrayDecayPerS * i * dt);
    oTime = oShadow = oUmbra = oFull = oLevel = oCurt = oUnserved = oViol = 0;
    oMinSoc = e * invCapJ;
    oMaxTempK = tempK;
    const phase0 = start - k;
    for (let j = i; j < iEnd; j++) {
      const ph = phase0 + j * dPhase;
      let illum: number;
      if (isOrbit && (!shadow || ph < pe || ph >= px)) illum = 1;
      else illum = g.illuminationAtPhase(ph);
      let entryS: number;
      let exitS: number;
      if (shadow && ph < px) {
        entryS = ph < pe ? (pe - ph) * T : 0;
        exitS = (px - ph) * T;
      } else if (nextShadow) {
        entryS = (1 - ph + npe) * T;
        exitS = (1 - ph + npx) * T;
      } else {
        entryS = Number.POSITIVE_INFINITY;
        exitS = Number.POSITIVE_INFINITY;
      }
      const pl = levelOf(e * invCapJ, e, illum, entryS, exitS, arrayFullW, prevLevel);
      const cap = guardOn ? capOf(tempK - kelvin, prevCap, gThr, gLvl, gOff, gHyst) : 1;
      prevLevel = pl;
      prevCap = cap;
      const arrayW = arrayFullW * illum;
      const eBefore = e;
      kernel(p, e, tempK, arrayW, illum, Math.min(pl, cap), dt, out);
      e = out[0]!;
      tempK = out[1]!;
      const served = out[2]!;
      const loadW = out[3]! + out[4]!;
      const lossW = out[6]!;
      const curtW = out[7]!;
      const unservedW = out[8]!;
      inJ += arrayW * dt;
      toLoadJ += loadW * dt;
      lossesJ += lossW * dt;
      curtailedJ += curtW * dt;
      const soc = e * invCapJ;
      const violated =
        unservedW > 0 && (eBefore - p.floorJ) * p.etaDischarge < p.maxDischargeW * dt;
      // Orbit accumulators live in locals; they are folded into the totals at orbit end.
      oTime += dt;
      if (shadow && ph >= pe && ph < px) oShadow += dt;
      if (ph >= pu0 && ph < pu1) oUmbra += dt;
      if (served >= full) oFull += dt;
      oLevel += served * dt;
      if (soc < oMinSoc) oMinSoc = soc;
      if (tempK > oMaxTempK) oMaxTempK = tempK;
      oCurt += curtW * dt;
      oUnserved += unservedW * dt;
      if (violated) oViol += dt;
    }
    closeOrbit(
      total,
      keepOrbits ? perOrbit : null,
      k,
      g.betaDeg,
      accel,
      oTime,
      oShadow,
      oUmbra,
      oFull,
      oLevel,
      oMinSoc,
      oMaxTempK,
      oCurt,
      oUnserved,
      oViol,
    );
    i = iEnd;
  }
  return {
    policy: policyName,
    perOrbit,
    totals: {
      orbits: opts.orbits,
      durationS: steps * dt,
      steps,
      ...summarize(total, accel),
      energy: { inJ, toLoadJ, storedJ: e - p.initialJ, lossesJ, curtailedJ },
      finalSoc: e / capJ,
      finalTempC: tempK - KELVIN,
    },
  };
}
