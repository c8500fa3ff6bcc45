/**
 * What the desk constellation's coordinator (./desk.ts) reads and writes: each rig's report
 * (what its session knows of its node), and each round's plan (the cap on every rig's
 * compute level, the routes, the events). Plain data: the network carries it as JSON
 * (src/network/payloads.ts) and tests build it by hand.
 */
import type { NodeState } from "../node/state.js";
import type { Transition } from "../orbit/schedule.js";
import type { SunRegion } from "../orbit/types.js";
import type { Topology } from "./links.js";
import type { PlacementRules } from "./planner.js";
import type { MigrationSpec, WorkloadSpec } from "./run-options.js";

/** One rig's report: its session's view of its node, on the rig's own orbit clock. */
export interface MemberReport {
  /** The rig's session: its work counter starts again with a new one. */
  instance: string;
  seq: number;
  /** Orbit seconds since the rig's session started. */
  orbitS: number;
  periodS: number;
  timeScale: number;
  /** Orbit position now, 0..1 from orbit noon. */
  phase: number;
  region: SunRegion;
  /** Seconds to the loss of full sun: 0 in shadow, Infinity when none is ahead. */
  eclipseEntryInS: number;
  socFraction: number;
  nodeTempC: number;
  /** The level the node's own policy and thermal guard allow now, 0..1 (before any cap). */
  ownLevel: number;
  /** The level it runs now (the cap and its own level, as its node served them), 0..1. */
  computeLevel: number;
  /** Work delivered since the rig's session started, accelerator-seconds. */
  workAccelS: number;
  accelerators: number;
  /** The node's throttle levels, ascending. */
  throttleLevels: readonly number[];
}

export interface DeskOptions {
  /** Rig ids in ring order: slot i is linked to slots i ± 1. */
  ids: readonly string[];
  /** Each slot's orbit phase at constellation time 0 (buildLayout's startPhase). */
  startPhases: readonly number[];
  periodS: number;
  timeScale: number;
  topology: Topology;
  /** Work one link carries per second, accel-s/s. */
  linkCapacityAccelSPerS: number;
  migration: MigrationSpec;
  placement: PlacementRules;
  workload: Omit<WorkloadSpec, "kind">;
  /** Accelerators of one node, for the job stream's rate. */
  accelerators: number;
  /** Orbit seconds between reports of a rig: the step before the first interval is known. */
  nominalStepS: number;
  /** A rig is dropped once another has reported this many times while it was silent. Default 3. */
  staleReports?: number;
  /** A rig further than this from its slot's phase, in orbits, is moved to it. Default 0.01. */
  alignToleranceOrbits?: number;
}

/** What a rig is told each round. */
export interface Assignment {
  rig: string;
  slot: number;
  round: number;
  /** The cap on the rig's compute level, 0..1 (the load pin, D10). */
  level: number;
  /** Work queued for the rig, and on its way to it, accel-s. */
  backlogAccelS: number;
  incomingAccelS: number;
  /** The rig hands its work on (shadow, low charge, heat). */
  sheds: boolean;
  /** The report this answers: its seq and the rig's orbit time then. */
  forSeq: number;
  atOrbitS: number;
  /** The phase the rig should have had at atOrbitS, when it is off its slot; else null. */
  alignPhase: number | null;
}

export type DeskEvent =
  | { kind: "join" | "rejoin"; rig: string; orbitS: number; text: string }
  | {
      kind: "drop-out";
      rig: string;
      orbitS: number;
      reason: "silent" | "offline";
      evacuatedAccelS: number;
      to: string[];
      text: string;
    }
  | { kind: "refused"; rig: string; orbitS: number; text: string };

/** A rig in a round, for the ring view. */
export interface DeskNode {
  rig: string;
  slot: number;
  live: boolean;
  phase: number | null;
  region: SunRegion | null;
  sheds: boolean;
  ownLevel: number;
  level: number;
  backlogAccelS: number;
  incomingAccelS: number;
  /** Queued work this rig has run, accel-s. */
  doneAccelS: number;
  sentAccelS: number;
  receivedAccelS: number;
}

export interface DeskRoute {
  from: string;
  to: string;
  amountAccelS: number;
  hops: number;
}

export interface DeskTotals {
  arrivedAccelS: number;
  doneUsefulAccelS: number;
  doneOverheadAccelS: number;
  overheadAddedAccelS: number;
  movedAccelS: number;
  evacuatedAccelS: number;
  droppedAccelS: number;
  queuedAccelS: number;
  inFlightAccelS: number;
  /** Work the rigs ran beyond what was queued for them (a level is a step up), accel-s. */
  idleAccelS: number;
  jobs: number;
  jobsDone: number;
}

export interface DeskRound {
  round: number;
  /** Constellation orbit time, s. */
  orbitS: number;
  dtS: number;
  assignments: Assignment[];
  routes: DeskRoute[];
  nodes: DeskNode[];
  totals: DeskTotals;
}

/** What a report or a status change brought about: events, and a round once one is complete. */
export interface DeskOutput {
  events: DeskEvent[];
  round: DeskRound | null;
}

/** A rig's report from its node state and its orbit's next sunlit/shadow change. */
export function memberReport(o: {
  instance: string;
  seq: number;
  orbitS: number;
  node: NodeState;
  next: Transition | null;
  ownLevel: number;
  periodS: number;
  timeScale: number;
  accelerators: number;
  throttleLevels: ArrayLike<number>;
}): MemberReport {
  const n = o.node;
  return {
    instance: o.instance,
    seq: o.seq,
    orbitS: o.orbitS,
    periodS: o.periodS,
    timeScale: o.timeScale,
    phase: n.orbitPhase,
    region: n.region,
    eclipseEntryInS:
      o.next === null ? Number.POSITIVE_INFINITY : o.next.kind === "eclipse-entry" ? o.next.inS : 0,
    socFraction: n.socFraction,
    nodeTempC: n.nodeTempC,
    ownLevel: o.ownLevel,
    computeLevel: n.computeLevel,
    workAccelS: n.workAccelS,
    accelerators: o.accelerators,
    throttleLevels: Array.from(o.throttleLevels),
  };
}
