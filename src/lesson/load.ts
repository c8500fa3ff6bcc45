/**
 * Finds and loads a lesson: a path, or the name of a lesson shipped in the package's
 * lessons/ folder. The YAML is read as rig files are (src/config/yaml-file.ts), so a
 * mistake has the same shape: `file:line field: what was expected`, exit 2. References
 * between steps (a measure an expect names, a published figure) are checked here too.
 */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadYamlText, type YamlKind, yamlFieldError } from "../config/yaml-file.js";
import { findYamlFile, readYamlFile } from "../config/yaml-read.js";
import { isBareName, shipped, shippedNames } from "../core/shipped.js";
import { ParameterCheck } from "./parameters.js";
import { QUANTITIES, type QuantityName } from "./quantities.js";
import { type ExpectStep, type Lesson, lessonSchema } from "./schema.js";

export interface LoadedLesson {
  path: string;
  /** The file name without .yaml: what `lesson run NAME` takes. */
  name: string;
  text: string;
  lesson: Lesson;
}

export const MAX_LESSON_FILE_BYTES = 256 * 1024;

const KIND: YamlKind = {
  code: "LESSON_INVALID",
  notFoundCode: "LESSON_NOT_FOUND",
  noun: "lesson",
  topLevel: "a mapping with title, question, claim, level, durationMin, rig, notes and steps",
  doc: "docs/lessons.md",
  maxBytes: MAX_LESSON_FILE_BYTES,
  shipped: "lessons",
};

function lessonError(text: string, path: string, field: (string | number)[], what: string) {
  return yamlFieldError(KIND, path, text, field, what);
}

/** A lesson file error found while the lesson runs (what the rig refuses): `file:line field: what`. */
export function lessonFieldError(
  file: { path: string; text: string },
  field: (string | number)[],
  what: string,
) {
  return lessonError(file.text, file.path, field, what);
}

/** A unit as written, without the spelling differences that do not change it (W/m², W/m2). */
const unitKey = (unit: string) => unit.replace(/\s+/g, "").replace("²", "2").replace("°", "");
const unitOf = (measureQuantity: string) =>
  QUANTITIES[measureQuantity.split(".")[1] as QuantityName].unit;

/** An expectation holds its quantity against a reference in the same unit. */
function checkUnits(e: ExpectStep, l: Lesson, error: (field: string, what: string) => Error): void {
  const unit = unitOf(e.quantity);
  if (e.measured && unitKey(unitOf(e.measured)) !== unitKey(unit))
    throw error("measured", `${e.measured} is in ${unitOf(e.measured)}, ${e.quantity} in ${unit}`);
  const figure = e.published ? l.published[e.published] : undefined;
  if (figure && unitKey(figure.unit) !== unitKey(unit))
    throw error(
      "published",
      `the published figure "${e.published}" is in ${figure.unit}, ${e.quantity} in ${unit}`,
    );
}

/**
 * The checks a schema cannot make: every rig parameter named (start:, set) is one the rig
 * file takes, and every name a step uses was defined before it.
 */
