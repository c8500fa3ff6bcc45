/**
 * The node's physics for one step, on plain numbers: bus power balance (array, load,
 * battery with efficiencies, power limits, charge taper, DoD floor), load shedding,
 * and the lumped thermal balance
 *   C dT/dt = Q_compute + Q_avionics + Q_battery_losses + Q_absorbed - eps sigma A (T^4 - T_sink^4),
 * integrated with a linearised backward-Euler step (stable for any dt, and its fixed point
 * is exactly the radiator balance). stepNode, the single-node runner and the fleet kernel
 * all call this one function, so they cannot disagree.
 *
 * Energy bookkeeping, per step (J): arrayIn = toLoad + stored + losses + curtailed, where
 * stored is the change of battery energy (negative when discharging).
 */
import type { NodeParams } from "./params.js";

/** Indices into the scratch array the kernel writes. */
export const K = {
  energyJ: 0,
  tempK: 1,
  levelServed: 2,
  computeW: 3,
  avionicsW: 4,
  batteryW: 5,
  lossW: 6,
  curtailedW: 7,
  unservedW: 8,
  radiatorW: 9,
  absorbedW: 10,
  levelQuantized: 11,
} as const;
export const KERNEL_OUT_SIZE = 12;

/** Highest throttle level <= requested (the lowest level if none is). */
export function quantizeLevel(levels: Float64Array, requested: number): number {
  let q = levels[0]!;
  for (let i = 1; i < levels.length; i++) {
    const l = levels[i]!;
    if (l <= requested + 1e-12) q = l;
    else break;
  }
  return q;
}

/**
 * One step. energyJ and tempK are the state; arrayW is the array power available this
 * step; illumination scales absorbed solar heat; requested is the scheduler's level.
 * Writes the new state and the step's flows into out (indices K).
 */
export function nodeKernel(
  p: NodeParams,
  energyJ: number,
  tempK: number,
  arrayW: number,
  illumination: number,
  requested: number,
  dtS: number,
  out: Float64Array,
): void {
  const levels = p.throttleLevels;
  const span = p.computeFullW - p.computeIdleW;
  const level = quantizeLevel(levels, requested);
  let computeW = p.computeIdleW + level * span;
  let avionicsW = p.avionicsW;
  let served = level;
  const requestedLoadW = computeW + avionicsW;

  // What the battery can give at its terminals this step without passing the floor.
  // Divisions are the slow part of this step: one reciprocal of dt, and reciprocals of
  // constants precomputed in NodeParams.
  const invDt = 1 / dtS;
  const aboveFloorJ = energyJ - p.floorJ;
  const floorLimitW = aboveFloorJ > 0 ? aboveFloorJ * p.etaDischarge * invDt : 0;
  const dischargeCapW = Math.min(floorLimitW, p.maxDischargeW);
  const supplyW = arrayW + dischargeCapW;
  if (requestedLoadW > supplyW) {
    // Shed compute first (down to the highest level that fits, then the payload off), then avionics.
    const allowW = supplyW - avionicsW;
    if (allowW >= p.computeIdleW) {
      served = quantizeLevel(levels, (allowW - p.computeIdleW) / span);
      if (p.computeIdleW + served * span > allowW) served = 0; // lowest level > 0 does not fit
      computeW = p.computeIdleW + served * span;
      if (computeW > allowW) computeW = 0;
    } else {
      served = 0;
      computeW = 0;
      if (allowW < 0) avionicsW = supplyW;
    }
  }
  const loadW = computeW + avionicsW;
  const netW = arrayW - loadW;
  let batteryW: number; // terminal power, + charging
  let lossW: number;
  let curtailedW = 0;
  let e = energyJ;
  if (netW >= 0) {
    let limitW = p.maxChargeW;
    if (e > p.taperStartJ) limitW *= (p.capacityJ - e) * p.invTaperSpanJ;
    const roomW = (p.capacityJ - e) * p.invEtaCharge * invDt;
    if (roomW < limitW) limitW = roomW;
    if (limitW < 0) limitW = 0;
    batteryW = Math.min(netW, limitW);
    curtailedW = netW - batteryW;
    lossW = batteryW * (1 - p.etaCharge);
    e += batteryW * p.etaCharge * dtS;
  } else {
    const drawW = -netW; // at the terminals
    const internalW = drawW * p.invEtaDischarge;
    lossW = internalW - drawW;
    batteryW = netW;
    e -= internalW * dtS;
  }

  // Thermal: all electrical power used on board and the battery's losses end as heat.
  const absorbedW = p.absorbedSolarFullW * illumination + p.absorbedIrW;
  const qInW = loadW + lossW + absorbedW;
  const t2 = tempK * tempK;
  const radW = p.epsSigmaA * (t2 * t2 - p.sinkK4);
  const dRadDT = 4 * p.epsSigmaA * t2 * tempK;
  const tNew = tempK + (dtS * (qInW - radW)) / (p.heatCapJPerK + dtS * dRadDT);
  const tn2 = tNew * tNew;

  out[0] = e;
  out[1] = tNew;
  out[2] = served;
  out[3] = computeW;
  out[4] = avionicsW;
  out[5] = batteryW;
  out[6] = lossW;
  out[7] = curtailedW;
  out[8] = requestedLoadW - loadW;
  out[9] = p.epsSigmaA * (tn2 * tn2 - p.sinkK4);
  out[10] = absorbedW;
  out[11] = level;
}

/** Array power available at orbit time tS for a given illumination ("model" mode), W. */
export function modelArrayW(p: NodeParams, illumination: number, tS: number): number {
  return p.arrayFullSunW * Math.exp(p.arrayDecayPerS * tS) * illumination;
}

/** Array power from a bench reading ("bench" mode): P_nominal x P_bench / P_bench_fullsun, W. */
export function benchArrayW(p: NodeParams, benchPowerMw: number, tS: number): number {
  if (p.benchFullSunMw === null || !(p.benchFullSunMw > 0)) {
    throw new RangeError("node.array.source is 'bench' but calibration.fullSunBenchMw is not set");
  }
  return (
    (p.arrayFullSunW * Math.exp(p.arrayDecayPerS * tS) * Math.max(0, benchPowerMw)) /
    p.benchFullSunMw
  );
}
