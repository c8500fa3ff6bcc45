/**
 * NodeState: the satellite side at one instant, as the node model computes it from the
 * bench frames (or, in pure simulation, from the orbit alone). Satellite-scale units.
 * Owned by src/node; the session, recorder, dashboard and report read it.
 */

import type { SunRegion } from "../orbit/types.js";

export interface NodeState {
  /** Orbit time since session start, seconds (bench time × timeScale). */
  tS: number;
  /** Completed orbits since session start (0 during the first). */
  orbitNumber: number;
  /** Position in the current orbit, 0..1 from the orbit's reference point (orbit noon). */
  orbitPhase: number;
  region: SunRegion;
  /** Fraction of the Sun's disc visible, 0 (umbra) to 1 (sunlit). */
  illumination: number;
  /** Array output at satellite scale. */
  arrayPowerW: number;
  /** Battery state of charge 0..1 and stored energy. */
  socFraction: number;
  batteryWh: number;
  /** Battery terminal power: positive when charging, negative when discharging. */
  batteryPowerW: number;
  /** Array power that could not be used or stored (battery full or charge-limited). */
  curtailedPowerW: number;
  /** Compute payload level 0..1 as the scheduler set it, and its power draw. */
  computeLevel: number;
  computePowerW: number;
  avionicsPowerW: number;
  /** Lumped node temperature and the heat its radiator rejects. */
  nodeTempC: number;
  radiatorPowerW: number;
  /** Duty cycle: fraction of time at full compute (time-weighted), per orbit and session. */
  dutyThisOrbit: number;
  dutyLastOrbit: number | null;
  dutySession: number;
  /** Work-weighted duty (mean compute level), this orbit and session. */
  workDutyThisOrbit: number;
  workDutySession: number;
  /** Accelerator-seconds of work delivered since session start. */
  workAccelS: number;
  /** The battery was asked to go below the depth-of-discharge floor at this step. */
  floorViolation: boolean;
  /** Load shed because the battery could not supply it (W). */
  unservedPowerW: number;

  // --- Added by the node model (issue 4); flat numbers so recordings and reports can use them.
  /** Compute level the scheduler asked for, before rounding to a throttle level and before shedding. */
  computeLevelRequested: number;
  /** Battery open-circuit pack voltage from the SoC-OCV table (docs/physics.md §6), V. */
  batteryOcvV: number;
  /** Battery losses (charge or discharge inefficiency) this step, W; they heat the node. */
  batteryLossW: number;
  /** Heat absorbed from the Sun and the Earth's IR, W. */
  absorbedPowerW: number;
  /** Node temperature outside the configured limits at this step. */
  thermalLimitExceeded: boolean;
  /** Duty-cycle accumulators: time and level-weighted time in this orbit and the session, s. */
  orbitElapsedS: number;
  orbitFullComputeS: number;
  orbitWorkLevelS: number;
  sessionElapsedS: number;
  sessionFullComputeS: number;
  sessionWorkLevelS: number;
  /** Work-weighted duty of the last completed orbit (null during the first). */
  workDutyLastOrbit: number | null;
  /** Energy bookkeeping since session start, J: in = toLoad + stored + losses + curtailed. */
  energyInJ: number;
  energyToLoadJ: number;
  energyStoredJ: number;
  energyLossesJ: number;
  energyCurtailedJ: number;
  /** Load energy that could not be served, J, and time with a floor violation, s. */
  energyUnservedJ: number;
  floorViolationS: number;
  /** Session extremes. */
  sessionMinSocFraction: number;
  sessionMaxNodeTempC: number;
}
