import { describe, expect, it } from "vitest";
import { nodeSchema } from "../../src/config/schema/node.js";
import { orbitSchema } from "../../src/config/schema/orbit.js";
import { type PolicyName, schedulerSchema } from "../../src/config/schema/scheduler.js";
import {
  initialNodeState,
  nodeParams,
  type SimulationResult,
  simulate,
  stepNode,
} from "../../src/node/index.js";
import { EclipseSchedule, resolveOrbit } from "../../src/orbit/index.js";
import {
  INITIAL_MEMORY,
  policyContext,
  Scheduler,
  type SchedulerObservation,
  socHysteresis,
  thermalCap,
} from "../../src/scheduler/index.js";

const node = nodeParams(nodeSchema.parse({ array: { source: "model" } }));
const config = schedulerSchema.parse({});
const betas = Array.from({ length: 16 }, (_, i) => i * 5);

function run(policy: PolicyName, betaDeg: number, orbits: number): SimulationResult {
  return simulate({
    orbit: resolveOrbit(orbitSchema.parse({ preset: "starlink", betaDeg })),
    node,
    scheduler: config,
    policy,
    orbits,
    dtS: 10,
    perOrbit: false,
  });
}

describe("1000-orbit runs across beta 0..75 (10 s steps)", () => {
  const results = new Map<string, SimulationResult>();
  for (const beta of betas) {
    for (const policy of ["soc-hysteresis", "predictive"] as const)
      results.set(`${policy}@${beta}`, run(policy, beta, 1000));
  }

  it.each(betas)(
    "beta %d: soc-hysteresis and predictive never take the battery below its floor",
    (beta) => {
      for (const policy of ["soc-hysteresis", "predictive"]) {
        const t = results.get(`${policy}@${beta}`)!.totals;
        expect(t.floorViolationS, policy).toBe(0);
        expect(t.unservedKWh, policy).toBe(0);
        expect(t.minSoc, policy).toBeGreaterThanOrEqual(0.4 - 1e-9);
      }
    },
  );

  it.each(betas)("beta %d: predictive delivers at least as much work as soc-hysteresis", (beta) => {
    const pred = results.get(`predictive@${beta}`)!.totals.workAccelH;
    const hyst = results.get(`soc-hysteresis@${beta}`)!.totals.workAccelH;
    expect(pred).toBeGreaterThanOrEqual(hyst);
  });

  it("always-on does hit the floor at low beta (the check above can fail)", () => {
    expect(run("always-on", 0, 50).totals.floorViolationS).toBeGreaterThan(0);
  });

  it("duty is measured: sunlit-only's duty equals the measured full-sun fraction", () => {
    const r = run("sunlit-only", 30, 20);
    const period = resolveOrbit(orbitSchema.parse({ preset: "starlink" })).periodS;
    expect(r.totals.duty).toBeCloseTo(1 - (r.totals.shadowMin * 60) / (20 * period), 2);
  });
});

