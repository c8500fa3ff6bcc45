/**
 * The lesson file (lessons/*.yaml): a header (title, question, claim and its source, level,
 * duration, the rig it needs, notes for the teacher), published figures with their sources,
 * and a timeline of steps. Validated at load like a rig file (src/config/yaml-file.ts's
 * loadYamlText): a mistake is `file:line field: what was expected`, exit 2.
 * docs/lessons.md describes every field.
 */
import { z } from "zod";
import { POLICY_NAMES } from "../config/schema/scheduler.js";
import { FAULT_KINDS } from "../emulator/index.js";
import { UPSET_TARGETS } from "../emulator/upsets.js";
import { MEASURED_NAMES } from "./quantities.js";

const text = z.string().trim().min(1, "expected text");
/** A name a later step refers to: letters, digits, dashes. */
const label = z.string().regex(/^[A-Za-z][\w-]*$/, "expected a name (letters, digits, - or _)");

/** A figure published elsewhere, with where it was published (or "assumption: ..."). */
export const publishedSchema = z.strictObject({
  value: z.number(),
  unit: text,
  /** Where the figure comes from; an assumption says so ("assumption: ..."). */
  source: text,
});
export type PublishedFigure = z.infer<typeof publishedSchema>;

const parameterValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const runSchema = z.union([
  z.strictObject({ orbits: z.number().positive().max(10_000) }),
  z.strictObject({ days: z.number().positive().max(400) }),
  z.strictObject({ until: z.enum(["eclipse-entry", "eclipse-exit"]) }),
]);

/**
 * The kinds that read each of a fault step's settings (the emulator's FAULT_HELP): a
 * setting another kind would ignore is a mistake in the lesson, not a no-op.
 */
