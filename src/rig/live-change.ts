/**
 * What a live change of a node or orbit parameter does to a model that is already running
 * (a lesson's `set` step, a teacher's command): the new parameters take effect from the
 * next step, and the state the node has built up carries over. docs/lessons.md ("Live
 * changes") lists the rules for people; they are:
 *
 * - Battery capacity: the stored energy (Wh) is kept, so the SoC is the same Wh over the
 *   new capacity (a bigger battery starts emptier, as when empty cells are added). Energy
 *   above a smaller new capacity is removed and counted as a loss, so the energy balance
 *   (in = load + stored + losses + curtailed) still holds.
 * - Every other node parameter (array, payload, avionics, radiator, efficiencies, limits,
 *   floor): the battery's Wh and the node's temperature carry over unchanged; duty, work
 *   and energy counters go on.
 * - Orbit parameters: the eclipse schedule is rebuilt from the current orbit time so the
 *   orbit number and phase go on where they were (a new period changes how fast the phase
 *   advances from now on, not where it is). A beta that follows the date is read at the
 *   orbit's own time, which a new period shifts by (orbit number × change of period).
 * - Refused: the fields that only say where a session starts (orbit.startPhase, the
 *   battery's initial SoC, the initial temperature) and orbit.timeScale, the bench-to-orbit
 *   clock: changing it would make orbit time jump.
 */

import { cellOcvV } from "../node/battery.js";
import type { NodeParams } from "../node/params.js";
import type { NodeState } from "../node/state.js";
import { EclipseSchedule, type ResolvedOrbit } from "../orbit/index.js";

/** Keys that cannot change while a model runs, with the reason given. */
export const FIXED_WHILE_RUNNING: Readonly<Record<string, string>> = {
  "orbit.timeScale":
    "cannot change during a session: it maps bench time to orbit time, which would jump (start a new session)",
  "orbit.startPhase": "only says where a session starts; the orbit goes on from where it is",
  "node.battery.initialSocFraction":
    "only sets the charge at session start; the battery's charge carries on",
  "node.thermal.initialTempC":
    "only sets the temperature at session start; the node's temperature carries on",
};

/** The node's state under new parameters (the rules above); the old state is not changed. */
export function carryNodeState(next: NodeParams, s: NodeState): NodeState {
  const capacityWh = next.capacityJ / 3600;
  let batteryWh = s.batteryWh;
  let lossesJ = s.energyLossesJ;
  let storedJ = s.energyStoredJ;
  if (batteryWh > capacityWh) {
    const removedJ = (batteryWh - capacityWh) * 3600;
    lossesJ += removedJ;
    storedJ -= removedJ;
    batteryWh = capacityWh;
  }
  const soc = batteryWh / capacityWh;
  return {
    ...s,
    batteryWh,
    socFraction: soc,
    batteryOcvV: cellOcvV(soc) * next.cellsInSeries,
    energyLossesJ: lossesJ,
    energyStoredJ: storedJ,
    sessionMinSocFraction: Math.min(s.sessionMinSocFraction, soc),
  };
}

/**
 * A schedule for the new orbit whose absolute phase at orbit time tS is the old schedule's:
 * startPhase' + (tS + offset') / T' = startPhase + (tS + offset) / T.
 */
export function rebasedSchedule(
  old: EclipseSchedule,
  orbit: ResolvedOrbit,
  tS: number,
): EclipseSchedule {
  const phase = old.absolutePhase(tS);
  return new EclipseSchedule(orbit, (phase - orbit.startPhase) * orbit.periodS - tS);
}
