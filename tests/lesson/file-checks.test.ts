/**
 * A lesson file's mistakes are found when it is loaded, before any step runs (a lesson on a
 * rig may run for minutes before reaching a bad step): one line naming the file, the line
 * and the field, exit 2.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OrbitrigError } from "../../src/core/errors.js";
import { loadLesson, loadLessonText, runLesson, SimTarget } from "../../src/lesson/index.js";
import { failure } from "./failure.js";

const HEAD = `title: t
question: q
claim: { text: c }
level: beginner
durationMin: 10
rig: sim
notes: n
`;

function expectFileLine(text: string, start: string): void {
  const e = failure(text);
  expect(e.code).toBe("LESSON_INVALID");
  expect(e.exitCode).toBe(2);
  expect(e.message).toContain(start);
  expect(e.message.startsWith(start)).toBe(true);
}

describe("a set step is checked at load", () => {
  it.each([
    [
      "an unknown parameter",
      "orbit.betaDegs: 0",
      "x.yaml:10 steps.1.set.orbit.betaDegs: no such parameter",
    ],
    [
      "a value of the wrong type",
      "orbit.betaDeg: banana",
      "x.yaml:10 steps.1.set.orbit.betaDeg: expected number",
    ],
    [
      "a value out of range",
      "node.battery.capacityWh: -5",
      "x.yaml:10 steps.1.set.node.battery.capacityWh: Too small",
    ],
    [
      "a start-only parameter",
      "orbit.timeScale: 5",
      "x.yaml:10 steps.1.set.orbit.timeScale: cannot change during a session",
    ],
    [
      "a section that cannot change",
      "board.rateHz: 5",
      "x.yaml:10 steps.1.set.board.rateHz: only orbit.*, node.* and scheduler.*",
    ],
    ["an unknown policy", "scheduler.policy: greedy", "x.yaml:10 steps.1.set.scheduler.policy:"],
  ])("%s", (_what, set, start) => {
    expectFileLine(`${HEAD}steps:\n  - run: { orbits: 1 }\n  - set: { ${set} }\n`, start);
  });

  it("still loads sets the model takes, null included", () => {
    const text = `${HEAD}steps:\n  - set: { orbit.betaDeg: 30, scheduler.policy: always-on, node.battery.capacityWh: 1e5, orbit.preset: geo, orbit.epoch: "2026-06-21T08:24:00Z" }\n  - set: { orbit.betaDeg: null }\n`;
    expect(loadLessonText(text, "x.yaml", "x").lesson.steps).toHaveLength(2);
  });
});

describe("a lesson's start: is checked at load, in the lesson file", () => {
  it.each([
    [
      "an unknown parameter",
      "orbit.betaDegs: 0",
      "x.yaml:8 start.orbit.betaDegs: no such parameter",
    ],
    ["a value out of range", "orbit.timeScale: -1", "x.yaml:8 start.orbit.timeScale: Too small"],
    ["an unknown section", "orbt.betaDeg: 0", "x.yaml:8 start.orbt.betaDeg: no such parameter"],
  ])("%s", (_what, start, expected) => {
    expectFileLine(`${HEAD}start: { ${start} }\nsteps:\n  - run: { orbits: 1 }\n`, expected);
  });

  it("takes the start-only parameters a set step refuses", () => {
    const text = `${HEAD}start: { orbit.timeScale: 300, node.battery.initialSocFraction: 1 }\nsteps:\n  - run: { orbits: 1 }\n`;
    expect(loadLessonText(text, "x.yaml", "x").lesson.start).toEqual({
      "orbit.timeScale": 300,
      "node.battery.initialSocFraction": 1,
    });
  });
});

describe("steps that contradict each other are refused at load", () => {
  it("a measure of a run's quantity before any run", () => {
    expectFileLine(
      `${HEAD}steps:\n  - measure: { as: a, quantities: [criticalBetaDeg, dutyPct] }\n  - run: { orbits: 1 }\n`,
      "x.yaml:9 steps.0.measure.quantities.1: dutyPct is measured over a run; no run step comes before it",
    );
  });

  it("but the orbit's geometry can be measured before any run", () => {
    const text = `${HEAD}steps:\n  - measure: { as: a, quantities: [criticalBetaDeg, maxBetaDeg] }\n`;
    expect(loadLessonText(text, "x.yaml", "x").lesson.steps).toHaveLength(1);
  });
});

describe("a compare step names only what its runs measured", () => {
  it("refuses a quantity a run did not measure", () => {
    expectFileLine(
      `${HEAD}steps:\n  - run: { orbits: 1 }\n  - measure: { as: a, quantities: [eclipseMin, dutyPct] }\n  - measure: { as: b, quantities: [eclipseMin] }\n  - compare: { runs: [a, b], quantities: [eclipseMin, dutyPct] }\n`,
      'x.yaml:12 steps.3.compare.quantities.1: measure "b" does not measure dutyPct',
    );
  });
});

describe("an expect holds a quantity against one of the same unit", () => {
  it("refuses another measurement in another unit", () => {
    expectFileLine(
      `${HEAD}steps:\n  - run: { orbits: 1 }\n  - measure: { as: a, quantities: [eclipseMin, dutyPct] }\n  - expect: { quantity: a.eclipseMin, is: below, measured: a.dutyPct }\n`,
      "x.yaml:11 steps.2.expect.measured: a.dutyPct is in %, a.eclipseMin in min",
    );
  });

  it("refuses a published figure in another unit", () => {
    expectFileLine(
      `${HEAD}published:\n  f: { value: 3, unit: Wh/kg, source: s }\nsteps:\n  - run: { orbits: 1 }\n  - measure: { as: a, quantities: [eclipseMin] }\n  - expect: { quantity: a.eclipseMin, published: f, within: 1 }\n`,
      'x.yaml:13 steps.2.expect.published: the published figure "f" is in Wh/kg, a.eclipseMin in min',
    );
  });
});

describe("parameters are checked in the order the lesson changes them", () => {
  it("takes a threshold an earlier step made room for, and refuses one that crosses", () => {
    const ok = `${HEAD}start: { scheduler.socHighFraction: 0.95 }\nsteps:\n  - set: { scheduler.socLowFraction: 0.9 }\n`;
    expect(loadLessonText(ok, "x.yaml", "x").lesson.steps).toHaveLength(1);
    expectFileLine(
      `${HEAD}steps:\n  - set: { scheduler.socLowFraction: 0.9 }\n`,
      "x.yaml:9 steps.0.set.scheduler.socLowFraction: socLowFraction must be below socHighFraction",
    );
  });
});

describe("a step the rig refuses while the lesson runs names the file and line", () => {
  it("run until eclipse-entry on an orbit with no eclipse", async () => {
    const l = loadLessonText(
      `${HEAD}start: { orbit.betaDeg: 80 }\nsteps:\n  - say: s\n  - run: { until: eclipse-entry }\n`,
      "x.yaml",
      "x",
    );
    const target = new SimTarget({ rig: "sim-starlink", start: l.lesson.start });
    const e = await runLesson(l.lesson, target, { file: l }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OrbitrigError);
    expect((e as OrbitrigError).exitCode).toBe(2);
    expect((e as OrbitrigError).message).toMatch(
      /^x\.yaml:11 steps\.1\.run\.until: no eclipse comes/,
    );
  });

  it("a set the rig it runs on refuses", async () => {
    const l = loadLessonText(
      `${HEAD}steps:\n  - set: { node.array.source: bench }\n`,
      "x.yaml",
      "x",
    );
    const target = new SimTarget({ rig: "sim-starlink" });
    const e = await runLesson(l.lesson, target, { file: l }).catch((x: unknown) => x);
    expect((e as OrbitrigError).message).toMatch(
      /^x\.yaml:9 steps\.0\.set\.node\.array\.source: node\.array\.source bench needs calibration\.fullSunBenchMw/,
    );
  });
});

describe("a field left out", () => {
  it("is called missing, not 'received undefined'", () => {
    expectFileLine(
      HEAD.replace("question: q\n", "").concat("steps:\n  - run: { orbits: 1 }\n"),
      "x.yaml:1 question: missing; expected string",
    );
    expectFileLine(
      `${HEAD}steps:\n  - ask: { question: why }\n`,
      "x.yaml:9 steps.0.ask.answer: missing; expected string",
    );
  });
});

it("a choice left out is called missing too", () => {
  expectFileLine(
    HEAD.replace("level: beginner\n", "").concat("steps:\n  - run: { orbits: 1 }\n"),
    'x.yaml:1 level: missing; expected one of "beginner"',
  );
});

describe("a fault step's settings belong to its kind", () => {
  it.each([
    [
      "kind: seu, rate: 0.5",
      "x.yaml:9 steps.0.fault.rate: rate is read by garbage, drop and bitflip faults only, not seu",
    ],
    [
      "kind: garbage, hz: 5",
      "x.yaml:9 steps.0.fault.hz: hz is read by seu faults only, not garbage",
    ],
    [
      "kind: reset, target: sram",
      "x.yaml:9 steps.0.fault.target: target is read by seu faults only, not reset",
    ],
  ])("%s", (fault, message) => {
    expectFileLine(`${HEAD}steps:\n  - fault: { ${fault} }\n  - run: { orbits: 1 }\n`, message);
  });

  it("takes the settings of its kind", () => {
    const text = `${HEAD}steps:\n  - fault: { kind: seu, hz: 5, target: sram, forS: 10 }\n  - fault: { kind: bitflip, rate: 0.01 }\n`;
    expect(loadLessonText(text, "x.yaml", "x").lesson.steps).toHaveLength(2);
  });
});

it("a measure name given twice is refused (the second would hide the first)", () => {
  expectFileLine(
    `${HEAD}steps:\n  - run: { orbits: 1 }\n  - measure: { as: a, quantities: [eclipseMin] }\n  - run: { orbits: 1 }\n  - measure: { as: a, quantities: [dutyPct] }\n`,
    'x.yaml:12 steps.3.measure.as: "a" is already the name of step 2\'s measure; give this one its own',
  );
});

describe("simRig, a file the lesson refers to", () => {
  it("is found beside the lesson file, not in the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-simrig-"));
    writeFileSync(join(dir, "mine.yaml"), "orbit:\n  betaDeg: 30\n");
    const lesson = join(dir, "l.yaml");
    writeFileSync(lesson, `${HEAD}simRig: mine.yaml\nsteps:\n  - run: { orbits: 1 }\n`);
    expect(loadLesson(lesson).lesson.simRig).toBe(join(dir, "mine.yaml"));
  });

  it("a missing one is named at its line in the lesson file", () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-simrig-"));
    const lesson = join(dir, "l.yaml");
    writeFileSync(lesson, `${HEAD}simRig: gone.yaml\nsteps:\n  - run: { orbits: 1 }\n`);
    const e = (() => {
      try {
        loadLesson(lesson);
      } catch (x) {
        return x as OrbitrigError;
      }
      throw new Error("the lesson loaded");
    })();
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      `${lesson}:8 simRig: no such rig file beside the lesson (${join(dir, "gone.yaml")}), and no shipped rig of that name`,
    );
  });

  it("a shipped rig's name is still the shipped rig", () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-simrig-"));
    const lesson = join(dir, "l.yaml");
    writeFileSync(lesson, `${HEAD}simRig: sim-geo\nsteps:\n  - run: { orbits: 1 }\n`);
    expect(loadLesson(lesson).lesson.simRig).toBe("sim-geo");
  });
});
