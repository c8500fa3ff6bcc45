/**
 * stepNode: the session's entry point. State in, state out: given the node's parameters,
 * its last NodeState, the step length and this step's inputs (illumination from the
 * EclipseSchedule, the bench power or null, the scheduler's compute level, and the orbit
 * position), returns the next NodeState. Allocates one object per call; the fast paths
 * for sweeps and benchmarks are in simulate.ts and fleet.ts and share nodeKernel.
 */

import type { SunRegion } from "../orbit/types.js";
import { cellOcvV } from "./battery.js";
import { benchArrayW, K, KERNEL_OUT_SIZE, modelArrayW, nodeKernel } from "./kernel.js";
import { KELVIN, type NodeParams } from "./params.js";
import type { NodeState } from "./state.js";

export interface NodeInputs {
  /** Fraction of full sunlight at the array, 0..1 (EclipseSchedule.illumination). */
  illumination: number;
  region: SunRegion;
  /** Measured bench array power, mW; null in pure simulation (array computed from illumination). */
  benchPowerMw: number | null;
  /** Compute level the scheduler asks for, 0..1. */
  computeLevel: number;
  /**
   * Orbit number and phase this step counts for: EclipseSchedule.position(tS) at the step's
   * start (the same time as illumination). A change of orbit number closes the orbit's duty.
   */
  orbitNumber: number;
  orbitPhase: number;
}

const FULL = 1 - 1e-9;

/** The state at session start (orbit time tS, before any step). */
export function initialNodeState(
  p: NodeParams,
  tS = 0,
  orbitNumber = 0,
  orbitPhase = 0,
): NodeState {
  const soc = p.initialJ / p.capacityJ;
  return {
    tS,
    orbitNumber,
    orbitPhase,
    region: "sunlit",
    illumination: 1,
    arrayPowerW: 0,
    socFraction: soc,
    batteryWh: p.initialJ / 3600,
    batteryPowerW: 0,
    curtailedPowerW: 0,
    computeLevel: 0,
    computePowerW: 0,
    avionicsPowerW: p.avionicsW,
    nodeTempC: p.initialTempK - KELVIN,
    radiatorPowerW: 0,
    dutyThisOrbit: 0,
    dutyLastOrbit: null,
    dutySession: 0,
    workDutyThisOrbit: 0,
    workDutySession: 0,
    workAccelS: 0,
    floorViolation: false,
    unservedPowerW: 0,
    computeLevelRequested: 0,
    batteryOcvV: cellOcvV(soc) * p.cellsInSeries,
    batteryLossW: 0,
    absorbedPowerW: 0,
    thermalLimitExceeded: false,
    orbitElapsedS: 0,
    orbitFullComputeS: 0,
    orbitWorkLevelS: 0,
    sessionElapsedS: 0,
    sessionFullComputeS: 0,
    sessionWorkLevelS: 0,
    workDutyLastOrbit: null,
    energyInJ: 0,
    energyToLoadJ: 0,
    energyStoredJ: 0,
    energyLossesJ: 0,
    energyCurtailedJ: 0,
    energyUnservedJ: 0,
    floorViolationS: 0,
    sessionMinSocFraction: soc,
    sessionMaxNodeTempC: p.initialTempK - KELVIN,
  };
}

const scratch = new Float64Array(KERNEL_OUT_SIZE);

