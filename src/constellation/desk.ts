/**
 * The desk constellation's coordinator: several rigs (real or emulated), each a node of one
 * plane, whose work follows the Sun across them. Pure: it reads the rigs' reports (./
 * desk-types.ts, each on the rig's own orbit clock) and says each round what every rig may
 * run; the network (src/network/desk-link.ts) carries both ways. docs/constellation.md.
 *
 * A round fires once every live rig has reported since the last one: the constellation's
 * clock advances by the median of the rigs' advances (never the wall clock), the work each
 * rig delivered since (its work counter's increase) is taken off its queue, jobs arrive
 * (JobStream), and the follow-the-Sun planner (./planner.ts) moves work over the ring, as
 * the model's run does (./run.ts). Each rig's cap, its load pin, is then
 * min(its own level rounded down to a throttle level, the lowest level that clears its
 * queue in one step): the model's rule.
 *
 * A rig that stays silent while another has reported `staleReports` times, or whose session
 * says it is offline, drops out: its queue and the work on its way to it are re-planned on
 * the live rigs (WorkQueues.evacuate) and the event says so. When it reports again it
 * rejoins with an empty queue. A rig off its slot's phase by more than the tolerance is told
 * the phase to take.
 */
import { quantizeLevel } from "../node/kernel.js";
import { deskTotals, dropOutRig, median, newRig, type Rig } from "./desk-rigs.js";
import type {
  Assignment,
  DeskEvent,
  DeskNode,
  DeskOptions,
  DeskOutput,
  DeskRound,
  DeskTotals,
  MemberReport,
} from "./desk-types.js";
import { JobStream } from "./jobs.js";
import {
  emptyRoutes,
  type NodeView,
  planMigrations,
  planScratch,
  queueLevel,
  sheds,
} from "./planner.js";
import { WorkQueues } from "./queues.js";

const frac = (x: number) => x - Math.floor(x);

export class DeskCoordinator {
  readonly queues: WorkQueues;
  private readonly rigs: Rig[];
  private readonly stream: JobStream;
  private readonly view: NodeView;
  private readonly capacity: Float64Array;
  private readonly scratch;
  private readonly routes;
  private round = 0;
  /** Constellation orbit time (the rigs' median clock), s; and the first round's, where jobs start. */
  private tS = 0;
  private t0S: number | null = null;
  private idleAccelS = 0;

  constructor(readonly o: DeskOptions) {
    const n = o.ids.length;
    this.rigs = o.ids.map(newRig);
    this.queues = new WorkQueues(n);
    this.stream = new JobStream({ nodes: n, accelerators: o.accelerators, ...o.workload });
    this.view = {
      size: n,
      eclipseEntryInS: new Float64Array(n),
      socFraction: new Float64Array(n),
      tempC: new Float64Array(n),
      rateAccelSPerS: new Float64Array(n),
      heldAccelS: new Float64Array(n),
    };
    this.capacity = new Float64Array(o.topology.linkA.length);
    this.scratch = planScratch(o.topology);
    this.routes = emptyRoutes(o.topology);
  }

  /** Slot of a rig id, or -1 when it is not in the ring. */
  slotOf(rig: string): number {
    return this.o.ids.indexOf(rig);
  }

  /** Rig ids taking part now. */
  liveIds(): string[] {
    return this.rigs.filter((r) => r.live).map((r) => r.id);
  }

  /**
   * The phase slot i should have at constellation time tS: its start phase at time 0 of the
   * rigs' clocks (in one process the rigs start together, each at its slot's phase).
   */
  slotPhase(i: number, tS = this.tS): number {
    return frac(this.o.startPhases[i]! + tS / this.o.periodS);
  }

