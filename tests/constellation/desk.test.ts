/**
 * The desk constellation's coordinator (src/constellation/desk.ts) in a closed loop with
 * three real satellite models (./desk-sim.ts): slots phased by a third of an orbit, work
 * that leaves the rig in shadow for the sunlit ones, the caps the load pins show, the
 * clock from the rigs' reports, drop-out and rejoin, and the work balance.
 */
import { describe, expect, it } from "vitest";
import { type DeskCoordinator, queueLevel } from "../../src/constellation/index.js";
import { quantizeLevel } from "../../src/node/kernel.js";
import { balanceError, deskSim } from "./desk-sim.js";

const ALWAYS_ON = { scheduler: { policy: "always-on" } };
/** Three nodes at 40 % of their accelerators: the two sunlit ones can carry the third's work. */
const LOAD = { loadFraction: 0.4 };

/** Work each rig did while out of full sun, accel-s, over a run of durationS. */
function shadowWork(sim: ReturnType<typeof deskSim>, durationS: number): number {
  let w = 0;
  for (let s = 0; s < durationS; s += 10) {
    const before = sim.rigs.map((r) => r.node.workAccelS);
    sim.run(10);
    sim.rigs.forEach((r, i) => {
      if (r.node.region !== "sunlit") w += r.node.workAccelS - before[i]!;
    });
  }
  return w;
}