export function stepNode(p: NodeParams, s: NodeState, dtS: number, inputs: NodeInputs): NodeState {
  if (!(dtS > 0)) throw new RangeError(`stepNode: dtS must be > 0, got ${dtS}`);
  const tS = s.tS + dtS;
  const illum = Math.max(0, Math.min(1, inputs.illumination));
  const arrayW =
    inputs.benchPowerMw === null
      ? modelArrayW(p, illum, tS)
      : benchArrayW(p, inputs.benchPowerMw, tS);
  const e0 = s.batteryWh * 3600;
  const tempK0 = s.nodeTempC + KELVIN;
  nodeKernel(p, e0, tempK0, arrayW, illum, inputs.computeLevel, dtS, scratch);
  const o = scratch;
  const e1 = o[K.energyJ]!;
  const served = o[K.levelServed]!;
  const unservedW = o[K.unservedW]!;
  const floorLimited = (e0 - p.floorJ) * p.etaDischarge < p.maxDischargeW * dtS;
  const violation = unservedW > 0 && floorLimited;

  // Duty accounting; a new orbit starts when the orbit number changes.
  const newOrbit = inputs.orbitNumber !== s.orbitNumber;
  let orbitElapsedS = newOrbit ? 0 : s.orbitElapsedS;
  let orbitFullS = newOrbit ? 0 : s.orbitFullComputeS;
  let orbitWorkS = newOrbit ? 0 : s.orbitWorkLevelS;
  const dutyLastOrbit =
    newOrbit && s.orbitElapsedS > 0 ? s.orbitFullComputeS / s.orbitElapsedS : s.dutyLastOrbit;
  const workDutyLastOrbit =
    newOrbit && s.orbitElapsedS > 0 ? s.orbitWorkLevelS / s.orbitElapsedS : s.workDutyLastOrbit;
  const fullS = served >= FULL ? dtS : 0;
  orbitElapsedS += dtS;
  orbitFullS += fullS;
  orbitWorkS += served * dtS;
  const sessionElapsedS = s.sessionElapsedS + dtS;
  const sessionFullS = s.sessionFullComputeS + fullS;
  const sessionWorkS = s.sessionWorkLevelS + served * dtS;

  const loadW = o[K.computeW]! + o[K.avionicsW]!;
  const soc = e1 / p.capacityJ;
  const tempC = o[K.tempK]! - KELVIN;
  return {
    tS,
    orbitNumber: inputs.orbitNumber,
    orbitPhase: inputs.orbitPhase,
    region: inputs.region,
    illumination: illum,
    arrayPowerW: arrayW,
    socFraction: soc,
    batteryWh: e1 / 3600,
    batteryPowerW: o[K.batteryW]!,
    curtailedPowerW: o[K.curtailedW]!,
    computeLevel: o[K.levelQuantized]!,
    computePowerW: o[K.computeW]!,
    avionicsPowerW: o[K.avionicsW]!,
    nodeTempC: tempC,
    radiatorPowerW: o[K.radiatorW]!,
    dutyThisOrbit: orbitFullS / orbitElapsedS,
    dutyLastOrbit,
    dutySession: sessionFullS / sessionElapsedS,
    workDutyThisOrbit: orbitWorkS / orbitElapsedS,
    workDutySession: sessionWorkS / sessionElapsedS,
    workAccelS: s.workAccelS + served * p.accelerators * dtS,
    floorViolation: violation,
    unservedPowerW: unservedW,
    computeLevelRequested: inputs.computeLevel,
    batteryOcvV: cellOcvV(soc) * p.cellsInSeries,
    batteryLossW: o[K.lossW]!,
    absorbedPowerW: o[K.absorbedW]!,
    thermalLimitExceeded: tempC > p.maxTempC || tempC < p.minTempC,
    orbitElapsedS,
    orbitFullComputeS: orbitFullS,
    orbitWorkLevelS: orbitWorkS,
    sessionElapsedS,
    sessionFullComputeS: sessionFullS,
    sessionWorkLevelS: sessionWorkS,
    workDutyLastOrbit,
    energyInJ: s.energyInJ + arrayW * dtS,
    energyToLoadJ: s.energyToLoadJ + loadW * dtS,
    energyStoredJ: s.energyStoredJ + (e1 - e0),
    energyLossesJ: s.energyLossesJ + o[K.lossW]! * dtS,
    energyCurtailedJ: s.energyCurtailedJ + o[K.curtailedW]! * dtS,
    energyUnservedJ: s.energyUnservedJ + unservedW * dtS,
    floorViolationS: s.floorViolationS + (violation ? dtS : 0),
    sessionMinSocFraction: Math.min(s.sessionMinSocFraction, soc),
    sessionMaxNodeTempC: Math.max(s.sessionMaxNodeTempC, tempC),
  };
}
