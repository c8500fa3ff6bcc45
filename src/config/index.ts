export * from "./load.js";
export * from "./rig.js";
export * from "./shipped-rigs.js";
export * from "./update.js";
export * from "./yaml-file.js";
export * from "./yaml-read.js";
