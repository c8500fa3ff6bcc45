/**
 * Firmware profiles (firmware-profiles/NAME/profile.json): loading and validating
 * them, building the sketch with arduino-mk, and the avrdude command that flashes it.
 */
export * from "./avrdude.js";
export * from "./build.js";
export * from "./profiles.js";
export * from "./run.js";
export * from "./schema.js";
export * from "./tools.js";
