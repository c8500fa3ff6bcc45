/**
 * Every shipped lesson runs in the model (--sim) and none of its expectations fails; the
 * figures a lesson prints are derived, so changing a parameter moves them the way physics
 * says (eclipse against beta and altitude, battery against floor, temperature against
 * radiator area).
 */
import { describe, expect, it } from "vitest";
import {
  type LoadedLesson,
  loadLessonText,
  runLesson,
  SimTarget,
  shippedLessons,
} from "../../src/lesson/index.js";
import {
  criticalBetaDeg,
  cylindricalEclipseFraction,
  orbitPeriodS,
} from "../../src/orbit/index.js";

function target(l: LoadedLesson["lesson"]): SimTarget {
  return new SimTarget({
    rig: l.simRig,
    start: l.start,
    ...(l.policy ? { policy: l.policy } : {}),
  });
}

describe("the shipped lessons in the model", () => {
  for (const l of shippedLessons()) {
    it(`${l.name}: its expectations hold`, async () => {
      const r = await runLesson(l.lesson, target(l.lesson));
      const failed = r.expectations.filter((e) => e.status === "fail");
      expect(failed).toEqual([]);
      // The model skips only what a bench measures (rejected lines, watchdog resets); those
      // expectations are checked on the emulated rig (rig.test.ts).
      const skipped = r.expectations.filter((e) => e.status === "skipped");
      for (const e of skipped) expect(e.why).toBe("measured on a bench only");
      if (skipped.length === r.expectations.length) expect(l.lesson.rig).toBe("emulated");
      else expect(r.expectations.filter((e) => e.status === "pass").length).toBeGreaterThan(0);
      expect(r.passed).toBe(true);
    }, 60_000);
  }
});

/** A lesson that runs two orbits at each of the given settings and measures `quantities`. */
function probe(sets: Record<string, unknown>[], quantities: string[], start = "{}"): LoadedLesson {
  const steps = sets
    .map(
      (s, i) =>
        `  - set: ${JSON.stringify(s)}\n  - run: { orbits: 3 }\n  - measure: { as: m${i}, quantities: [${quantities.join(", ")}] }`,
    )
    .join("\n");
  return loadLessonText(
    `title: probe\nquestion: q\nclaim: { text: c }\nlevel: beginner\ndurationMin: 1\nrig: sim\nnotes: n\nstart: ${start}\nsteps:\n${steps}\n`,
    "probe.yaml",
    "probe",
  );
}

async function readings(l: LoadedLesson, q: string) {
  const r = await runLesson(l.lesson, target(l.lesson));
  return Object.values(r.measures).map(
    (m) => (m as Record<string, { value: number; predicted: number }>)[q]!,
  );
}

describe("a lesson's figures move as physics says", () => {
  it("the eclipse shortens as beta grows and ends past the critical beta", async () => {
    const betas = [0, 30, 60, 70];
    const r = await readings(
      probe(
        betas.map((b) => ({ "orbit.betaDeg": b })),
        ["eclipseMin"],
      ),
      "eclipseMin",
    );
    const values = r.map((x) => x.value);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThan(values[i - 1]!);
    expect(70).toBeGreaterThan(criticalBetaDeg(550));
    expect(values[3]).toBe(0);
    // Against the cylindrical formula (Rickman 2020): the conical shadow differs by the
    // half-penumbra, seconds at 550 km.
    for (const [i, b] of betas.entries())
      expect(values[i]!).toBeCloseTo(
        (cylindricalEclipseFraction(550, b) * orbitPeriodS(550)) / 60,
        0,
      );
  });

  it("a higher orbit spends a smaller fraction of its period in shadow, as the formula says", async () => {
    const alts = [400, 1200, 8000];
    const r = await readings(
      probe(
        alts.map((h, i) =>
          i === 0 ? { "orbit.betaDeg": 0, "orbit.altitudeKm": h } : { "orbit.altitudeKm": h },
        ),
        ["eclipseMin"],
      ),
      "eclipseMin",
    );
    const fractions = r.map((x, i) => x.value / (orbitPeriodS(alts[i]!) / 60));
    for (let i = 1; i < fractions.length; i++)
      expect(fractions[i]!).toBeLessThan(fractions[i - 1]!);
    for (const [i, h] of alts.entries())
      expect(fractions[i]!).toBeCloseTo(cylindricalEclipseFraction(h, 0), 2);
  });

  it("a higher depth-of-discharge floor needs a proportionally bigger battery", async () => {
    const l = probe(
      [{ "orbit.betaDeg": 0, "scheduler.policy": "always-on" }],
      ["batteryWhNeeded"],
      "{ node.battery.capacityWh: 1000000, node.battery.initialSocFraction: 1 }",
    );
    const low = (await readings(l, "batteryWhNeeded"))[0]!;
    const l2 = probe(
      [{ "orbit.betaDeg": 0, "scheduler.policy": "always-on" }],
      ["batteryWhNeeded"],
      "{ node.battery.capacityWh: 1000000, node.battery.initialSocFraction: 1, node.battery.floorSocFraction: 0.7 }",
    );
    const high = (await readings(l2, "batteryWhNeeded"))[0]!;
    expect(high.predicted / low.predicted).toBeCloseTo(0.6 / 0.3, 2);
    expect(high.value / low.value).toBeCloseTo(0.6 / 0.3, 1);
  });

  it("a bigger radiator runs the node cooler, as the Stefan-Boltzmann balance predicts", async () => {
    const r = await readings(
      probe(
        [
          { "orbit.betaDeg": 75, "scheduler.policy": "always-on" },
          { "node.thermal.radiatorAreaM2": 300 },
        ],
        ["maxTempC"],
      ),
      "maxTempC",
    );
    expect(r[1]!.predicted).toBeLessThan(r[0]!.predicted);
    // Steady state: T^4 scales as 1/A for the same heat (the sink is 3 K, the IR scales with A).
    const k = (c: number) => c + 273.15;
    expect(k(r[1]!.predicted) ** 4 / k(r[0]!.predicted) ** 4).toBeCloseTo(172 / 300, 1);
  });
});
