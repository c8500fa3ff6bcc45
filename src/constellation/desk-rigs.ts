/**
 * The desk coordinator's (./desk.ts) bookkeeping: what it keeps of each rig, the median of
 * the rigs' clocks, a rig dropping out (its work re-planned on the live rigs), and the totals of a round (the work balance: arrived + overhead added =
 * done + queued + in flight + dropped).
 */
import type { DeskEvent, DeskTotals, MemberReport } from "./desk-types.js";
import { JOB_DONE } from "./jobs.js";
import type { WorkQueues } from "./queues.js";
import type { MigrationSpec } from "./run-options.js";

export interface Rig {
  id: string;
  live: boolean;
  seen: boolean;
  /** Not seen yet, and still waited for: the first round waits for the whole ring. */
  awaited: boolean;
  last: MemberReport | null;
  /** The latest report has not been used in a round yet. */
  fresh: boolean;
  /** Reports since the last round (a rig that waits on a silent one counts up). */
  heard: number;
  /** The report used at the last round (clock and work counter), or null after (re)joining. */
  used: MemberReport | null;
  level: number;
  doneAccelS: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A rig of the ring before it has reported. */
export function newRig(id: string): Rig {
  return {
    id,
    live: false,
    seen: false,
    awaited: true,
    last: null,
    fresh: false,
    heard: 0,
    used: null,
    level: 0,
    doneAccelS: 0,
  };
}

export function deskTotals(q: WorkQueues, idleAccelS: number): DeskTotals {
  let queued = 0;
  let inFlight = 0;
  for (let i = 0; i < q.size; i++) {
    queued += q.backlog[i]!;
    inFlight += q.incomingAccelS[i]!;
  }
  let done = 0;
  for (let j = 0; j < q.jobs.count; j++) if (q.jobs.state[j] === JOB_DONE) done++;
  return {
    arrivedAccelS: q.arrivedAccelS,
    doneUsefulAccelS: q.doneUsefulAccelS,
    doneOverheadAccelS: q.doneOverheadAccelS,
    overheadAddedAccelS: q.overheadAddedAccelS,
    movedAccelS: q.movedAccelS,
    evacuatedAccelS: q.evacuatedAccelS,
    droppedAccelS: q.droppedAccelS,
    queuedAccelS: queued,
    inFlightAccelS: inFlight,
    idleAccelS,
    jobs: q.jobs.count,
    jobsDone: done,
  };
}

/**
 * Rig i leaves the ring: its queue and the work on its way to it go to the live rigs, each
 * piece to the one holding least (paying the migration's overhead), and the event says so.
 */
export function dropOutRig(
  rigs: Rig[],
  i: number,
  q: WorkQueues,
  migration: MigrationSpec,
  reason: "silent" | "offline",
  orbitS: number,
): DeskEvent {
  const x = rigs[i]!;
  x.live = false;
  x.fresh = false;
  x.used = null;
  x.level = 0;
  const targets = rigs.map((y, j) => (y.live ? j : -1)).filter((j) => j >= 0);
  const to = new Set<string>();
  let evacuated = 0;
  if (targets.length > 0) {
    const choose = () => {
      let best = targets[0]!;
      for (const j of targets)
        if (q.backlog[j]! + q.incomingAccelS[j]! < q.backlog[best]! + q.incomingAccelS[best]!)
          best = j;
      to.add(rigs[best]!.id);
      return best;
    };
    evacuated = q.evacuate(i, choose, migration.overheadFraction, migration.checkpointAccelS);
  }
  const accelH = (evacuated / 3600).toFixed(1);
  return {
    kind: "drop-out",
    rig: x.id,
    orbitS,
    reason,
    evacuatedAccelS: evacuated,
    to: [...to],
    text:
      `${x.id} dropped out (${reason === "silent" ? "no report" : "offline"}): ` +
      (targets.length === 0
        ? "no rig left to take its work"
        : `its ${accelH} accel-h re-planned on ${to.size > 0 ? [...to].join(", ") : "the others (it held none)"}`),
  };
}
