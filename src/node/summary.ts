/**
 * Per-orbit and total figures of a simulation run: what `orbitrig simulate` prints. The
 * simulator keeps an orbit's accumulators in locals and folds them in here at orbit end.
 */
import type { PolicyName } from "../config/schema/scheduler.js";
import { KELVIN } from "./params.js";

export interface OrbitSummary {
  /** Counted from 1, as everywhere users see orbit numbers. */
  orbit: number;
  betaDeg: number;
  /** Time without full sun (penumbra + umbra) and in umbra, measured, min. */
  shadowMin: number;
  umbraMin: number;
  /** Fraction of time at full compute, and mean compute level. */
  duty: number;
  workDuty: number;
  workAccelH: number;
  minSoc: number;
  maxTempC: number;
  curtailedKWh: number;
  unservedKWh: number;
  floorViolationS: number;
}

export interface SimulationTotals extends Omit<OrbitSummary, "orbit" | "betaDeg"> {
  orbits: number;
  durationS: number;
  steps: number;
  /** Energy bookkeeping, J: inJ = toLoadJ + storedJ + lossesJ + curtailedJ. */
  energy: { inJ: number; toLoadJ: number; storedJ: number; lossesJ: number; curtailedJ: number };
  finalSoc: number;
  finalTempC: number;
}

export interface SimulationResult {
  policy: PolicyName;
  perOrbit: OrbitSummary[];
  totals: SimulationTotals;
}

export interface Acc {
  timeS: number;
  shadowS: number;
  umbraS: number;
  fullS: number;
  levelS: number;
  minSoc: number;
  maxTempK: number;
  curtailedJ: number;
  unservedJ: number;
  violationS: number;
}

export function newAcc(soc: number, tempK: number): Acc {
  return {
    timeS: 0,
    shadowS: 0,
    umbraS: 0,
    fullS: 0,
    levelS: 0,
    minSoc: soc,
    maxTempK: tempK,
    curtailedJ: 0,
    unservedJ: 0,
    violationS: 0,
  };
}

export function summarize(a: Acc, accelerators: number): Omit<OrbitSummary, "orbit" | "betaDeg"> {
  const t = a.timeS > 0 ? a.timeS : 1;
  return {
    shadowMin: a.shadowS / 60,
    umbraMin: a.umbraS / 60,
    duty: a.fullS / t,
    workDuty: a.levelS / t,
    workAccelH: (a.levelS * accelerators) / 3600,
    minSoc: a.minSoc,
    maxTempC: a.maxTempK - KELVIN,
    curtailedKWh: a.curtailedJ / 3.6e6,
    unservedKWh: a.unservedJ / 3.6e6,
    floorViolationS: a.violationS,
  };
}

export function merge(into: Acc, a: Acc): void {
  into.timeS += a.timeS;
  into.shadowS += a.shadowS;
  into.umbraS += a.umbraS;
  into.fullS += a.fullS;
  into.levelS += a.levelS;
  into.minSoc = Math.min(into.minSoc, a.minSoc);
  into.maxTempK = Math.max(into.maxTempK, a.maxTempK);
  into.curtailedJ += a.curtailedJ;
  into.unservedJ += a.unservedJ;
  into.violationS += a.violationS;
}

export const FULL = 1 - 1e-9;

/** Folds one orbit's accumulators into the totals (and the per-orbit list). Top level, so the loop's locals stay in registers. */
export function closeOrbit(
  total: Acc,
  perOrbit: OrbitSummary[] | null,
  k: number,
  betaDeg: number,
  accel: number,
  timeS: number,
  shadowS: number,
  umbraS: number,
  fullS: number,
  levelS: number,
  minSoc: number,
  maxTempK: number,
  curtailedJ: number,
  unservedJ: number,
  violationS: number,
): void {
  if (timeS <= 0) return;
  const a: Acc = {
    timeS,
    shadowS,
    umbraS,
    fullS,
    levelS,
    minSoc,
    maxTempK,
    curtailedJ,
    unservedJ,
    violationS,
  };
  merge(total, a);
  if (perOrbit) perOrbit.push({ orbit: k + 1, betaDeg, ...summarize(a, accel) });
}