describe("the desk constellation's coordinator", () => {
  it("phases the slots a third of an orbit apart and fires a round once every rig has reported", () => {
    const sim = deskSim();
    const p = sim.opts.startPhases;
    expect((p[1]! - p[0]! + 1) % 1).toBeCloseTo(1 / 3, 12);
    expect((p[2]! - p[1]! + 1) % 1).toBeCloseTo(1 / 3, 12);
    sim.run(10);
    // Each rig reported once; the first round waited for the whole ring.
    expect(sim.rounds).toHaveLength(1);
    expect(sim.rounds[0]!.assignments.map((a) => a.rig)).toEqual(["desk-1", "desk-2", "desk-3"]);
    expect(sim.events.map((e) => e.kind)).toEqual(["join", "join", "join"]);
    // The rigs start on their slots: nobody is told to move.
    expect(sim.rounds[0]!.assignments.every((a) => a.alignPhase === null)).toBe(true);
  });

  it("runs on the rigs' clock: each round advances by the median of their advances", () => {
    const sim = deskSim();
    sim.run(300);
    const r = sim.rounds;
    expect(r).toHaveLength(30);
    expect(r.slice(1).every((x) => x.dtS === 10)).toBe(true);
    expect(r.at(-1)!.orbitS - r[0]!.orbitS).toBe(290);
  });

  it("moves work from the rig in shadow to the sunlit ones; the caps follow the queues", () => {
    const T = 5736;
    const sim = deskSim({ rig: ALWAYS_ON, request: LOAD });
    const alone = deskSim({ rig: ALWAYS_ON, request: { ...LOAD, linkGbps: 0 } });
    const inShadow = shadowWork(sim, 2 * T);
    const inShadowAlone = shadowWork(alone, 2 * T);
    // Alone, an always-on rig runs its queue through the eclipse on its battery; in the ring
    // that work runs on the sunlit rigs' arrays instead.
    expect(inShadowAlone).toBeGreaterThan(0);
    expect(inShadow).toBeLessThan(0.6 * inShadowAlone);
    const t = sim.coordinator.totals();
    expect(t.movedAccelS).toBeGreaterThan(0.2 * t.arrivedAccelS);
    expect(t.doneUsefulAccelS).toBeGreaterThanOrEqual(alone.coordinator.totals().doneUsefulAccelS);
    let routes = 0;
    let fromShadowAccelS = 0;
    let movedAccelS = 0;
    for (const round of sim.rounds) {
      const node = new Map(round.nodes.map((n) => [n.rig, n]));
      for (const route of round.routes) {
        routes++;
        movedAccelS += route.amountAccelS;
        // Work goes only to a sunlit rig that does not shed; it leaves rigs that shed (in
        // shadow here: the rigs stay charged and cool), or that hold more than they can run
        // before their own eclipse comes.
        expect(node.get(route.to)!.sheds).toBe(false);
        expect(node.get(route.to)!.region).toBe("sunlit");
        if (node.get(route.from)!.sheds) fromShadowAccelS += route.amountAccelS;
      }
      const levels = Float64Array.from([0, 0.25, 0.5, 0.75, 1]);
      const stepAccelS = 72 * (round.dtS > 0 ? round.dtS : 10);
      for (const a of round.assignments) {
        // The cap: the lowest throttle level that clears the queue in one step, never above
        // what the rig's own policy allows.
        const own = quantizeLevel(levels, node.get(a.rig)!.ownLevel);
        expect(a.level).toBe(Math.min(own, queueLevel(levels, a.backlogAccelS, stepAccelS)));
      }
    }
    expect(routes).toBeGreaterThan(20);
    // The rest leaves sunlit rigs whose eclipse comes within the horizon.
    expect(fromShadowAccelS).toBeGreaterThan(0.2 * movedAccelS);
    expect(balanceError(sim.coordinator)).toBeLessThan(1e-9);
  });

  it("a silent rig drops out: its work is re-planned on the others; it rejoins empty and is moved to its slot", () => {
    const sim = deskSim({ rig: ALWAYS_ON });
    const held = (c: DeskCoordinator, i: number) =>
      c.queues.backlog[i]! + c.queues.incomingAccelS[i]!;
    sim.run(2000);
    // Until desk-2 holds work (it is sunlit and took some).
    for (let k = 0; k < 600 && held(sim.coordinator, 1) === 0; k++) sim.run(10);
    sim.rigs[1]!.alive = false;
    const heldBefore = held(sim.coordinator, 1);
    // Two bench seconds at 6 reports a second: the others report 12 times, then it is out.
    sim.run(200);
    const drop = sim.events.find((e) => e.kind === "drop-out");
    expect(drop).toMatchObject({ rig: "desk-2", reason: "silent" });
    if (drop?.kind !== "drop-out") throw new Error("no drop-out");
    // desk-2 had queued work at the last round before it fell silent.
    expect(heldBefore).toBeGreaterThan(0);
    expect(drop.evacuatedAccelS).toBeGreaterThan(0);
    expect(drop.to.every((id) => id !== "desk-2")).toBe(true);
    expect(held(sim.coordinator, 1)).toBe(0);
    expect(sim.coordinator.liveIds()).toEqual(["desk-1", "desk-3"]);
    // Rounds go on without it; jobs that land on its slot go to a live rig.
    const n = sim.rounds.length;
    sim.run(500);
    expect(sim.rounds.length).toBeGreaterThan(n + 40);
    expect(sim.rounds.at(-1)!.assignments.map((a) => a.rig)).toEqual(["desk-1", "desk-3"]);
    expect(held(sim.coordinator, 1)).toBe(0);
    expect(balanceError(sim.coordinator)).toBeLessThan(1e-9);
    // Back: its clock stood still for 600 s, so it is off its slot and told where to be.
    sim.rigs[1]!.alive = true;
    sim.run(20);
    expect(sim.events.filter((e) => e.kind === "rejoin").map((e) => e.rig)).toEqual(["desk-2"]);
    const back = sim.rounds.find((r) =>
      r.assignments.some((a) => a.rig === "desk-2" && a.round > n),
    );
    const a = back!.assignments.find((x) => x.rig === "desk-2")!;
    expect(a.alignPhase).not.toBeNull();
    const slotNow = sim.coordinator.slotPhase(1, back!.orbitS);
    expect(a.alignPhase).toBeCloseTo(slotNow, 9);
    sim.run(20);
    const r2 = sim.rigs[1]!;
    const off = r2.node.orbitPhase - sim.coordinator.slotPhase(1);
    expect(Math.abs(off - Math.round(off))).toBeLessThan(0.01);
  });

  it("a rig whose session goes offline drops out at once", () => {
    const sim = deskSim();
    sim.run(100);
    sim.take(sim.coordinator.offline("desk-3"));
    expect(sim.events.at(-1)).toMatchObject({ kind: "drop-out", rig: "desk-3", reason: "offline" });
    sim.rigs[2]!.alive = false;
    const n = sim.rounds.length;
    sim.run(100);
    // No wait for the rig that said goodbye.
    expect(sim.rounds.length).toBe(n + 10);
  });

  it("a rig on another orbit is left out, with the reason", () => {
    const sim = deskSim();
    sim.run(10);
    const r = sim.rounds[0]!.assignments[0]!;
    expect(r.rig).toBe("desk-1");
    const out = sim.coordinator.report("desk-2", {
      instance: "other",
      seq: 0,
      orbitS: 0,
      periodS: 5400,
      timeScale: 60,
      phase: 0,
      region: "sunlit",
      eclipseEntryInS: 100,
      socFraction: 1,
      nodeTempC: 20,
      ownLevel: 1,
      computeLevel: 1,
      workAccelS: 0,
      accelerators: 72,
      throttleLevels: [0, 1],
    });
    expect(out.events[0]).toMatchObject({ kind: "refused", rig: "desk-2" });
    expect(out.events[0]!.text).toMatch(/period 5400 s.*not the constellation's/);
    expect(sim.coordinator.liveIds()).toEqual(["desk-1", "desk-3"]);
  });
});
