/**
 * The seam a desk constellation drives a rig's node through (src/rig/satellite.ts): a cap on
 * the compute level from outside that never lifts the node above its own scheduler, the
 * level that scheduler allows, and a phase alignment that moves the lamp, not orbit time.
 */
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";

function model(policy: "always-on" | "sunlit-only", startPhase = 0) {
  return SatelliteNodeModel.fromRig(
    parseRig({
      node: { array: { source: "model" } },
      orbit: { preset: "starlink", betaDeg: 0, startPhase },
      scheduler: { policy },
    }),
  );
}

/** Steps the model from t0 to t1 orbit seconds in 1 s steps; returns the last state. */
function run(m: SatelliteNodeModel, t0: number, t1: number) {
  let s = m.initial();
  for (let t = t0 + 1; t <= t1; t++) s = m.step(t, 1, null);
  return s;
}

describe("the satellite model under a constellation's cap", () => {
  it("runs the lower of the cap and its own level, and reports its own level apart", () => {
    const m = model("always-on");
    expect(run(m, 0, 10).computeLevel).toBe(1);
    m.setComputeCap(0.5);
    const capped = run(m, 10, 20);
    expect(capped.computeLevel).toBe(0.5);
    expect(m.ownComputeLevel).toBe(1);
    m.setComputeCap(0);
    expect(run(m, 20, 30).computeLevel).toBe(0);
    m.setComputeCap(null);
    expect(run(m, 30, 40).computeLevel).toBe(1);
  });

  it("a cap never raises the level above what the node's own policy allows", () => {
    // sunlit-only at mid-eclipse: the policy says 0, whatever the cap.
    const m = model("sunlit-only", 0.5);
    m.setComputeCap(1);
    const s = run(m, 0, 10);
    expect(s.region).not.toBe("sunlit");
    expect(m.ownComputeLevel).toBe(0);
    expect(s.computeLevel).toBe(0);
  });

  it("refuses a cap outside 0..1", () => {
    const m = model("always-on");
    expect(() => m.setComputeCap(1.5)).toThrow(/0 to 1/);
    expect(() => m.setComputeCap(Number.NaN)).toThrow(/0 to 1/);
  });

  it("aligns its phase the shorter way round, without moving orbit time", () => {
    const m = model("always-on", 0.1);
    const T = m.periodS;
    // Orbit 2 at phase 0.1 + 0.3; 0.95 is nearer backwards, across orbit noon.
    const t = 2.3 * T;
    m.alignPhase(t, 0.95);
    expect(m.sunAt(t).phase).toBeCloseTo(0.95, 9);
    expect(m.sunAt(t).orbitNumber).toBe(1);
    expect(m.sunAt(t + T / 2).phase).toBeCloseTo(0.45, 9);
    // Mid-eclipse at phase 0.5: from 0.95, backwards again, within the orbit.
    m.alignPhase(t, 0.5);
    expect(m.sunAt(t).region).not.toBe("sunlit");
    expect(m.sunAt(t).orbitNumber).toBe(1);
  });

  it("in the first orbit it shifts forwards rather than count orbits below zero", () => {
    const m = model("always-on", 0.05);
    m.alignPhase(0, 0.9);
    expect(m.sunAt(0).phase).toBeCloseTo(0.9, 9);
    expect(m.sunAt(0).orbitNumber).toBe(0);
    expect(() => m.alignPhase(0, 1)).toThrow(/phase/);
  });
});
