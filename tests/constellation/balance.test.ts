/**
 * Energy and work balance over the whole constellation, to 1e-9 relative: every node's
 * energy (in = load + stored + losses + curtailed), and every accelerator-second of work
 * (arrived + migration overhead = done + queued + in flight + dropped), in runs that leave
 * work in every state at the end: several planes with cross-plane links, deadlines that
 * drop jobs, load that leaves queues, and links slow enough to leave work in flight.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rigSchema } from "../../src/config/rig.js";
import {
  compareConstellation,
  prepareConstellation,
  WorkQueues,
} from "../../src/constellation/index.js";

const TOL = 1e-9;

describe("energy and work balance over a whole constellation", () => {
  const rig = rigSchema.parse({
    orbit: { preset: "starlink" },
    node: { array: { source: "model" } },
    constellation: {
      // Planes 5° apart, as in the Starlink shell, so cross-plane neighbours stay in sight.
      raanSpreadDeg: 20,
      phasingF: 1,
      links: { capacityGbps: 5, crossPlane: true, latencyS: 120 },
      workload: { loadFraction: 0.8, meanJobAccelH: 2, deadlineS: 1800, dropLate: true, seed: 7 },
    },
  });
  const c = compareConstellation(
    prepareConstellation(rig, { nodes: 40, planes: 4, orbits: 3 }),
  ).comparison;

  it.each(["constellation", "independent"] as const)("%s: energy balances", (which) => {
    const r = c[which];
    expect(r.totals.energyRelativeError).toBeLessThan(TOL);
    for (const x of r.nodes) {
      const e = x.energy;
      const err = Math.abs(e.inJ - e.toLoadJ - e.storedJ - e.lossesJ - e.curtailedJ) / e.inJ;
      expect(err).toBeLessThan(TOL);
    }
  });

  it("work balances, with work in every state at the end", () => {
    const w = c.constellation.work!;
    expect(w.relativeError).toBeLessThan(TOL);
    expect(w.droppedAccelS).toBeGreaterThan(0);
    expect(w.queuedAccelS).toBeGreaterThan(0);
    expect(w.inFlightAccelS).toBeGreaterThan(0);
    expect(w.overheadAddedAccelS).toBeGreaterThan(0);
    expect(c.constellation.jobs!.dropped).toBeGreaterThan(0);
    expect(c.constellation.totals.movedAccelH).toBeGreaterThan(0);
    expect(c.links.crossPlane).toBeGreaterThan(0);
    expect(c.independent.work!.relativeError).toBeLessThan(TOL);
  });
});

describe("work queues keep the balance under any sequence of operations", () => {
  type Op =
    | { k: "arrive"; node: number; size: number }
    | { k: "process"; node: number; amount: number }
    | { k: "move"; from: number; to: number; amount: number; delay: number }
    | { k: "drop" }
    | { k: "step" };
  const N = 4;
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      k: fc.constant("arrive" as const),
      node: fc.nat(N - 1),
      size: fc.double({ min: 0, max: 1e4, noNaN: true }),
    }),
    fc.record({
      k: fc.constant("process" as const),
      node: fc.nat(N - 1),
      amount: fc.double({ min: 0, max: 5e3, noNaN: true }),
    }),
    fc.record({
      k: fc.constant("move" as const),
      from: fc.nat(N - 1),
      to: fc.nat(N - 1),
      amount: fc.double({ min: 0, max: 5e3, noNaN: true }),
      delay: fc.integer({ min: 1, max: 20 }),
    }),
    fc.constant({ k: "drop" as const }),
    fc.constant({ k: "step" as const }),
  );

  it("arrived + overhead = done + queued + in flight + dropped", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new WorkQueues(N);
        let step = 0;
        for (const o of ops) {
          if (o.k === "arrive") q.arrive(o.node, step, o.size);
          else if (o.k === "process") q.process(o.node, o.amount, step + 1);
          else if (o.k === "move") q.move(o.from, o.to, o.amount, step, o.delay, 0.02, 30);
          else if (o.k === "drop") q.dropDue(step, 5);
          else q.deliver(++step);
          for (let n = 0; n < N; n++) expect(q.backlog[n]).toBeGreaterThan(-1e-6);
        }
        const { queuedAccelS, inFlightAccelS } = q.settle();
        const inS = q.arrivedAccelS + q.overheadAddedAccelS;
        const outS =
          q.doneUsefulAccelS +
          q.doneOverheadAccelS +
          queuedAccelS +
          inFlightAccelS +
          q.droppedAccelS;
        expect(Math.abs(inS - outS)).toBeLessThanOrEqual(TOL * Math.max(1, inS));
      }),
      { numRuns: 300 },
    );
  });

  it("a job is done when the last of its pieces is, wherever they went", () => {
    const q = new WorkQueues(3);
    const id = q.arrive(0, 0, 100);
    q.move(0, 1, 40, 0, 1, 0, 0);
    q.deliver(1);
    expect(q.process(0, 60, 2)).toBe(60);
    expect(q.jobs.state[id]).toBe(0); // 40 still at node 1
    expect(q.process(1, 100, 3)).toBe(40);
    expect(q.jobs.state[id]).toBe(1);
    expect(q.jobs.doneS[id]).toBe(3);
  });

  it("moving started work costs the checkpoint; moving queued work only the overhead fraction", () => {
    const q = new WorkQueues(2);
    q.arrive(0, 0, 100);
    q.process(0, 10, 1); // started
    q.move(0, 1, 90, 1, 1, 0.1, 30);
    expect(q.overheadAddedAccelS).toBeCloseTo(90 * 0.1 + 30, 9);
    q.arrive(0, 1, 50); // not started
    q.move(0, 1, 50, 1, 1, 0.1, 30);
    expect(q.overheadAddedAccelS).toBeCloseTo(9 + 30 + 5, 9);
  });
});
