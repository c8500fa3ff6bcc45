/**
 * Lesson files load like rig files: every shipped lesson is valid, and a mistake names the
 * file, the line and the field, with exit code 2.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLesson, loadLessonText, shippedLessons, showLesson } from "../../src/lesson/index.js";
import { failure } from "./failure.js";

const GOOD = `title: t
question: q
claim: { text: c }
level: beginner
durationMin: 10
rig: sim
notes: n
steps:
  - run: { orbits: 1 }
  - measure: { as: a, quantities: [eclipseMin] }
  - expect: { quantity: a.eclipseMin, predicted: true, within: 1 }
`;

describe("lesson files", () => {
  it("ships the seven lessons, each valid", () => {
    const names = shippedLessons().map((l) => l.name);
    expect(names).toEqual([
      "battery-size",
      "cosmic-rays",
      "ground-solar",
      "hundred-gw",
      "space-cooling",
      "sunlight-24h",
      "which-policy",
    ]);
  });

  it("loads a good file", () => {
    expect(loadLessonText(GOOD, "x.yaml", "x").lesson.steps).toHaveLength(3);
  });

  it.each([
    [
      "an unknown field",
      GOOD.replace("notes: n", "notes: n\ncolour: red"),
      "x.yaml:8 colour: unknown field",
    ],
    ["a bad level", GOOD.replace("level: beginner", "level: expert"), "x.yaml:4 level:"],
    [
      "an unknown quantity",
      GOOD.replace("quantities: [eclipseMin]", "quantities: [eclipseHours]"),
      "x.yaml:10 steps.1.measure.quantities.0:",
    ],
    [
      "an expect naming no earlier measure",
      GOOD.replace("quantity: a.eclipseMin", "quantity: b.eclipseMin"),
      'x.yaml:11 steps.2.expect: no earlier measure step is named "b"',
    ],
    [
      "a figure needing a published number",
      GOOD.replace("quantities: [eclipseMin]", "quantities: [eclipseMin, batteryMassKg]"),
      'x.yaml:10 steps.1.measure.quantities.1: batteryMassKg needs the published figure "cellWhPerKg"',
    ],
    ["a YAML syntax error", GOOD.replace("claim: { text: c }", "claim: { text: c"), "x.yaml:3 "],
  ])("%s gives file:line field and exit 2", (_what, text, start) => {
    const e = failure(text);
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe("LESSON_INVALID");
    expect(e.message.startsWith(start)).toBe(true);
  });

  it("finds a lesson by path as well as by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-"));
    const path = join(dir, "mine.yaml");
    writeFileSync(path, GOOD);
    expect(loadLesson(path).name).toBe("mine");
    expect(() => loadLesson("no-such-lesson")).toThrow(/no shipped lesson of that name/);
  });

  it("show prints the notes, the published figures with sources and the timeline", () => {
    const text = showLesson(loadLesson("battery-size"));
    expect(text).toContain("Notes for the teacher:");
    expect(text).toContain("cellWhPerKg: 160 Wh/kg (Saft VES180");
    expect(text).toMatch(/ 5\. expect worst.batteryWhNeeded about the model's prediction/);
  });
});