  /** A rig's report; a round when it completes one. */
  report(rig: string, r: MemberReport): DeskOutput {
    const i = this.slotOf(rig);
    const events: DeskEvent[] = [];
    if (i < 0) return { events, round: null };
    const x = this.rigs[i]!;
    const sameOrbit =
      Math.abs(r.periodS / this.o.periodS - 1) < 1e-3 &&
      Math.abs(r.timeScale / this.o.timeScale - 1) < 1e-3;
    if (!sameOrbit) {
      if (x.last?.instance !== r.instance)
        events.push({
          kind: "refused",
          rig,
          orbitS: this.tS,
          text: `${rig} left out: its orbit (period ${r.periodS.toFixed(0)} s, time scale ${r.timeScale}) is not the constellation's (${this.o.periodS.toFixed(0)} s, ${this.o.timeScale})`,
        });
      x.last = r;
      if (x.live) events.push(...this.dropOut(i, "offline"));
      return { events, round: this.tryRound() };
    }
    if (!x.live) {
      events.push({
        kind: x.seen ? "rejoin" : "join",
        rig,
        orbitS: this.tS,
        text: x.seen
          ? `${rig} is back: it rejoins the ring with an empty queue`
          : `${rig} joined the ring in slot ${i + 1} of ${this.o.ids.length}`,
      });
      x.live = true;
      x.seen = true;
      x.awaited = false;
      x.used = null;
    }
    if (x.used && x.used.instance !== r.instance) x.used = null;
    x.last = r;
    x.fresh = true;
    x.heard++;
    // Another rig has waited this long on the silent ones: they drop out (and rigs never
    // seen are no longer waited for; they join when they come).
    if (x.heard > (this.o.staleReports ?? 3))
      this.rigs.forEach((y, j) => {
        y.awaited = false;
        if (y.live && !y.fresh) events.push(...this.dropOut(j, "silent"));
      });
    return { events, round: this.tryRound() };
  }

  /** The rig's session says it is offline: it drops out now. */
  offline(rig: string): DeskOutput {
    const i = this.slotOf(rig);
    if (i < 0 || !this.rigs[i]!.live) return { events: [], round: null };
    const events = this.dropOut(i, "offline");
    return { events, round: this.tryRound() };
  }

  private dropOut(i: number, reason: "silent" | "offline"): DeskEvent[] {
    return [dropOutRig(this.rigs, i, this.queues, this.o.migration, reason, this.tS)];
  }

  private tryRound(): DeskRound | null {
    const live = this.rigs.filter((r) => r.live);
    if (live.length === 0 || live.some((r) => !r.fresh) || this.rigs.some((r) => r.awaited))
      return null;
    return this.step();
  }

  /** One round: work done, the clock, arrivals, the plan, the caps. */
  private step(): DeskRound {
    const o = this.o;
    const q = this.queues;
    const k = ++this.round;
    const advances: number[] = [];
    for (const r of this.rigs)
      if (r.live && r.used) advances.push(Math.max(0, r.last!.orbitS - r.used.orbitS));
    const dt = advances.length > 0 ? median(advances) : 0;
    if (this.t0S === null) {
      this.t0S = median(this.rigs.filter((r) => r.live).map((r) => r.last!.orbitS));
      this.tS = this.t0S;
    }
    q.deliver(k);
    const tEnd = this.tS + dt;
    this.rigs.forEach((r, i) => {
      if (!r.live || !r.used) return;
      const done = Math.max(0, r.last!.workAccelS - r.used.workAccelS);
      const ran = q.process(i, done, tEnd - this.t0S!);
      r.doneAccelS += ran;
      this.idleAccelS += done - ran;
    });
    this.tS = tEnd;
    this.arrive();
    const planDt = dt > 0 ? dt : o.nominalStepS;
    this.plan(planDt, k);
    const assignments: Assignment[] = [];
    this.rigs.forEach((r, i) => {
      if (!r.live) return;
      const rep = r.last!;
      const levels = Float64Array.from(rep.throttleLevels);
      const own = quantizeLevel(levels, rep.ownLevel);
      r.level = Math.min(own, queueLevel(levels, q.backlog[i]!, rep.accelerators * planDt));
      const want = this.slotPhase(i);
      let off = rep.phase - want;
      off -= Math.round(off);
      assignments.push({
        rig: r.id,
        slot: i,
        round: k,
        level: r.level,
        backlogAccelS: q.backlog[i]!,
        incomingAccelS: q.incomingAccelS[i]!,
        sheds: sheds(this.view, i, o.placement),
        forSeq: rep.seq,
        atOrbitS: rep.orbitS,
        alignPhase: Math.abs(off) > (o.alignToleranceOrbits ?? 0.01) ? want : null,
      });
      r.used = rep;
      r.fresh = false;
      r.heard = 0;
    });
    return {
      round: k,
      orbitS: this.tS,
      dtS: dt,
      assignments,
      routes: this.routeList(),
      nodes: this.nodes(),
      totals: this.totals(),
    };
  }

