/**
 * Lessons: scripted experiments (lessons/*.yaml) run on a rig through the normal session,
 * or in the model alone, that measure, compare with the model's prediction and published
 * figures, and end in a report. docs/lessons.md.
 */
export * from "./load.js";
export * from "./meter.js";
export * from "./panel-state.js";
export * from "./quantities.js";
export * from "./report.js";
export * from "./rig-target.js";
export * from "./runner.js";
export * from "./schema.js";
export * from "./show.js";
export * from "./sim-target.js";
