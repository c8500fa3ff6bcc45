/**
 * Report: charts (Vega-Lite rendered headless to SVG, PNG through resvg), summary.md and a
 * self-contained report.html of a recording.
 */

export * from "../telemetry/series.js";
export * from "./charts.js";
export * from "./document.js";
export * from "./progress.js";
export * from "./render.js";
export * from "./report.js";
export * from "./simulation.js";
