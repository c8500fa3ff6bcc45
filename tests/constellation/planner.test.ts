/**
 * The follow-the-Sun planner on small hand-made constellations: who sheds, who receives,
 * how far work goes, and what limits it (link capacity, the receiver's spare, the minimum
 * move). A ring of 6 nodes unless said otherwise.
 */
import { describe, expect, it } from "vitest";
import { orbitSchema } from "../../src/config/schema/orbit.js";
import {
  buildLayout,
  buildTopology,
  emptyRoutes,
  keepAccelS,
  type NodeView,
  type PlacementRules,
  planMigrations,
  planScratch,
  queueLevel,
  sheds,
  type Topology,
} from "../../src/constellation/index.js";

function ring(n: number): Topology {
  const layout = buildLayout({
    orbit: orbitSchema.parse({ preset: "starlink", betaDeg: 0 }),
    nodes: n,
    planes: 1,
    raanSpreadDeg: 360,
    phasingF: 0,
  });
  return buildTopology(layout, { crossPlane: false, planesRing: true });
}

const RULES: PlacementRules = {
  mode: "follow-the-sun",
  horizonS: 100,
  lowSocFraction: 0.5,
  hotAboveC: 75,
  minMoveAccelS: 1,
};

/** Nodes sunlit (eclipse far away), charged, cool, rate 10 accel-s/s, holding nothing. */
function view(n: number): NodeView {
  return {
    size: n,
    eclipseEntryInS: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    socFraction: new Float64Array(n).fill(0.9),
    tempC: new Float64Array(n).fill(40),
    rateAccelSPerS: new Float64Array(n).fill(10),
    heldAccelS: new Float64Array(n),
  };
}

function plan(v: NodeView, t: Topology, capacity: number, rules = RULES, dtS = 1) {
  const routes = emptyRoutes(t);
  const total = planMigrations(
    v,
    t,
    new Float64Array(t.linkA.length).fill(capacity),
    rules,
    dtS,
    planScratch(t),
    routes,
  );
  const list = Array.from({ length: routes.count }, (_, i) => ({
    from: routes.from[i],
    to: routes.to[i],
    amount: routes.amountAccelS[i],
    hops: routes.hops[i],
  }));
  return { total, list, routes };
}

describe("who sheds and what a node keeps", () => {
  it.each([
    ["in shadow", { eclipseEntryInS: 0 }, true],
    ["low on charge", { socFraction: 0.45 }, true],
    ["hot", { tempC: 80 }, true],
    ["sunlit, charged and cool", {}, false],
  ] as const)("a node %s sheds: %s", (_name, change, expected) => {
    const v = view(1);
    for (const [k, x] of Object.entries(change)) (v[k as keyof NodeView] as Float64Array)[0] = x;
    expect(sheds(v, 0, RULES)).toBe(expected);
    expect(sheds(v, 0, { ...RULES, mode: "balance" })).toBe(false);
  });

  it("a sunlit node keeps what it can run in the horizon, or before its eclipse if sooner", () => {
    const v = view(2);
    v.eclipseEntryInS[1] = 30;
    expect(keepAccelS(v, 0, RULES)).toBe(10 * 100);
    expect(keepAccelS(v, 1, RULES)).toBe(10 * 30);
  });
});