const FAULT_SETTING_KINDS: Readonly<Record<"hz" | "target" | "rate", readonly string[]>> = {
  hz: ["seu"],
  target: ["seu"],
  rate: ["garbage", "drop", "bitflip"],
};
const kindList = (kinds: readonly string[]) =>
  kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}`;

/** An emulator fault from now on; it lasts until forS has passed or the next fault step replaces it. */
const faultFields = z.strictObject({
  kind: z.enum(FAULT_KINDS as unknown as [string, ...string[]]),
  /** seu: upsets per emulated second. */
  hz: z.number().positive().max(1e6).optional(),
  target: z.enum(UPSET_TARGETS as unknown as [string, ...string[]]).optional(),
  /** garbage/drop/bitflip: probability per byte. */
  rate: z.number().min(0).max(1).optional(),
  /** How long it lasts, bench seconds (default: to the end). */
  forS: z.number().positive().optional(),
});
const faultSchema = faultFields.superRefine((f, ctx) => {
  for (const [setting, kinds] of Object.entries(FAULT_SETTING_KINDS))
    if (f[setting as keyof typeof FAULT_SETTING_KINDS] !== undefined && !kinds.includes(f.kind))
      ctx.addIssue({
        code: "custom",
        path: [setting],
        message: `${setting} is read by ${kindList(kinds)} faults only, not ${f.kind}`,
      });
});

const measureSchema = z.strictObject({
  /** The name later steps use: `beta0.eclipseMin`. */
  as: label,
  quantities: z.array(z.enum(MEASURED_NAMES)).min(1),
});

/** What a measured quantity is held against. */
const expectSchema = z
  .strictObject({
    /** `measureName.quantity`. */
    quantity: z.string().regex(/^[A-Za-z][\w-]*\.[A-Za-z]\w*$/, "expected measureName.quantity"),
    /** Against the model's own prediction of that quantity (made when it was measured). */
    predicted: z.literal(true).optional(),
    /** Against another measured quantity (`otherMeasure.quantity`). */
    measured: z
      .string()
      .regex(/^[A-Za-z][\w-]*\.[A-Za-z]\w*$/, "expected measureName.quantity")
      .optional(),
    /** Against a figure of this lesson's `published:` list, by name. */
    published: label.optional(),
    /** "about" (within the tolerance), "below" or "above" the reference. Default "about". */
    is: z.enum(["about", "below", "above"]).default("about"),
    /** Absolute tolerance in the quantity's unit. */
    within: z.number().nonnegative().optional(),
    /** Relative tolerance, 0..1 of the reference. */
    withinFraction: z.number().nonnegative().max(1).optional(),
  })
  .refine(
    (e) => [e.predicted, e.measured, e.published].filter((x) => x !== undefined).length === 1,
    "expected exactly one of predicted: true, measured: NAME.QUANTITY, published: NAME",
  )
  .refine(
    (e) => e.is !== "about" || e.within !== undefined || e.withinFraction !== undefined,
    "an 'about' expectation needs within or withinFraction",
  );

const compareSchema = z.strictObject({
  runs: z.array(label).min(2),
  quantities: z.array(z.enum(MEASURED_NAMES)).min(1),
});
const setSchema = z.record(
  z.string().regex(/^[a-z]+(\.[A-Za-z]\w*)+$/, "expected section.field"),
  parameterValue,
);
const askSchema = z.strictObject({ question: text, answer: text });

/** Each step kind's schema, by the key that names it. */
const STEP_KINDS = {
  say: text,
  set: setSchema,
  run: runSchema,
  fault: faultSchema,
  ask: askSchema,
  measure: measureSchema,
  expect: expectSchema,
  compare: compareSchema,
};
type Kinds = { [K in keyof typeof STEP_KINDS]: z.infer<(typeof STEP_KINDS)[K]> };
/** One step: an object with exactly one of the kinds' keys. */
export type LessonStep = { [K in keyof Kinds]: { [P in K]: Kinds[K] } }[keyof Kinds];

// Parsed as one object with every kind optional (so a mistake inside a step is reported at
// its own field, which a union of shapes cannot do), then held to exactly one kind.
const stepSchema = z
  .strictObject({
    say: STEP_KINDS.say.optional(),
    set: STEP_KINDS.set.optional(),
    run: STEP_KINDS.run.optional(),
    fault: STEP_KINDS.fault.optional(),
    ask: STEP_KINDS.ask.optional(),
    measure: STEP_KINDS.measure.optional(),
    expect: STEP_KINDS.expect.optional(),
    compare: STEP_KINDS.compare.optional(),
  })
  .refine(
    (o) => Object.keys(o).length === 1,
    `expected exactly one of ${Object.keys(STEP_KINDS).join(", ")}`,
  )
  .transform((o) => o as LessonStep);

export const lessonSchema = z.strictObject({
  title: text,
  question: text,
  claim: z.strictObject({ text, source: text.optional() }),
  level: z.enum(["beginner", "intermediate", "advanced"]),
  durationMin: z.number().positive().max(600),
  /**
   * What the lesson needs: "sim" (the model alone), "emulated" (a bench, emulated or on the
   * desk; also runs with --sim, its bench-only steps skipped), "desk" (a real desk rig; it
   * refuses --sim).
   */
  rig: z.enum(["sim", "emulated", "desk"]),
  /** The rig the model starts from with --sim: a file beside the lesson, or a shipped rig's name. Default sim-starlink. */
  simRig: z.string().min(1).default("sim-starlink"),
  notes: text,
  policy: z.enum(POLICY_NAMES).optional(),
  /**
   * Rig parameters set before the session starts (also the start-only ones a `set` step
   * refuses: node.battery.initialSocFraction, orbit.startPhase), as `key: value`.
   */
  start: z
    .record(z.string().regex(/^[a-z]+(\.[A-Za-z]\w*)+$/, "expected section.field"), parameterValue)
    .default({}),
  published: z.record(label, publishedSchema).default({}),
  steps: z.array(stepSchema).min(1),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type ExpectStep = Extract<LessonStep, { expect: unknown }>["expect"];