describe("policies", () => {
  const obs = (o: Partial<SchedulerObservation>): SchedulerObservation => ({
    tS: 0,
    socFraction: 0.5,
    batteryJ: 0.5 * node.capacityJ,
    nodeTempC: 20,
    illumination: 1,
    eclipseEntryInS: 1000,
    eclipseExitInS: 3000,
    arrayFullSunW: node.arrayFullSunW,
    ...o,
  });

  it("soc-hysteresis: on at or above high, off at or below low, holds in between", () => {
    const p = socHysteresis(0.85, 0.6);
    expect(p.level(obs({ socFraction: 0.7 }), 0)).toBe(0);
    expect(p.level(obs({ socFraction: 0.7 }), 1)).toBe(1);
    expect(p.level(obs({ socFraction: 0.85 }), 0)).toBe(1);
    expect(p.level(obs({ socFraction: 0.6 }), 1)).toBe(0);
  });

  it("predictive, in eclipse: spends what is above floor + margin evenly until exit", () => {
    const s = new Scheduler(schedulerSchema.parse({ policy: "predictive" }), policyContext(node));
    const ctx = s.context;
    const tExit = 1800;
    const batteryJ =
      ctx.floorJ +
      0.02 * ctx.capacityJ +
      ((ctx.baseLoadW + 0.5 * ctx.computeSpanW) * tExit) / ctx.etaDischarge;
    const d = s.decide(
      obs({ batteryJ, illumination: 0, eclipseEntryInS: 0, eclipseExitInS: tExit }),
      INITIAL_MEMORY,
    );
    expect(d.level).toBeCloseTo(0.5, 9);
  });

  it("predictive, in sun: full compute when the surplus still charges enough for the eclipse", () => {
    const s = new Scheduler(schedulerSchema.parse({ policy: "predictive" }), policyContext(node));
    expect(s.decide(obs({ batteryJ: 0.8 * node.capacityJ }), INITIAL_MEMORY).level).toBe(1);
    // At the floor, 5 min before a 35-min eclipse: the battery needs more than it can take,
    // so it gets its full charge power and compute runs on what is left.
    const ctx = s.context;
    const low = s.decide(
      obs({ batteryJ: node.floorJ, eclipseEntryInS: 300, eclipseExitInS: 2400 }),
      INITIAL_MEMORY,
    );
    expect(low.level).toBeCloseTo(
      (node.arrayFullSunW - ctx.baseLoadW - ctx.maxChargeW) / ctx.computeSpanW,
      9,
    );
    // Enough charge already for the eclipse at idle: the sun level rises with the spare energy.
    const spare = s.decide(
      obs({ batteryJ: 0.7 * node.capacityJ, eclipseEntryInS: 300, eclipseExitInS: 2400 }),
      INITIAL_MEMORY,
    );
    expect(spare.level).toBeGreaterThan(low.level);
  });

  it("thermal guard throttles above its threshold, stops above the off threshold, and lifts with hysteresis", () => {
    const g = schedulerSchema.parse({}).thermalGuard; // 80 / 0.5 / 85 / 3
    expect(thermalCap(g, 70, 1)).toBe(1);
    expect(thermalCap(g, 80, 1)).toBe(0.5);
    expect(thermalCap(g, 78, 0.5)).toBe(0.5);
    expect(thermalCap(g, 76.9, 0.5)).toBe(1);
    expect(thermalCap(g, 85, 0.5)).toBe(0);
    expect(thermalCap(g, 83, 0)).toBe(0);
    expect(thermalCap(g, 81, 0)).toBe(0.5);
    const s = new Scheduler(schedulerSchema.parse({ policy: "always-on" }), policyContext(node));
    expect(s.decide(obs({ nodeTempC: 81 }), INITIAL_MEMORY)).toEqual({
      level: 0.5,
      memory: { policyLevel: 1, thermalCap: 0.5 },
    });
    expect(thermalCap({ ...g, enabled: false }, 200, 1)).toBe(1);
  });

  it("the rig section rejects socLowFraction >= socHighFraction, naming the field", () => {
    const r = schedulerSchema.safeParse({ socLowFraction: 0.9, socHighFraction: 0.8 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["socLowFraction"]);
  });
});

describe("1000 orbits with beta drifting across its range (J2, from the March equinox, 1 s steps)", () => {
  it.each(["soc-hysteresis", "predictive"] as const)(
    "%s never takes the battery below its floor",
    (policy) => {
      const orbit = resolveOrbit(orbitSchema.parse({ preset: "starlink" }));
      const r = simulate({ orbit, node, scheduler: config, policy, orbits: 1000, dtS: 1 });
      const betas = r.perOrbit.map((o) => Math.abs(o.betaDeg));
      expect(Math.min(...betas)).toBeLessThan(2);
      expect(Math.max(...betas)).toBeGreaterThan(70);
      expect(r.totals.floorViolationS).toBe(0);
      expect(r.totals.minSoc).toBeGreaterThanOrEqual(0.4 - 1e-9);
    },
  );
});

describe("predictive, step by step through the session API", () => {
  it("the battery reaches the floor (plus margin) at eclipse exit, not before, orbit after orbit", () => {
    const schedule = new EclipseSchedule(
      resolveOrbit(orbitSchema.parse({ preset: "starlink", betaDeg: 10 })),
    );
    const sched = new Scheduler(
      schedulerSchema.parse({ policy: "predictive" }),
      policyContext(node),
    );
    let memory = INITIAL_MEMORY;
    let s = initialNodeState(node);
    const dt = 5;
    const atExit: number[] = [];
    let wasShadow = false;
    let minInShadow = 1;
    for (let t = 0; t < 8 * schedule.periodS; t += dt) {
      const w = schedule.nextEclipse(t);
      const d = sched.decide(
        {
          tS: t,
          socFraction: s.socFraction,
          batteryJ: s.batteryWh * 3600,
          nodeTempC: s.nodeTempC,
          illumination: schedule.illumination(t),
          eclipseEntryInS: w ? w.entryInS : Number.POSITIVE_INFINITY,
          eclipseExitInS: w ? w.exitInS : Number.POSITIVE_INFINITY,
          arrayFullSunW: node.arrayFullSunW,
        },
        memory,
      );
      memory = d.memory;
      const pos = schedule.position(t);
      const region = schedule.region(t);
      s = stepNode(node, s, dt, {
        illumination: schedule.illumination(t),
        region,
        benchPowerMw: null,
        computeLevel: d.level,
        orbitNumber: pos.orbitNumber,
        orbitPhase: pos.phase,
      });
      const shadow = region !== "sunlit";
      if (shadow) minInShadow = Math.min(minInShadow, s.socFraction);
      if (wasShadow && !shadow) {
        atExit.push(s.socFraction);
        // The lowest SoC of the eclipse is at its exit (within one step's draw).
        expect(minInShadow).toBeGreaterThan(s.socFraction - 0.002);
        minInShadow = 1;
      }
      wasShadow = shadow;
    }
    expect(atExit.length).toBeGreaterThanOrEqual(7);
    // After the first orbit (which starts from 0.9 SoC), every eclipse ends just above floor + margin.
    for (const soc of atExit.slice(1)) {
      expect(soc).toBeGreaterThanOrEqual(0.4 + 0.02 - 1e-6);
      expect(soc).toBeLessThan(0.4 + 0.02 + 0.03);
    }
    expect(s.floorViolationS).toBe(0);
  });
});