describe("routes", () => {
  it("a node in shadow sends its work to the nearest node with spare, end to end", () => {
    const t = ring(6);
    const v = view(6);
    // Nodes 0..2 in shadow; node 1 holds work; nodes 3..5 sunlit and idle.
    for (const i of [0, 1, 2]) v.eclipseEntryInS[i] = 0;
    v.heldAccelS[1] = 500;
    const { list, total } = plan(v, t, 1e6);
    // Node 1's nearest receivers are 5 (via 0) and 3 (via 2), both two hops away; ties go
    // to the lower index, which the search reached first.
    expect(list).toEqual([{ from: 1, to: 3, amount: 500, hops: 2 }]);
    expect(total).toBe(500);
  });

  it("links of zero capacity move nothing", () => {
    const t = ring(6);
    const v = view(6);
    v.eclipseEntryInS[0] = 0;
    v.heldAccelS[0] = 500;
    expect(plan(v, t, 0).total).toBe(0);
  });

  it("a link carries at most its capacity × dt, on every hop of a route", () => {
    const t = ring(6);
    const v = view(6);
    v.eclipseEntryInS[0] = 0;
    v.heldAccelS[0] = 500;
    const { total, routes } = plan(v, t, 40, RULES, 2);
    expect(total).toBe(80);
    for (const x of routes.linkLoadAccelS) expect(x).toBeLessThanOrEqual(80);
  });

  it("a receiver takes no more than its spare", () => {
    const t = ring(3);
    const v = view(3);
    v.eclipseEntryInS[0] = 0;
    v.eclipseEntryInS[2] = 0;
    v.heldAccelS[0] = 5000;
    v.heldAccelS[2] = 5000;
    v.heldAccelS[1] = 700; // keeps 1000: spare 300
    const { total, list } = plan(v, t, 1e6);
    expect(total).toBe(300);
    expect(list.every((r) => r.to === 1)).toBe(true);
  });

  it("nodes with work to spare but no neighbour with spare keep it", () => {
    const t = ring(4);
    const v = view(4);
    v.heldAccelS.fill(5000); // everyone over the horizon
    expect(plan(v, t, 1e6).total).toBe(0);
  });

  it("a path too slow for the minimum in one step moves a full step of its capacity", () => {
    const t = ring(4);
    const v = view(4);
    v.eclipseEntryInS[0] = 0;
    v.heldAccelS[0] = 500;
    expect(plan(v, t, 40, { ...RULES, minMoveAccelS: 100 }).total).toBe(40);
    v.heldAccelS[0] = 30; // less than a step of the link: not worth it
    expect(plan(v, t, 40, { ...RULES, minMoveAccelS: 100 }).total).toBe(0);
  });

  it("moves smaller than the minimum are not made", () => {
    const t = ring(4);
    const v = view(4);
    v.eclipseEntryInS[0] = 0;
    v.heldAccelS[0] = 50;
    expect(plan(v, t, 1e6, { ...RULES, minMoveAccelS: 100 }).total).toBe(0);
    expect(plan(v, t, 1e6, { ...RULES, minMoveAccelS: 10 }).total).toBe(50);
  });

  it("balancing alone moves only what a node cannot run in the horizon", () => {
    const t = ring(4);
    const v = view(4);
    v.eclipseEntryInS[0] = 0;
    v.heldAccelS[0] = 1500; // rate 10 × horizon 100 = 1000 kept
    const r = plan(v, t, 1e6, { ...RULES, mode: "balance" });
    expect(r.total).toBe(500);
    // Following the Sun, the node in shadow sheds all it holds, one route a step: this step
    // all the spare of its nearest receiver (rate 10 × horizon 100).
    expect(plan(v, t, 1e6).list).toEqual([{ from: 0, to: 1, amount: 1000, hops: 1 }]);
  });

  it("the same view gives the same plan", () => {
    const t = ring(8);
    const v = view(8);
    for (let i = 0; i < 8; i++) {
      v.eclipseEntryInS[i] = i % 3 === 0 ? 0 : 200;
      v.heldAccelS[i] = 137 * i;
    }
    expect(plan(v, t, 300).list).toEqual(plan(v, t, 300).list);
  });
});

describe("the level a node asks for to run its queue", () => {
  const levels = Float64Array.from([0, 0.25, 0.5, 0.75, 1]);
  it.each([
    [0, 0],
    [1, 0.25],
    [18, 0.25],
    [18.5, 0.5],
    [54, 0.75],
    [60, 1],
    [1e6, 1],
  ])("%d accel-s queued, 72 accel-s a step at full compute: level %d", (backlog, level) => {
    expect(queueLevel(levels, backlog, 72)).toBe(level);
  });
});

describe("topology", () => {
  it.each([
    [1, 0],
    [2, 1],
    [3, 3],
    [22, 22],
  ])("a plane of %i nodes has %i in-plane links", (n, links) => {
    expect(ring(n).linkA.length).toBe(links);
  });

  it("in-plane neighbours are a chord 2a sin(pi/S) apart, at light-time latency", () => {
    const t = ring(22);
    const a = 6378.137 + 550;
    const chord = 2 * a * Math.sin(Math.PI / 22);
    for (let l = 0; l < t.linkA.length; l++) {
      expect(t.lengthKm[l]).toBeCloseTo(chord, 6);
      expect(t.latencyS[l]).toBeCloseTo(chord / 299792.458, 12);
    }
  });
});
