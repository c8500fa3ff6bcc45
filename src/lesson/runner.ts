/**
 * Runs a lesson's timeline against a target: the model alone (./sim-target.ts) or a rig's
 * session (./rig-target.ts), the same steps either way. It says what happens as lines
 * (narration, sets, runs, readings, expectations ticked or failed) and as progress for the
 * lesson panel, and returns everything the report needs.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { FaultSpec } from "../emulator/index.js";
import type { SatelliteNodeModel } from "../rig/satellite.js";
import { lessonFieldError } from "./load.js";
import { Meter, type RunStats } from "./meter.js";
import { QUANTITIES, type Quantity, type QuantityName, type Reading, read } from "./quantities.js";
import type { ExpectStep, Lesson, LessonStep } from "./schema.js";

/** What a lesson runs on. */
export interface LessonTarget {
  mode: "sim" | "emulated" | "desk" | "serial" | "firmata";
  model: SatelliteNodeModel;
  /** Orbit time now, s. */
  nowS(): number;
  /** Runs until orbit time endS, feeding every step (or frame) to the meter. */
  advanceTo(endS: number, meter: Meter): Promise<void>;
  /** Injects a fault; returns null, or why it was skipped (the model has no firmware). */
  fault(spec: FaultSpec): string | null;
  /** Bench counters (null in the model). */
  bench(): { rejectedLines: number; watchdogResets: number } | null;
  /** Waits on a rig so a class can read a narration or think about a question. */
  hold(kind: "say" | "ask"): Promise<void>;
}

export interface ExpectResult {
  step: number;
  quantity: string;
  label: string;
  unit: string;
  measured: number | null;
  reference: number | null;
  /** "the model's prediction", "measure x", or the published figure's source. */
  against: string;
  is: "about" | "below" | "above";
  tolerance: string;
  status: "pass" | "fail" | "skipped";
  why?: string;
}

export interface StepRecord {
  index: number;
  kind: string;
  lines: string[];
}

export interface LessonProgress {
  index: number;
  total: number;
  kind: string;
  /** The latest narration or question on screen. */
  narration: string;
  /** Orbit time at which the running step ends, or null. */
  runEndsAtS: number | null;
  expectations: readonly ExpectResult[];
}

export interface LessonResult {
  mode: LessonTarget["mode"];
  steps: StepRecord[];
  measures: Record<string, Partial<Record<QuantityName, Reading>>>;
  expectations: ExpectResult[];
  passed: boolean;
}

export interface RunLessonOptions {
  /** The lesson's file, so a step refused while running is reported at its line. */
  file?: { path: string; text: string };
  onLine?: (text: string) => void;
  onProgress?: (p: LessonProgress) => void;
}

/** A figure as a lesson prints it: about three significant digits, no exponent below 1e9. */
export function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  if (a >= 1e9) return v.toExponential(2);
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  if (a >= 100) return Math.round(v).toLocaleString("en-US");
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return "0";
  return v.toPrecision(2);
}

function toleranceText(e: ExpectStep, unit: string): string {
  const parts = [];
  if (e.within !== undefined) parts.push(`±${fmt(e.within)} ${unit}`);
  if (e.withinFraction !== undefined) parts.push(`±${fmt(100 * e.withinFraction)} %`);
  return parts.join(" or ") || "-";
}

export function judge(
  e: ExpectStep,
  value: number | null,
  ref: number | null,
): "pass" | "fail" | "skipped" {
  if (value === null || ref === null || !Number.isFinite(value) || !Number.isFinite(ref))
    return "skipped";
  const tol = Math.max(e.within ?? 0, (e.withinFraction ?? 0) * Math.abs(ref));
  // Without a tolerance, below and above are strict: "more rejected lines than before".
  const loose = e.within !== undefined || e.withinFraction !== undefined;
  if (e.is === "below") return (loose ? value <= ref + tol : value < ref) ? "pass" : "fail";
  if (e.is === "above") return (loose ? value >= ref - tol : value > ref) ? "pass" : "fail";
  return Math.abs(value - ref) <= tol ? "pass" : "fail";
}

/**
 * Orbit time a lesson's run steps may cover in all, s: about three years (a lesson on array
 * degradation), some 30 s of CPU in the model, which steps 5 s at a time. A step is bounded
 * by the schema (10,000 orbits, 400 days), but not every orbit is 95 minutes (GEO's is a
 * day) nor every lesson a few steps long: without this a lesson file could keep the model
 * busy for hours. The run step that would pass it is refused, at its line, before it runs.
 */
export const LESSON_RUN_LIMIT_S = 1100 * 86400;

