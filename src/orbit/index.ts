/**
 * Orbit: circular-orbit period, beta angle (fixed or from date with J2 drift), eclipse
 * geometry (cylindrical and conical umbra/penumbra), presets, and the EclipseSchedule the
 * session queries. Pure; time is an argument. Equations and sources: docs/model.md.
 */
export * from "./constants.js";
export * from "./geometry.js";
export * from "./ground.js";
export * from "./presets.js";
export * from "./schedule.js";
export * from "./shadow.js";
export * from "./sun.js";
export * from "./types.js";