function checkReferences(l: Lesson, text: string, path: string): void {
  const measured = new Map<string, Set<string>>();
  const measuredAt = new Map<string, number>();
  const published = new Set(Object.keys(l.published));
  let ran = false;
  const ref = (i: number, key: string, value: string): void => {
    const [m = "", q = ""] = value.split(".");
    const set = measured.get(m);
    if (!set)
      throw lessonError(text, path, ["steps", i, key], `no earlier measure step is named "${m}"`);
    if (!set.has(q))
      throw lessonError(text, path, ["steps", i, key], `measure "${m}" does not measure ${q}`);
  };
  const parameters = new ParameterCheck();
  for (const [key, value] of Object.entries(l.start)) {
    const problem = parameters.apply(key, value);
    if (problem) throw lessonError(text, path, ["start", key], problem);
  }
  l.steps.forEach((s, i) => {
    if ("set" in s) {
      for (const [key, value] of Object.entries(s.set)) {
        const problem = parameters.set(key, value);
        if (problem) throw lessonError(text, path, ["steps", i, "set", key], problem);
      }
    } else if ("run" in s) {
      ran = true;
    } else if ("measure" in s) {
      s.measure.quantities.forEach((q, j) => {
        if ((QUANTITIES[q] as { afterRun?: boolean }).afterRun && !ran)
          throw lessonError(
            text,
            path,
            ["steps", i, "measure", "quantities", j],
            `${q} is measured over a run; no run step comes before it`,
          );
        for (const need of (QUANTITIES[q] as { needs?: readonly string[] }).needs ?? [])
          if (!published.has(need))
            throw lessonError(
              text,
              path,
              ["steps", i, "measure", "quantities", j],
              `${q} needs the published figure "${need}" (value, unit, source) in published:`,
            );
      });
      const earlier = measuredAt.get(s.measure.as);
      if (earlier !== undefined)
        throw lessonError(
          text,
          path,
          ["steps", i, "measure", "as"],
          `"${s.measure.as}" is already the name of step ${earlier + 1}'s measure; give this one its own`,
        );
      measuredAt.set(s.measure.as, i);
      measured.set(s.measure.as, new Set(s.measure.quantities));
    } else if ("expect" in s) {
      ref(i, "expect", s.expect.quantity);
      if (s.expect.measured) ref(i, "expect", s.expect.measured);
      if (s.expect.published && !published.has(s.expect.published))
        throw lessonError(
          text,
          path,
          ["steps", i, "expect", "published"],
          `no published figure "${s.expect.published}" (published: ${[...published].join(", ") || "none"})`,
        );
      checkUnits(s.expect, l, (field, what) =>
        lessonError(text, path, ["steps", i, "expect", field], what),
      );
    } else if ("compare" in s) {
      for (const r of s.compare.runs) {
        const set = measured.get(r);
        if (!set)
          throw lessonError(
            text,
            path,
            ["steps", i, "compare", "runs"],
            `no earlier measure "${r}"`,
          );
        s.compare.quantities.forEach((q, j) => {
          if (!set.has(q))
            throw lessonError(
              text,
              path,
              ["steps", i, "compare", "quantities", j],
              `measure "${r}" does not measure ${q}`,
            );
        });
      }
    }
  });
}

export function loadLessonText(text: string, path: string, name: string): LoadedLesson {
  const lesson = loadYamlText(text, path, lessonSchema, KIND);
  checkReferences(lesson, text, path);
  return { path, name, text, lesson };
}

/**
 * The lesson's simRig as a path from here: a file beside the lesson (a teacher's own rig
 * travels with the lesson, wherever it is run from), else a shipped rig by name.
 */
function resolveSimRig(l: LoadedLesson): LoadedLesson {
  const simRig = l.lesson.simRig;
  const beside = resolve(dirname(l.path), simRig);
  if (statSync(beside, { throwIfNoEntry: false })?.isFile())
    return { ...l, lesson: { ...l.lesson, simRig: beside } };
  if (isBareName(simRig) && shipped("rigs", simRig)) return l;
  throw lessonError(
    l.text,
    l.path,
    ["simRig"],
    `no such rig file beside the lesson (${beside}), and no shipped rig of that name`,
  );
}

/** A lesson file by path, or a shipped lesson by name. */
export function loadLesson(nameOrPath: string): LoadedLesson {
  const { path } = findYamlFile(nameOrPath, KIND);
  const name = path.replace(/^.*[/\\]/, "").replace(/\.ya?ml$/, "");
  return resolveSimRig(loadLessonText(readYamlFile(path, KIND), path, name));
}

/** Every shipped lesson, loaded (a broken shipped lesson is a bug: it throws). */
export function shippedLessons(): LoadedLesson[] {
  return shippedNames("lessons").map((n) => loadLesson(shipped("lessons", n)!));
}

export type { QuantityName };