/** Orbit time at which a run step ends, from now; a string says why it cannot end. */
function runEnd(
  step: Extract<LessonStep, { run: unknown }>["run"],
  t: LessonTarget,
): number | string {
  const now = t.nowS();
  if ("orbits" in step) return now + step.orbits * t.model.periodS;
  if ("days" in step) return now + step.days * 86400;
  const w = t.model.nextEclipse(now);
  if (!w)
    return "no eclipse comes within a few orbits on this orbit (beta past the critical angle?); run for orbits instead";
  if (step.until === "eclipse-exit") return now + w.exitInS;
  if (w.entryInS > 0) return now + w.entryInS;
  const after = t.model.nextEclipse(now + w.exitInS + 1);
  if (!after) return "no eclipse comes after this one";
  return now + w.exitInS + 1 + after.entryInS;
}

/**
 * A lesson's `orbit.epoch` is the date at this moment of the run. The model reads the
 * Sun's place for orbit k at epoch + (k + 0.5 - startPhase) x period, and orbit numbers go
 * on across changes, so the epoch it is given is the date less the orbits already flown.
 */
function epochForNow(t: LessonTarget, value: unknown): unknown {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) return value;
  const m = t.model;
  const at = m.sunAt(t.nowS());
  const flownS = (at.orbitNumber + at.phase - m.orbit.startPhase) * m.periodS;
  return new Date(ms - flownS * 1000).toISOString();
}

