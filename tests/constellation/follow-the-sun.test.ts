/**
 * With ample links, following the Sun must not cost work and must not cost the batteries:
 * across beta 0–75°, total work delivered is at least that of the same nodes alone with the
 * same jobs, no node's battery goes below its floor, and (where there is an eclipse) the
 * batteries cycle less deeply.
 */
import { describe, expect, it } from "vitest";
import { rigSchema } from "../../src/config/rig.js";
import { compareConstellation, prepareConstellation } from "../../src/constellation/index.js";

function rigAt(betaDeg: number) {
  return rigSchema.parse({
    orbit: { preset: "starlink", betaDeg },
    node: { array: { source: "model" } },
    // Ample: 1,000 Gbps at 10 GB per accelerator-hour moves 45,000 accel-s/s, far above
    // what a node can run (72 accel-s/s).
    constellation: { links: { capacityGbps: 1000 } },
  });
}

describe.each([0, 15, 30, 45, 60, 75])("beta %i°, 22 nodes in a plane, ample links", (beta) => {
  const rig = rigAt(beta);
  const floor = rig.node.battery.floorSocFraction;
  const c = compareConstellation(
    prepareConstellation(rig, { nodes: 22, orbits: 8, loadFraction: 0.6 }),
  ).comparison;
  const a = c.constellation;
  const b = c.independent;

  it("delivers at least the work of the independent nodes", () => {
    expect(c.independentIsSame).toBe(false);
    expect(a.totals.deliveredAccelH).toBeGreaterThanOrEqual(b.totals.deliveredAccelH);
    expect(a.totals.movedAccelH).toBeGreaterThan(0);
  });

  it("no node's battery goes below its floor", () => {
    expect(a.totals.floorViolationS).toBe(0);
    expect(a.totals.unservedKWh).toBe(0);
    for (const x of a.nodes) expect(x.minSoc).toBeGreaterThanOrEqual(floor);
  });

  it("finishes no fewer jobs on time", () => {
    const onTime = (j: NonNullable<typeof a.jobs>) => j.completed - j.late;
    expect(onTime(a.jobs!)).toBeGreaterThanOrEqual(onTime(b.jobs!));
  });

  it("cycles the batteries no deeper", () => {
    expect(a.totals.meanCycleDepth).toBeLessThanOrEqual(b.totals.meanCycleDepth + 1e-9);
    if (beta <= 60) expect(a.totals.meanCycleDepth).toBeLessThan(0.8 * b.totals.meanCycleDepth);
  });
});

describe("what follow-the-Sun does that balancing alone does not", () => {
  const rig = rigAt(0);
  const run = (placement: "follow-the-sun" | "balance") =>
    compareConstellation(
      prepareConstellation(rig, { nodes: 22, orbits: 8, loadFraction: 0.4, placement }),
    ).comparison.constellation;
  const sun = run("follow-the-sun");
  const balance = run("balance");

  it("work in shadow moves to sunlit nodes, so the batteries cycle less", () => {
    expect(sun.totals.meanCycleDepth).toBeLessThan(balance.totals.meanCycleDepth);
    expect(sun.totals.movedAccelH).toBeGreaterThan(balance.totals.movedAccelH);
  });
});
