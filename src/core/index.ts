export * from "./board.js";
export * from "./clock.js";
export * from "./duration.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./frame.js";
export * from "./prng.js";
export * from "./version.js";