export async function runLesson(
  lesson: Lesson,
  target: LessonTarget,
  opts: RunLessonOptions = {},
): Promise<LessonResult> {
  const steps: StepRecord[] = [];
  const measures: LessonResult["measures"] = {};
  const expectations: ExpectResult[] = [];
  let lastRun: RunStats | null = null;
  /** Orbit time the run steps so far have covered, s. */
  let ranS = 0;
  let upsetHz: number | null = null;
  let pendingAnswer: string | null = null;
  let narration = "";
  const total = lesson.steps.length;

  for (const [index, step] of lesson.steps.entries()) {
    const kind = Object.keys(step)[0]!;
    const rec: StepRecord = { index, kind, lines: [] };
    steps.push(rec);
    const say = (text: string) => {
      rec.lines.push(text);
      opts.onLine?.(text);
    };
    // A step the rig refuses while running: at the step's line when the file is known.
    const stepError = (field: (string | number)[], what: string): OrbitrigError =>
      opts.file
        ? lessonFieldError(opts.file, ["steps", index, kind, ...field], what)
        : new OrbitrigError(
            "LESSON_INVALID",
            `step ${index + 1} ${[kind, ...field].join(".")}: ${what}`,
            ExitCode.usage,
          );
    const progress = (runEndsAtS: number | null = null) =>
      opts.onProgress?.({ index, total, kind, narration, runEndsAtS, expectations });
    if (pendingAnswer) {
      say(`  answer: ${pendingAnswer}`);
      pendingAnswer = null;
    }
    progress();
    if ("say" in step) {
      narration = step.say;
      say(step.say);
      progress();
      await target.hold("say");
    } else if ("ask" in step) {
      narration = `Question: ${step.ask.question}`;
      say(`? ${step.ask.question}`);
      pendingAnswer = step.ask.answer;
      progress();
      await target.hold("ask");
    } else if ("set" in step) {
      // The date last: it is read for the orbit as it is after the step's other changes.
      const entries = Object.entries(step.set).sort(
        ([a], [b]) => Number(a === "orbit.epoch") - Number(b === "orbit.epoch"),
      );
      for (const [key, value] of entries) {
        try {
          target.model.setParameter(
            key,
            key === "orbit.epoch" ? epochForNow(target, value) : value,
          );
        } catch (e) {
          // The model's reason names the key first; the error's field already does.
          throw stepError([key], (e as Error).message.replace(`${key}: `, ""));
        }
        say(`set ${key} = ${value}`);
      }
    } else if ("run" in step) {
      const end = runEnd(step.run, target);
      if (typeof end === "string") throw stepError(Object.keys(step.run), end);
      const lengthS = end - target.nowS();
      if (ranS + lengthS > LESSON_RUN_LIMIT_S)
        throw stepError(
          Object.keys(step.run),
          `${fmt(lengthS / 86400)} days of orbit time${"orbits" in step.run ? ` (orbits of ${fmt(target.model.periodS / 60)} min here)` : ""}${ranS > 0 ? ` after ${fmt(ranS / 86400)} days already run` : ""}: a lesson runs at most ${fmt(LESSON_RUN_LIMIT_S / 86400)} days of orbit time in all`,
        );
      ranS += lengthS;
      const meter = new Meter(target.nowS(), target.model.periodS);
      const what =
        "orbits" in step.run
          ? `${step.run.orbits} orbit${step.run.orbits === 1 ? "" : "s"}`
          : "days" in step.run
            ? `${step.run.days} day${step.run.days === 1 ? "" : "s"}`
            : `until ${step.run.until}`;
      say(`run ${what} (${fmt((end - target.nowS()) / 60)} min of orbit time)`);
      progress(end);
      await target.advanceTo(end, meter);
      lastRun = meter.stats;
    } else if ("fault" in step) {
      const f = step.fault;
      const spec: FaultSpec = {
        kind: f.kind as FaultSpec["kind"],
        atMs: 0,
        forMs: f.forS !== undefined ? f.forS * 1000 : Number.POSITIVE_INFINITY,
        rate: f.rate ?? 0.01,
        address: 0x40,
        volts: 0.75,
        hz: f.hz ?? 10,
        target: (f.target ?? "all") as FaultSpec["target"],
      };
      if (spec.kind === "seu") upsetHz = spec.hz;
      const skipped = target.fault(spec);
      say(skipped ? `fault ${f.kind}: skipped (${skipped})` : `fault ${f.kind} injected`);
    } else if ("measure" in step) {
      const m = step.measure;
      const ctx = {
        run: lastRun,
        orbit: target.model.orbit,
        params: target.model.params,
        node: target.model.config!.node,
        published: lesson.published,
        bench: target.bench(),
        upsetHz,
      };
      const readings: Partial<Record<QuantityName, Reading>> = {};
      for (const q of m.quantities) {
        const r = read(q, ctx);
        readings[q] = r;
        const info: Quantity = QUANTITIES[q];
        say(
          `  ${m.as}.${q}: ${fmt(r.value)} ${info.unit} (${info.label})${r.predicted !== null ? `; ${info.predictedAs ?? "model predicts"} ${fmt(r.predicted)}` : ""}`,
        );
      }
      measures[m.as] = readings;
    } else if ("expect" in step) {
      const e = step.expect;
      const [m, q] = e.quantity.split(".") as [string, QuantityName];
      const info: Quantity = QUANTITIES[q];
      const reading = measures[m]?.[q];
      let ref: number | null;
      let against: string;
      if (e.predicted) {
        ref = reading?.predicted ?? null;
        against = "the model's prediction";
      } else if (e.measured) {
        const [m2, q2] = e.measured.split(".") as [string, QuantityName];
        ref = measures[m2]?.[q2]?.value ?? null;
        against = `measured ${e.measured}`;
      } else {
        const p = lesson.published[e.published!]!;
        ref = p.value;
        against = `published: ${p.source}`;
      }
      const value = reading?.value ?? null;
      const status = judge(e, value, ref);
      const result: ExpectResult = {
        step: index,
        quantity: e.quantity,
        label: info.label,
        unit: info.unit,
        measured: value,
        reference: ref,
        against,
        is: e.is,
        tolerance: toleranceText(e, info.unit),
        status,
        ...(status === "skipped"
          ? {
              why:
                value === null
                  ? target.mode === "sim"
                    ? "measured on a bench only"
                    : "not measured"
                  : "no reference",
            }
          : {}),
      };
      expectations.push(result);
      const mark = status === "pass" ? "PASS" : status === "fail" ? "FAIL" : "SKIP";
      say(
        `[${mark}] ${e.quantity} ${fmt(value)} ${info.unit} ${e.is} ${fmt(ref)} (${against}; ${result.tolerance})${result.why ? `: ${result.why}` : ""}`,
      );
    } else if ("compare" in step) {
      const c = step.compare;
      say(`compare ${c.runs.join(" | ")}`);
      for (const q of c.quantities) {
        const info: Quantity = QUANTITIES[q];
        say(
          `  ${q} (${info.unit}): ${c.runs.map((r) => fmt(measures[r]?.[q]?.value ?? null)).join(" | ")}`,
        );
      }
    }
    progress();
  }
  if (pendingAnswer) {
    steps.at(-1)!.lines.push(`  answer: ${pendingAnswer}`);
    opts.onLine?.(`  answer: ${pendingAnswer}`);
  }
  opts.onProgress?.({
    index: total,
    total,
    kind: "done",
    narration,
    runEndsAtS: null,
    expectations,
  });
  return {
    mode: target.mode,
    steps,
    measures,
    expectations,
    passed: expectations.every((x) => x.status !== "fail"),
  };
}
