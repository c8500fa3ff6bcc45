import { describe, expect, it } from "vitest";
import { formatSingle, formatSweep } from "../../src/cli/actions/simulate.js";
import { parseRig } from "../../src/config/index.js";
import { nodeParams, simulate } from "../../src/node/index.js";
import { expandSweeps, parseSweep, SweepSpecError } from "../../src/node/sweep.js";
import { resolveOrbit } from "../../src/orbit/index.js";

describe("--sweep parsing", () => {
  it.each([
    ["beta=0:75:5", 16, 0, 75],
    ["beta=0:10:2.5", 5, 0, 10],
    ["beta=10,20,30", 3, 10, 30],
    ["altitude=400,550", 2, 400, 550],
  ])("%s gives %d values from %d to %d", (spec, n, first, last) => {
    const axis = parseSweep(spec);
    expect(axis.values.length).toBe(n);
    expect(axis.values[0]).toBe(first);
    expect(axis.values.at(-1)).toBe(last);
  });

  it("policies, and the Cartesian product of axes", () => {
    const cases = expandSweeps([
      parseSweep("beta=0:10:5"),
      parseSweep("policy=predictive,soc-hysteresis"),
    ]);
    expect(cases).toHaveLength(6);
    expect(cases[1]).toEqual({ betaDeg: 0, policy: "soc-hysteresis" });
  });

  it.each([
    "beta",
    "beta=5:0:1",
    "beta=0:10:0",
    "beta=a,b",
    "beta=0:100:10",
    "policy=fast",
    "colour=red",
    "altitude=-5",
  ])("rejects %s with a message naming it", (spec) => {
    expect(() => parseSweep(spec)).toThrow(SweepSpecError);
  });
});

describe("simulate output", () => {
  const rig = parseRig({ name: "t", orbit: { betaDeg: 10 }, node: { array: { source: "model" } } });
  const run = (policy: "predictive" | "soc-hysteresis") =>
    simulate({
      orbit: resolveOrbit(rig.orbit),
      node: nodeParams(rig.node),
      scheduler: rig.scheduler,
      policy,
      orbits: 3,
      dtS: 5,
    });

  it("prints one row per orbit, a total row, and the energy balance", () => {
    const text = formatSingle("t", run("predictive"), 3, 5);
    const lines = text.trim().split("\n");
    expect(lines[1]).toMatch(/^orbit\s+beta\s+shadow min\s+duty %/);
    // Orbits counted from 1, as on the dashboard, in the CSV and in report.
    const rows = lines.filter((l) => /^\s+\d+\s+10\.0\s/.test(l));
    expect(rows.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([1, 2, 3]);
    expect(text).toMatch(/^total\s/m);
    expect(text).toMatch(
      /energy, kWh: in [\d.]+ = load [\d.]+ \+ stored -?[\d.]+ \+ losses [\d.]+ \+ curtailed [\d.]+ \(relative error/,
    );
  });

  it("a sweep prints one row per case", () => {
    const cases = [{ policy: "predictive" as const }, { policy: "soc-hysteresis" as const }];
    const text = formatSweep("t", cases, [run("predictive"), run("soc-hysteresis")], 3);
    const rows = text.trim().split("\n").slice(2);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/predictive/);
    expect(rows[1]).toMatch(/soc-hysteresis/);
  });
});
