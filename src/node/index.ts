/**
 * Node: the satellite side. Array (bench-scaled or modelled), battery (SoC-OCV, efficiencies,
 * limits, taper, DoD floor), compute payload with throttle levels, avionics, lumped thermal,
 * energy bookkeeping and duty-cycle accounting. Pure step functions; equations in docs/model.md.
 */
export * from "./battery.js";
export * from "./fleet.js";
export * from "./kernel.js";
export * from "./params.js";
export * from "./simulate.js";
export type * from "./state.js";
export * from "./step.js";
