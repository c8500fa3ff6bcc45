/**
 * Node and orbit parameters changed while the model runs (a lesson's `set` step, a
 * teacher's command): the new values act from the next step, the battery's energy and the
 * orbit's phase carry over (src/rig/live-change.ts), and the energy balance still holds.
 */
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";

function model(extra: Record<string, unknown> = {}) {
  return SatelliteNodeModel.fromRig(
    parseRig({
      orbit: { preset: "starlink", betaDeg: 0 },
      node: { array: { source: "model" } },
      scheduler: { policy: "always-on" },
      ...extra,
    }),
  );
}

/** Steps the model dt by dt from t0 to exactly t1 (a short last step); returns the last state. */
function runTo(m: SatelliteNodeModel, t0: number, t1: number, dtS = 5) {
  let s = m.initial();
  let t = t0;
  while (t < t1) {
    const next = Math.min(t1, t + dtS);
    s = m.step(next, next - t, null);
    t = next;
  }
  return s;
}

function balanceError(s: ReturnType<SatelliteNodeModel["initial"]>): number {
  const out = s.energyToLoadJ + s.energyStoredJ + s.energyLossesJ + s.energyCurtailedJ;
  return Math.abs(s.energyInJ - out) / Math.max(1, s.energyInJ);
}

/** Seconds not in full sun between t0 and t1, stepping the model. */
function shadowS(m: SatelliteNodeModel, t0: number, t1: number, dtS = 1): number {
  let n = 0;
  for (let t = t0 + dtS; t <= t1 + 1e-9; t += dtS)
    if (m.step(t, dtS, null).region !== "sunlit") n += dtS;
  return n;
}

describe("battery capacity changed live", () => {
  it("keeps the stored Wh: twice the capacity halves the SoC, and the balance holds", () => {
    const m = model();
    const before = runTo(m, 0, 1000);
    m.setParameter("node.battery.capacityWh", 160_000);
    const after = m.initial();
    expect(after.batteryWh).toBe(before.batteryWh);
    expect(after.socFraction).toBeCloseTo(before.socFraction / 2, 12);
    expect(m.params.capacityJ).toBe(160_000 * 3600);
    const later = runTo(m, 1000, 8000);
    expect(balanceError(later)).toBeLessThan(1e-9);
  });

  it("a smaller battery than the energy stored loses the excess as a counted loss", () => {
    const m = model();
    const before = runTo(m, 0, 100);
    expect(before.batteryWh).toBeGreaterThan(20_000);
    m.setParameter("node.battery.capacityWh", 20_000);
    const after = m.initial();
    expect(after.batteryWh).toBe(20_000);
    expect(after.socFraction).toBe(1);
    expect(after.energyLossesJ - before.energyLossesJ).toBeCloseTo(
      (before.batteryWh - 20_000) * 3600,
      3,
    );
    expect(balanceError(runTo(m, 100, 6000))).toBeLessThan(1e-9);
  });

  it("a bigger radiator cools the node from where it was (temperature carried over)", () => {
    const hot = model();
    const cool = model();
    runTo(hot, 0, 3000);
    const t = runTo(cool, 0, 3000).nodeTempC;
    cool.setParameter("node.thermal.radiatorAreaM2", 400);
    expect(cool.initial().nodeTempC).toBe(t);
    expect(runTo(cool, 3000, 6000).nodeTempC).toBeLessThan(runTo(hot, 3000, 6000).nodeTempC - 5);
  });
});

describe("orbit changed live", () => {
  it("beta: the orbit number and phase go on; the next eclipses are those of the new beta", () => {
    const m = model();
    const T = m.periodS;
    runTo(m, 0, T);
    const p = m.sunAt(T);
    m.setParameter("orbit.betaDeg", 60);
    expect(m.sunAt(T)).toMatchObject({ orbitNumber: p.orbitNumber, phase: p.phase });
    const at60 = shadowS(m, T, 2 * T);
    m.setParameter("orbit.betaDeg", 0);
    const at0 = shadowS(m, 2 * T, 3 * T);
    m.setParameter("orbit.betaDeg", 75); // past the critical beta of 550 km (about 67 degrees)
    const at75 = shadowS(m, 3 * T, 4 * T);
    expect(at0).toBeGreaterThan(at60 + 5 * 60);
    expect(at60).toBeGreaterThan(0);
    expect(at75).toBe(0);
  });

  it("altitude: a new period from now on, the phase unchanged at the moment of the change", () => {
    const m = model();
    const T550 = m.periodS;
    runTo(m, 0, 0.3 * T550, 1);
    const p = m.sunAt(0.3 * T550);
    m.setParameter("orbit.altitudeKm", 400);
    const T400 = m.periodS;
    expect(T400).toBeLessThan(T550 - 100);
    expect(m.sunAt(0.3 * T550).phase).toBeCloseTo(p.phase, 9);
    expect(m.sunAt(0.3 * T550 + 0.5 * T400).phase).toBeCloseTo(p.phase + 0.5, 9);
  });

  it("null removes an override: beta follows the date again", () => {
    const m = model();
    m.setParameter("orbit.betaDeg", null);
    expect(m.orbit.fixedBetaDeg).toBeNull();
  });
});

describe("what cannot change, and why", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["orbit.timeScale", 60, /^orbit\.timeScale cannot change during a session/],
    ["orbit.startPhase", 0.5, /^orbit\.startPhase only says where a session starts/],
    ["node.battery.initialSocFraction", 0.5, /carries on/],
    ["node.battery.capacityWh", -5, /^node\.battery\.capacityWh: /],
    ["node.battery.bogus", 1, /^node\.battery\.bogus: no such parameter$/],
    ["orbit.betaDeg", 120, /^orbit\.betaDeg: /],
    ["safety.maxLampOnS", 5, /only orbit\.\*, node\.\* and scheduler\.\*/],
    ["node", 5, /only orbit\.\*, node\.\* and scheduler\.\*/],
  ];
  it.each(cases)("%s = %s is refused", (key, value, reason) => {
    const m = model();
    const before = m.initial();
    expect(() => m.setParameter(key, value)).toThrow(reason);
    expect(m.initial()).toBe(before);
  });

  it("a model built without its rig sections can change its scheduler only", () => {
    const m0 = model();
    const m = new SatelliteNodeModel(m0.orbit, m0.params, parseRig({}).scheduler);
    expect(() => m.setParameter("node.battery.capacityWh", 1000)).toThrow(/only scheduler\.\*/);
    m.setParameter("scheduler.socLowFraction", 0.5);
  });
});
