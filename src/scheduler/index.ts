/**
 * Scheduler: duty-cycle policies (always-on, sunlit-only, soc-hysteresis, predictive)
 * behind one interface, and the thermal guard that composes with any of them.
 */
export * from "./policies.js";
export * from "./scheduler.js";
export * from "./thermal-guard.js";
export * from "./types.js";
