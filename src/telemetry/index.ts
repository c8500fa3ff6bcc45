/**
 * Telemetry: the NDJSON recording (format, writer, streaming reader), CSV export and
 * per-orbit statistics. See docs/recording.md.
 */
export * from "./columns.js";
export * from "./csv.js";
export * from "./decode.js";
export * from "./export-columns.js";
export * from "./format.js";
export * from "./output-file.js";
export * from "./reader.js";
export { ReplaySource, replayRecording } from "./replay-source.js";
export { RowKind, RowParser } from "./row-parser.js";
export * from "./stats.js";
export * from "./summary.js";
export * from "./window.js";
export * from "./writer.js";
