/** Protocol v1: constants, framing, codec. Pure: no IO, never throws on wire bytes. */

export * from "./codec.js";
export * from "./constants.js";
export * from "./crc.js";
export * from "./decode-bytes.js";
export * from "./framing.js";
export * from "./messages.js";
export * from "./telemetry-rate.js";
export * from "./to-frame.js";
