export * from "./load.js";
export * from "./rig.js";
export * from "./update.js";