  /** Jobs that arrived by now join their rig's queue, or the least-loaded live rig's. */
  private arrive(): void {
    const q = this.queues;
    const s = this.stream;
    const sinceS = this.tS - this.t0S!;
    while (s.nextS <= sinceS) {
      let node = s.nextNode;
      if (!this.rigs[node]!.live) {
        let best = -1;
        this.rigs.forEach((r, j) => {
          if (r.live && (best < 0 || q.backlog[j]! < q.backlog[best]!)) best = j;
        });
        node = best;
      }
      q.arrive(node, s.nextS, s.nextSizeAccelS);
      s.advance();
    }
    const w = this.o.workload;
    if (w.dropLate && w.deadlineS !== null) q.dropDue(sinceS, w.deadlineS);
  }

  private plan(dt: number, k: number): void {
    const o = this.o;
    const q = this.queues;
    const v = this.view;
    const t = o.topology;
    this.rigs.forEach((r, i) => {
      const rep = r.last;
      const on = r.live && rep !== null;
      v.eclipseEntryInS[i] = on ? rep.eclipseEntryInS : 0;
      v.socFraction[i] = on ? rep.socFraction : 0;
      v.tempC[i] = on ? rep.nodeTempC : 0;
      v.rateAccelSPerS[i] = on
        ? quantizeLevel(Float64Array.from(rep.throttleLevels), rep.ownLevel) * rep.accelerators
        : 0;
      v.heldAccelS[i] = q.backlog[i]! + q.incomingAccelS[i]!;
    });
    for (let l = 0; l < t.linkA.length; l++)
      this.capacity[l] =
        this.rigs[t.linkA[l]!]!.live && this.rigs[t.linkB[l]!]!.live ? o.linkCapacityAccelSPerS : 0;
    const routes = this.routes;
    const planned = planMigrations(v, t, this.capacity, o.placement, dt, this.scratch, routes);
    if (planned === 0) routes.count = 0;
    for (let r = 0; r < routes.count; r++) {
      const delaySteps = Math.max(1, Math.ceil(routes.latencyS[r]! / dt - 1e-9));
      routes.amountAccelS[r] = q.move(
        routes.from[r]!,
        routes.to[r]!,
        routes.amountAccelS[r]!,
        k,
        delaySteps,
        o.migration.overheadFraction,
        o.migration.checkpointAccelS,
      );
    }
  }

  private routeList() {
    const r = this.routes;
    const ids = this.o.ids;
    return Array.from({ length: r.count }, (_, c) => ({
      from: ids[r.from[c]!]!,
      to: ids[r.to[c]!]!,
      amountAccelS: r.amountAccelS[c]!,
      hops: r.hops[c]!,
    }));
  }

  nodes(): DeskNode[] {
    const q = this.queues;
    return this.rigs.map((r, i) => ({
      rig: r.id,
      slot: i,
      live: r.live,
      phase: r.last?.phase ?? null,
      region: r.last?.region ?? null,
      sheds: r.live ? sheds(this.view, i, this.o.placement) : true,
      ownLevel: r.last?.ownLevel ?? 0,
      level: r.level,
      backlogAccelS: q.backlog[i]!,
      incomingAccelS: q.incomingAccelS[i]!,
      doneAccelS: r.doneAccelS,
      sentAccelS: q.sentAccelS[i]!,
      receivedAccelS: q.receivedAccelS[i]!,
    }));
  }

  totals(): DeskTotals {
    return deskTotals(this.queues, this.idleAccelS);
  }
}
