/**
 * What lessons need from `orbitrig simulate`: --set and --sweep of any numeric rig
 * parameter (several keys: a grid), --days, and --report with charts of a simulation.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseOrbits, caseRig } from "../../src/cli/actions/simulate.js";
import { loadRig } from "../../src/config/index.js";
import { nodeParams, simulate } from "../../src/node/index.js";
import { expandSweeps, parseSweep } from "../../src/node/sweep.js";
import { resolveOrbit } from "../../src/orbit/index.js";
import { writeSimulationReport } from "../../src/report/simulation.js";

const rig = loadRig("sim-starlink").config;

describe("simulate --sweep of any parameter", () => {
  it("a dotted key is a parameter axis, and two axes make a grid", () => {
    const cases = expandSweeps([
      parseSweep("node.battery.capacityWh=40000:80000:20000"),
      parseSweep("scheduler.policy=predictive,soc-hysteresis"),
    ]);
    expect(cases).toHaveLength(6);
    expect(cases[1]).toEqual({
      set: { "node.battery.capacityWh": 40000 },
      policy: "soc-hysteresis",
    });
  });

  it("each case is validated like a rig file, naming the key", () => {
    const [c] = expandSweeps([parseSweep("node.thermal.emissivity=1.5")]);
    expect(() => caseRig(rig, c!, "sim.yaml")).toThrow(
      /^sim\.yaml --sweep node\.thermal\.emissivity: .*1/,
    );
    const [d] = expandSweeps([parseSweep("node.thermal.radiatorAreaM2=300")]);
    expect(caseRig(rig, d!, "sim.yaml").node.thermal.radiatorAreaM2).toBe(300);
  });

  it("--days is a time, whatever the orbit's period", () => {
    const orbits = caseOrbits(rig, { altitudeKm: 550 }, 10, 1);
    expect(orbits * resolveOrbit({ ...rig.orbit, altitudeKm: 550 }).periodS).toBeCloseTo(86400, 6);
    expect(caseOrbits(rig, {}, 10)).toBe(10);
  });

  it("a bigger swept battery lets the predictive policy deliver more work", () => {
    const work = [40000, 160000].map((capacityWh) => {
      const r = caseRig(rig, { set: { "node.battery.capacityWh": capacityWh } }, "x");
      return simulate({
        orbit: resolveOrbit({ ...r.orbit, betaDeg: 0 }),
        node: nodeParams({ ...r.node, array: { ...r.node.array, source: "model" } }),
        scheduler: r.scheduler,
        orbits: 15,
        dtS: 10,
      }).totals.workAccelH;
    });
    expect(work[1]!).toBeGreaterThan(work[0]!);
  });
});

describe("simulate --report", () => {
  it("writes charts of the sweep, the table and cases.csv", async () => {
    const cases = expandSweeps([
      parseSweep("beta=0,60"),
      parseSweep("policy=predictive,always-on"),
    ]);
    const results = cases.map((c) =>
      simulate({
        orbit: resolveOrbit({ ...rig.orbit, betaDeg: c.betaDeg! }),
        node: nodeParams({ ...rig.node, array: { ...rig.node.array, source: "model" } }),
        scheduler: rig.scheduler,
        policy: c.policy!,
        orbits: 2,
        dtS: 10,
        perOrbit: false,
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), "simrep-"));
    await writeSimulationReport(dir, { rigName: "t", cases, results, orbits: 2, dtS: 10 });
    for (const f of [
      "report.html",
      "summary.md",
      "cases.csv",
      "duty.svg",
      "duty.png",
      "shadow.svg",
    ])
      expect(existsSync(join(dir, f))).toBe(true);
    const csv = readFileSync(join(dir, "cases.csv"), "utf8").trim().split("\r\n");
    expect(csv).toHaveLength(5);
    expect(readFileSync(join(dir, "duty.svg"), "utf8")).toContain("against beta, deg");
  }, 60_000);
});
