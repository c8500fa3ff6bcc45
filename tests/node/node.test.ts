import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeSchema } from "../../src/config/schema/node.js";
import {
  cellOcvV,
  createFleet,
  initialNodeState,
  KELVIN,
  type NodeInputs,
  type NodeParams,
  type NodeState,
  nodeParams,
  socFromOcv,
  steadyStateTempK,
  stepFleet,
  stepNode,
} from "../../src/node/index.js";

const params = (over: Record<string, unknown> = {}): NodeParams =>
  nodeParams(nodeSchema.parse({ array: { source: "model" }, ...over }));

const sunny = (level: number, orbitNumber = 0): NodeInputs => ({
  illumination: 1,
  region: "sunlit",
  benchPowerMw: null,
  computeLevel: level,
  orbitNumber,
  orbitPhase: 0,
});

function run(
  p: NodeParams,
  s: NodeState,
  steps: number,
  dtS: number,
  inputs: (i: number) => NodeInputs,
): NodeState {
  let x = s;
  for (let i = 0; i < steps; i++) x = stepNode(p, x, dtS, inputs(i));
  return x;
}

describe("thermal", () => {
  it.each([0, 0.5, 1])(
    "steady state at level %d equals the analytic radiator balance within 0.1 K",
    (level) => {
      const p = params();
      const s = run(p, initialNodeState(p), 3000, 60, () => sunny(level));
      // Heat in: served load, battery losses, absorbed Sun and Earth IR.
      const q = s.computePowerW + s.avionicsPowerW + s.batteryLossW + s.absorbedPowerW;
      const analyticK = steadyStateTempK(p, q);
      expect(Math.abs(s.nodeTempC + KELVIN - analyticK)).toBeLessThan(0.1);
      expect(Math.abs(s.radiatorPowerW - q) / q).toBeLessThan(1e-3);
    },
  );

  it("the node cools in eclipse with compute off and warms at full compute", () => {
    const p = params();
    const hot = run(p, initialNodeState(p), 200, 60, () => sunny(1));
    const dark: NodeInputs = { ...sunny(0), illumination: 0, region: "umbra" };
    const cooled = run(p, hot, 30, 60, () => dark);
    expect(cooled.nodeTempC).toBeLessThan(hot.nodeTempC - 5);
  });
});

describe("battery", () => {
  it("SoC-OCV table of docs/physics.md §6 and its inverse", () => {
    expect(cellOcvV(0)).toBe(2.5);
    expect(cellOcvV(0.5)).toBeCloseTo(3.74, 9);
    expect(cellOcvV(1)).toBe(4.2);
    expect(cellOcvV(0.55)).toBeCloseTo((3.74 + 3.836) / 2, 9);
    for (const soc of [0.03, 0.27, 0.5, 0.81, 0.99])
      expect(socFromOcv(cellOcvV(soc))).toBeCloseTo(soc, 9);
  });

  it("charges at most at the power limit, tapers near full, never passes full, reports curtailed power", () => {
    const p = params({ battery: { initialSocFraction: 0.5 } });
    let s = stepNode(p, initialNodeState(p), 1, sunny(0));
    expect(s.batteryPowerW).toBeCloseTo(p.maxChargeW, 6); // surplus ~130 kW > 60 kW limit
    expect(s.curtailedPowerW).toBeCloseTo(
      s.arrayPowerW - s.computePowerW - s.avionicsPowerW - p.maxChargeW,
      6,
    );
    s = run(p, s, 3000, 1, () => sunny(0));
    expect(s.socFraction).toBeGreaterThan(0.9);
    expect(s.batteryPowerW).toBeLessThan(p.maxChargeW * 0.99); // taper above 0.9 SoC
    s = run(p, s, 20000, 1, () => sunny(0));
    expect(s.socFraction).toBeLessThanOrEqual(1 + 1e-12);
    expect(s.curtailedPowerW).toBeGreaterThan(
      0.99 * (s.arrayPowerW - s.computePowerW - s.avionicsPowerW),
    );
  });

  it("never goes below the floor: load is shed and the step is marked as a floor violation", () => {
    const p = params({ battery: { initialSocFraction: 0.45 } });
    const dark: NodeInputs = { ...sunny(1), illumination: 0, region: "umbra" };
    const s = run(p, initialNodeState(p), 600, 1, () => dark);
    expect(s.socFraction).toBeGreaterThan(0.4 - 1e-9);
    expect(s.floorViolation).toBe(true);
    expect(s.unservedPowerW).toBeGreaterThan(0);
    expect(s.floorViolationS).toBeGreaterThan(0);
  });
});

describe("array", () => {
  it("bench mode: P_sat = P_nominal x P_bench / P_bench_fullsun", () => {
    const p = nodeParams(nodeSchema.parse({ array: { source: "bench", nominalPowerW: 150_000 } }), {
      fullSunBenchMw: 400,
    });
    const s = stepNode(p, initialNodeState(p), 1, { ...sunny(0), benchPowerMw: 100 });
    expect(s.arrayPowerW).toBeCloseTo(37_500, 3);
  });

  it("bench mode without a calibrated full-sun reference is refused", () => {
    const p = nodeParams(nodeSchema.parse({}), { fullSunBenchMw: null });
    expect(() => stepNode(p, initialNodeState(p), 1, { ...sunny(0), benchPowerMw: 100 })).toThrow(
      /fullSunBenchMw/,
    );
  });

  it("model mode: area x flux x efficiency x temperature factor; ages by the yearly degradation", () => {
    const p = params({
      array: {
        source: "model",
        areaM2: 100,
        efficiency: 0.3,
        tempCoeffPerC: -0.002,
        cellTempC: 78,
      },
    });
    expect(p.arrayFullSunW).toBeCloseTo(100 * 1361 * 0.3 * (1 - 0.002 * 50), 6);
    const old = params({ array: { source: "model", ageYears: 5 } });
    expect(old.arrayFullSunW / params().arrayFullSunW).toBeCloseTo(0.993 ** 5, 9);
  });
});

