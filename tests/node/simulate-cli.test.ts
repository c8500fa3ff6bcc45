/**
 * `orbitrig simulate` as a user drives it with odd but legal-looking values (the adversarial
 * pass of docs/reliability.md, "Model and simulate, adversarial pass"): every mistake is one
 * line naming the flag or the --set key, exit 2, refused before anything runs; what runs
 * prints no Infinity, NaN or null. In process through the command tree.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_SIMULATE_STEPS } from "../../src/cli/actions/simulate.js";
import { buildProgram, failureLine } from "../../src/cli/program.js";
import { expandSweeps, parseSweep, SweepSpecError } from "../../src/node/sweep.js";

let out: string[] = [];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => out.push(String(s)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

async function simulate(...args: string[]) {
  const cli = buildProgram();
  try {
    await cli.program.parseAsync(["node", "orbitrig", "simulate", ...args]);
    return { failure: null, stdout: out.join("") };
  } catch (e) {
    const f = failureLine(e, cli.active());
    if (!f) throw e;
    return { failure: f, stdout: out.join("") };
  }
}

async function refused(args: string[], line: RegExp) {
  const r = await simulate(...args);
  expect(r.failure?.exitCode).toBe(2);
  expect(r.failure?.line).toMatch(line);
  expect(r.failure?.line).not.toContain("\n");
  expect(r.stdout).toBe("");
}

describe("sweeps: refused before a case is built", () => {
  it("a grid of two large axes is counted, not built (it ran out of memory)", async () => {
    // 9,001 x 10,001 cases: expanding them first took gigabytes and killed the process.
    expect(() =>
      expandSweeps([parseSweep("beta=0:90:0.01"), parseSweep("altitude=400:1400:0.1001")]),
    ).toThrow(/^--sweep: 9,001 x 9,991 = 89,928,991 cases, more than 10,000$/);
    await refused(
      [
        "--rig",
        "sim-starlink",
        "--sweep",
        "beta=0:90:0.1",
        "--sweep",
        "policy=always-on,predictive,sunlit-only,soc-hysteresis",
        "--sweep",
        "node.battery.capacityWh=1000,2000,3000",
      ],
      /^--sweep: 901 x 4 x 3 = 10,812 cases, more than 10,000 \(see/,
    );
  });

  it.each(["beta=0,,5", "beta=0,5,", "beta=,"])(
    "an empty item in a list (%s) is not a case of 0",
    (spec) => {
      expect(() => parseSweep(spec)).toThrow(SweepSpecError);
    },
  );

  it.each(["altitude=50,550", "altitude=1e308", "altitude=500000"])(
    "%s is outside the rig file's altitude range (1e308 ran for ever)",
    async (spec) => {
      await refused(
        ["--rig", "sim-starlink", "--sweep", spec],
        /^--sweep altitude: values must be within 100\.\.400000 km/,
      );
    },
  );

  it("an altitude sweep of a ground site is refused (it changed nothing)", async () => {
    await refused(
      ["--rig", "sim-ground", "--sweep", "altitude=400,550"],
      /^--sweep altitude: .*sim-ground\.yaml has orbit\.preset ground/,
    );
  });
});

describe("run length: bounded, and never empty", () => {
  it.each([
    [
      ["--orbits", "2000000"],
      /^--orbits 2000000: 11,477,985,630 model steps of 1 s; the limit is 1,000,000,000 \(a minute or two of CPU\)/,
    ],
    [["--orbits", "1e308"], /^--orbits 1e\+308: more than 10\^15 model steps of 1 s; the limit/],
    [
      ["--orbits", "1", "--dt", "0.000001"],
      /^--orbits 1: 5,738,992,815 model steps of 0\.000001 s; the limit/,
    ],
    [
      ["--days", "365", "--sweep", "beta=0:75:5", "--sweep", "policy=predictive,soc-hysteresis"],
      /^--days 365 with --sweep: 32 cases make 1,009,152,000 model steps; the limit/,
    ],
    [
      ["--orbits", "2", "--dt", "1d"],
      /^--dt 86400: a step of 24h00m00s is more than a tenth of the orbit \(1h35m39s\): .*use at most 573 s/,
    ],
    [
      ["--days", "1e-9"],
      /^--days 1e-9: the run \(0\.0s of orbit time\) is shorter than one step of 1 s/,
    ],
  ])("simulate --rig sim-starlink %j", async (args, line) => {
    await refused(["--rig", "sim-starlink", ...args], line);
  });

  it("the limit is a minute or two of the model, not half an hour", () => {
    expect(MAX_SIMULATE_STEPS).toBe(1e9);
  });

  it("a GEO run is bounded by its steps, not by its orbits (20,000 GEO orbits ran for hours)", async () => {
    await refused(
      ["--rig", "sim-geo", "--orbits", "20000"],
      /^--orbits 20000: 1,723,279,810 model steps/,
    );
  });
});

describe("node parameters that overflowed the model", () => {
  it.each([
    [
      "node.battery.capacityWh=1e308",
      /node\.battery\.capacityWh: expected a capacity from 1e-6 Wh/,
    ],
    [
      "node.battery.capacityWh=1e-320",
      /node\.battery\.capacityWh: expected a capacity from 1e-6 Wh/,
    ],
    ["node.array.areaM2=1e308", /node\.array\.areaM2: expected at most 1e12 m\^2/],
    ["node.array.solarFluxWM2=1e308", /node\.array\.solarFluxWM2: expected at most 1e6 W\/m\^2/],
    ["node.avionicsPowerW=1e308", /node\.avionicsPowerW: expected at most 1e15 W/],
    ["node.thermal.radiatorAreaM2=1e308", /node\.thermal\.radiatorAreaM2: expected at most 1e12/],
    ["node.thermal.sinkTempK=1e308", /node\.thermal\.sinkTempK: .*1000/],
    [
      "node.thermal.emissivity=1e-320",
      /node\.thermal\.emissivity: expected an emissivity from 0\.01/,
    ],
    [
      "node.battery.dischargeEfficiency=1e-320",
      /node\.battery\.dischargeEfficiency: expected an efficiency from 0\.01 to 1/,
    ],
    ["node.thermal.minTempC=100", /node\.thermal\.minTempC: minTempC must be below maxTempC/],
    [
      "node.payload.idlePowerW=200000",
      /node\.payload\.idlePowerW: idlePowerW must be at most fullPowerW/,
    ],
  ])("--set %s: one line naming the key", async (set, line) => {
    await refused(["--rig", "sim-starlink", "--orbits", "1", "--set", set], line);
  });

  it("a cell temperature at which the array gives negative power (it printed -454 C)", async () => {
    await refused(
      [
        "--rig",
        "sim-starlink",
        "--orbits",
        "1",
        "--set",
        "node.array.tempCoeffPerC=-0.02",
        "--set",
        "node.array.cellTempC=200",
      ],
      /node\.array\.cellTempC: with this tempCoeffPerC the array gives no power at this cell temperature/,
    );
  });

  it("the largest values allowed give finite figures, SoC within 0..100 and the energy balanced", async () => {
    const r = await simulate(
      "--rig",
      "sim-starlink",
      "--orbits",
      "2",
      "--json",
      "--set",
      "node.battery.capacityWh=1e15",
      "--set",
      "node.array.areaM2=1e12",
      "--set",
      "node.payload.fullPowerW=1e15",
      "--set",
      "node.battery.maxChargeW=1e15",
      "--set",
      "node.battery.maxDischargeW=1e15",
      "--set",
      "node.thermal.radiatorAreaM2=1e12",
    );
    expect(r.failure).toBeNull();
    expect(r.stdout).not.toMatch(/null|NaN|Infinity/);
    const t = JSON.parse(r.stdout).totals;
    for (const k of ["minSocPct", "finalSocPct"]) {
      expect(t[k]).toBeGreaterThanOrEqual(0);
      expect(t[k]).toBeLessThanOrEqual(100);
    }
    const e = t.energy;
    expect(Math.abs(e.inJ - e.toLoadJ - e.storedJ - e.lossesJ - e.curtailedJ)).toBeLessThan(
      1e-9 * e.inJ,
    );
  });
});
