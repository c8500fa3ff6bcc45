import { describe, expect, it } from "vitest";
import { nodeSchema } from "../../src/config/schema/node.js";
import { orbitSchema } from "../../src/config/schema/orbit.js";
import { schedulerSchema } from "../../src/config/schema/scheduler.js";
import { nodeParams, simulate } from "../../src/node/index.js";
import { resolveOrbit } from "../../src/orbit/index.js";

describe("a node-year at 1 s steps (fast kernel)", () => {
  it("energy balances to 1e-9 relative: in = load + stored + losses + curtailed", () => {
    // Starlink shell from the March equinox, beta following the date with J2 drift, so the
    // year sees every beta from 0 to ~76 deg, eclipse seasons and full-sun stretches.
    const orbit = resolveOrbit(orbitSchema.parse({ preset: "starlink" }));
    const year = 365.25 * 86400;
    const r = simulate({
      orbit,
      node: nodeParams(nodeSchema.parse({ array: { source: "model" } })),
      scheduler: schedulerSchema.parse({ policy: "predictive" }),
      orbits: year / orbit.periodS,
      dtS: 1,
      perOrbit: false,
    });
    expect(r.totals.steps).toBe(Math.round(year));
    const e = r.totals.energy;
    const err = e.inJ - (e.toLoadJ + e.storedJ + e.lossesJ + e.curtailedJ);
    expect(Math.abs(err) / e.inJ).toBeLessThan(1e-9);
    // The year is not trivial: real losses, curtailment and a battery that cycles.
    expect(e.lossesJ / e.inJ).toBeGreaterThan(0.001);
    expect(e.curtailedJ).toBeGreaterThan(0);
    expect(r.totals.minSoc).toBeLessThan(0.5);
    expect(r.totals.floorViolationS).toBe(0);
  });
});