describe("duty accounting", () => {
  it("time-weighted and work-weighted duty, per orbit and session; last orbit closes at the orbit change", () => {
    const p = params();
    const levels = [1, 0.5, 0];
    let s = initialNodeState(p);
    s = run(p, s, 300, 1, (i) => sunny(levels[i % 3]!, 0));
    expect(s.dutyThisOrbit).toBeCloseTo(1 / 3, 9);
    expect(s.workDutyThisOrbit).toBeCloseTo(0.5, 9);
    expect(s.dutyLastOrbit).toBeNull();
    s = stepNode(p, s, 1, sunny(1, 1));
    expect(s.dutyLastOrbit).toBeCloseTo(1 / 3, 9);
    expect(s.workDutyLastOrbit).toBeCloseTo(0.5, 9);
    expect(s.dutyThisOrbit).toBe(1);
    expect(s.dutySession).toBeCloseTo(101 / 301, 9);
    expect(s.workAccelS).toBeCloseTo((150 + 1) * p.accelerators, 6);
  });

  it("a request between throttle levels runs at the level below", () => {
    const p = params();
    const s = stepNode(p, initialNodeState(p), 1, sunny(0.6));
    expect(s.computeLevel).toBe(0.5);
    expect(s.computePowerW).toBeCloseTo(
      p.computeIdleW + 0.5 * (p.computeFullW - p.computeIdleW),
      6,
    );
  });
});

describe("energy bookkeeping", () => {
  it("stepNode balances at every step: in = load + stored + losses + curtailed", () => {
    const p = params({ battery: { initialSocFraction: 0.6 } });
    let s = initialNodeState(p);
    for (let i = 0; i < 5000; i++) {
      const il = (i % 1000) / 1000 < 0.35 ? 0 : 1;
      s = stepNode(p, s, 1, { ...sunny(i % 7 === 0 ? 0 : 1), illumination: il });
      const err =
        s.energyInJ - (s.energyToLoadJ + s.energyStoredJ + s.energyLossesJ + s.energyCurtailedJ);
      // Relative to the energy that went through the bus (in is 0 during a first step in eclipse).
      expect(Math.abs(err)).toBeLessThanOrEqual(1e-9 * (s.energyInJ + s.energyToLoadJ));
    }
  });
});

describe("fleet kernel", () => {
  it("matches stepNode node by node", () => {
    const p = params({ battery: { initialSocFraction: 0.7 } });
    const n = 4;
    const f = createFleet(p, n);
    const states = Array.from({ length: n }, () => initialNodeState(p));
    const arr = new Float64Array(n);
    const ill = new Float64Array(n);
    const lvl = new Float64Array(n);
    for (let step = 0; step < 500; step++) {
      for (let i = 0; i < n; i++) {
        ill[i] = ((step + 125 * i) % 500) / 500 < 0.4 ? 0 : 1;
        lvl[i] = [1, 0.75, 0.25, 0][i]!;
        arr[i] = p.arrayFullSunW * Math.exp(p.arrayDecayPerS * (step + 1)) * ill[i]!;
        states[i] = stepNode(p, states[i]!, 1, { ...sunny(lvl[i]!), illumination: ill[i]! });
      }
      stepFleet(p, f, 1, arr, ill, lvl);
    }
    for (let i = 0; i < n; i++) {
      expect(f.energyJ[i]!).toBeCloseTo(states[i]!.batteryWh * 3600, 3);
      expect(f.tempK[i]! - KELVIN).toBeCloseTo(states[i]!.nodeTempC, 9);
      expect(f.workAccelS[i]!).toBeCloseTo(states[i]!.workAccelS, 6);
    }
  });
});

describe("energy bookkeeping, any inputs (property)", () => {
  it("balances for random illumination, levels, step lengths and start states", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 15, max: 70, noNaN: true }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0.01, max: 120, noNaN: true }),
          ),
          { minLength: 1, maxLength: 200 },
        ),
        (soc, tempC, steps) => {
          const p = params({
            battery: { initialSocFraction: soc },
            thermal: { initialTempC: tempC },
          });
          let s = initialNodeState(p);
          for (const [illum, level, dt] of steps) {
            s = stepNode(p, s, dt, { ...sunny(level), illumination: illum });
            expect(s.socFraction).toBeLessThanOrEqual(1 + 1e-12);
            expect(s.socFraction).toBeGreaterThanOrEqual(Math.min(soc, 0.4) - 1e-9);
          }
          const err =
            s.energyInJ -
            (s.energyToLoadJ + s.energyStoredJ + s.energyLossesJ + s.energyCurtailedJ);
          expect(Math.abs(err)).toBeLessThanOrEqual(1e-9 * (s.energyInJ + s.energyToLoadJ + 1));
        },
      ),
      { numRuns: 100 },
    );
  });
});
