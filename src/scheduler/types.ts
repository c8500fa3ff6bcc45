/**
 * The scheduler's view of the world. Policies are pure: level(obs, previousLevel) -> level.
 * They need nothing but these numbers, so the session, the simulator and the benchmark can
 * all feed them; the observation object may be reused between calls (policies only read it).
 */
import type { PolicyName } from "../config/schema/scheduler.js";

/** Node constants a policy plans with (from NodeParams). */
export interface PolicyContext {
  capacityJ: number;
  floorJ: number;
  etaCharge: number;
  etaDischarge: number;
  maxChargeW: number;
  /** Power drawn at compute level 0: avionics + payload idle, W. */
  baseLoadW: number;
  /** Extra power from level 0 to level 1, W. */
  computeSpanW: number;
}

export interface SchedulerObservation {
  tS: number;
  socFraction: number;
  batteryJ: number;
  nodeTempC: number;
  /** Fraction of full sun now, 0..1. */
  illumination: number;
  /** Seconds to the loss of full sun: 0 while in shadow, Infinity when no eclipse is ahead. */
  eclipseEntryInS: number;
  /** Seconds to the return of full sun: Infinity when no eclipse is ahead. */
  eclipseExitInS: number;
  /** Array output at full sun now (after age), W. */
  arrayFullSunW: number;
}

/**
 * A policy on plain numbers (the fields of SchedulerObservation it may use), for loops that
 * run millions of steps and should not write an observation object each time.
 */
export type PolicyLevelFn = (
  socFraction: number,
  batteryJ: number,
  illumination: number,
  eclipseEntryInS: number,
  eclipseExitInS: number,
  arrayFullSunW: number,
  previousLevel: number,
) => number;

export interface Policy {
  readonly name: PolicyName;
  /** Compute level 0..1 for this step. previousLevel is this policy's own last answer (0 at start). */
  level(obs: Readonly<SchedulerObservation>, previousLevel: number): number;
  /** The same decision on plain numbers. */
  readonly levelOf: PolicyLevelFn;
}

/** What a scheduler remembers between steps. */
export interface SchedulerMemory {
  /** The policy's last level, before the thermal guard. */
  policyLevel: number;
  /** The thermal guard's last cap (1 = none). */
  thermalCap: number;
}

export const INITIAL_MEMORY: SchedulerMemory = { policyLevel: 0, thermalCap: 1 };
