/**
 * Constellation: many copies of the rig's node in Walker planes, joined by inter-satellite
 * links, sharing a stream of jobs that the follow-the-Sun planner moves toward sunlit nodes
 * with spare capacity. Pure and fast, like `simulate`; equations in docs/model.md.
 * The planner (planner.ts) and the work queues (queues.ts) do not depend on the model's
 * loop: the desk constellation (desk.ts) drives them with the states its rigs report.
 */
export * from "./compare.js";
export * from "./desk.js";
export * from "./desk-setup.js";
export * from "./desk-types.js";
export * from "./figures.js";
export * from "./format.js";
export * from "./jobs.js";
export * from "./layout.js";
export * from "./links.js";
export * from "./orbits.js";
export * from "./planner.js";
export * from "./queues.js";
export * from "./result.js";
export * from "./run.js";
export * from "./series.js";
export * from "./setup.js";
