/**
 * What `lesson list` and `lesson show` print, computed apart from printing: one line per
 * lesson; a lesson's header, teacher's notes, timeline and the outcomes the model predicts
 * before anything runs (the expectations it will check, and against what).
 */
import type { LoadedLesson } from "./load.js";
import { QUANTITIES, type QuantityName } from "./quantities.js";
import { fmt, type LessonResult } from "./runner.js";
import type { LessonStep } from "./schema.js";

export function listLine(l: LoadedLesson, nameWidth: number): string {
  const x = l.lesson;
  return `${l.name.padEnd(nameWidth)}  ${x.rig.padEnd(8)}  ${String(x.durationMin).padStart(3)} min  ${x.title}`;
}

export function describeStep(step: LessonStep): string {
  if ("say" in step) return `say: ${step.say}`;
  if ("ask" in step) return `ask: ${step.ask.question}`;
  if ("set" in step)
    return `set ${Object.entries(step.set)
      .map(([k, v]) => `${k} = ${v}`)
      .join(", ")}`;
  if ("run" in step) {
    const r = step.run;
    return "orbits" in r
      ? `run ${r.orbits} orbits`
      : "days" in r
        ? `run ${r.days} days`
        : `run until ${r.until}`;
  }
  if ("fault" in step)
    return `fault ${step.fault.kind}${step.fault.hz ? ` at ${step.fault.hz}/s` : ""}`;
  if ("measure" in step) return `measure ${step.measure.as}: ${step.measure.quantities.join(", ")}`;
  if ("expect" in step) {
    const e = step.expect;
    const q = e.quantity.split(".")[1] as QuantityName;
    const unit = QUANTITIES[q].unit;
    const ref = e.predicted
      ? "the model's prediction"
      : e.measured
        ? e.measured
        : `published ${e.published}`;
    const tol = [
      e.within !== undefined ? `±${e.within} ${unit}` : "",
      e.withinFraction !== undefined ? `±${e.withinFraction * 100} %` : "",
    ]
      .filter(Boolean)
      .join(" or ");
    return `expect ${e.quantity} ${e.is} ${ref}${tol ? ` (${tol})` : ""}`;
  }
  return `compare ${step.compare.runs.join(", ")}: ${step.compare.quantities.join(", ")}`;
}

/**
 * The outcomes the model predicts, from a run of the lesson in the model: each
 * expectation with the value the model finds and what it is held against.
 */
export function predictedOutcomes(r: LessonResult): string[] {
  return r.expectations.map((e) =>
    e.measured === null
      ? `  ${e.quantity}: measured on the bench, expected ${e.is} ${e.against}`
      : `  ${e.quantity}: ${fmt(e.measured)} ${e.unit} ${e.is} ${fmt(e.reference)} (${e.against})`,
  );
}

export function showLesson(l: LoadedLesson, predicted: LessonResult | null = null): string {
  const x = l.lesson;
  const out = [
    `${x.title}  (${l.name}; ${x.level}, about ${x.durationMin} min; rig: ${x.rig})`,
    "",
    `Question: ${x.question}`,
    `Claim: ${x.claim.text}${x.claim.source ? ` (${x.claim.source})` : ""}`,
    "",
    "Notes for the teacher:",
    ...x.notes
      .trimEnd()
      .split("\n")
      .map((s) => `  ${s}`),
  ];
  const pub = Object.entries(x.published);
  if (pub.length > 0) {
    out.push("", "Published figures:");
    for (const [k, p] of pub) out.push(`  ${k}: ${p.value} ${p.unit} (${p.source})`);
  }
  if (Object.keys(x.start).length > 0)
    out.push(
      "",
      `Starts with: ${Object.entries(x.start)
        .map(([k, v]) => `${k} = ${v}`)
        .join(", ")}`,
    );
  out.push("", "Timeline:");
  x.steps.forEach((s, i) => {
    out.push(`  ${String(i + 1).padStart(2)}. ${describeStep(s)}`);
  });
  if (predicted)
    out.push(
      "",
      `Predicted outcomes (the model, ${x.simRig}, before anything runs):`,
      ...predictedOutcomes(predicted),
    );
  return `${out.join("\n")}\n`;
}
