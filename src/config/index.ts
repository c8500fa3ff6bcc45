export * from "./load.js";
export * from "./rig.js";
