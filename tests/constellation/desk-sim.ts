/**
 * A desk constellation without boards or network, for the coordinator's tests: each rig is
 * the real satellite model (src/rig/satellite.ts, array from the orbit) at its slot's phase,
 * stepped one orbit second at a time; every `reportEveryS` it reports (memberReport), and
 * each round's caps and phases are applied to the models, as the network's member does.
 */
import { parseRig } from "../../src/config/index.js";
import {
  type Assignment,
  DeskCoordinator,
  type DeskEvent,
  type DeskRequest,
  type DeskRound,
  deskOptions,
  memberReport,
} from "../../src/constellation/index.js";
import type { NodeState } from "../../src/node/state.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";

export interface SimRig {
  id: string;
  model: SatelliteNodeModel;
  node: NodeState;
  seq: number;
  /** Steps while false: the rig is silent (a desk switched off). */
  alive: boolean;
  /** Orbit seconds of the rig's own clock. */
  tS: number;
  instance: string;
  caps: { tS: number; level: number }[];
}

export function deskSim(
  o: {
    rig?: Record<string, unknown>;
    ids?: string[];
    reportEveryS?: number;
    request?: Partial<DeskRequest>;
  } = {},
) {
  const rigConfig = parseRig({
    node: { array: { source: "model" } },
    orbit: { preset: "starlink", betaDeg: 0, timeScale: 60 },
    scheduler: { policy: "sunlit-only" },
    ...o.rig,
  });
  const ids = o.ids ?? ["desk-1", "desk-2", "desk-3"];
  const every = o.reportEveryS ?? 10;
  const opts = deskOptions(rigConfig, {
    ids,
    reportHz: rigConfig.orbit.timeScale / every,
    ...o.request,
  });
  const coordinator = new DeskCoordinator(opts);
  const rigs: SimRig[] = ids.map((id, i) => {
    const model = SatelliteNodeModel.fromRig({
      ...rigConfig,
      orbit: { ...rigConfig.orbit, startPhase: opts.startPhases[i]! },
    });
    return {
      id,
      model,
      node: model.initial(),
      seq: 0,
      alive: true,
      tS: 0,
      instance: `${id}-1`,
      caps: [],
    };
  });
  const rounds: DeskRound[] = [];
  const events: DeskEvent[] = [];
  const apply = (a: Assignment) => {
    const r = rigs.find((x) => x.id === a.rig)!;
    r.model.setComputeCap(a.level);
    r.caps.push({ tS: r.tS, level: a.level });
    if (a.alignPhase !== null) r.model.alignPhase(a.atOrbitS, a.alignPhase);
  };
  const take = (out: { events: DeskEvent[]; round: DeskRound | null }) => {
    events.push(...out.events);
    if (out.round) {
      rounds.push(out.round);
      for (const a of out.round.assignments) apply(a);
    }
  };
  /** Runs every live rig for durationS orbit seconds in 1 s steps. */
  const run = (durationS: number) => {
    for (let s = 0; s < durationS; s++)
      for (const r of rigs) {
        if (!r.alive) continue;
        r.tS += 1;
        r.node = r.model.step(r.tS, 1, null);
        if (r.tS % every !== 0) continue;
        const report = memberReport({
          instance: r.instance,
          seq: r.seq++,
          orbitS: r.tS,
          node: r.node,
          next: r.model.nextTransition(r.tS),
          ownLevel: r.model.ownComputeLevel,
          periodS: r.model.periodS,
          timeScale: r.model.timeScale,
          accelerators: r.model.params.accelerators,
          throttleLevels: r.model.params.throttleLevels,
        });
        take(coordinator.report(r.id, report));
      }
  };
  return { coordinator, opts, rigs, rounds, events, run, take };
}

/** arrived + overhead added = done + queued + in flight + dropped, relative error. */
export function balanceError(c: DeskCoordinator): number {
  const t = c.totals();
  const lhs = t.arrivedAccelS + t.overheadAddedAccelS;
  const rhs =
    t.doneUsefulAccelS + t.doneOverheadAccelS + t.queuedAccelS + t.inFlightAccelS + t.droppedAccelS;
  return Math.abs(lhs - rhs) / Math.max(1, lhs);
}
