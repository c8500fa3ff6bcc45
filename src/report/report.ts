import { nodeSchema } from "../config/schema/node.js";
import { formatDurationS } from "../core/duration.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { visibleControls } from "../core/text.js";
import { csvQuote } from "../telemetry/csv.js";
import type { RecordingHeader } from "../telemetry/format.js";
import { describeDamage, openRecording } from "../telemetry/reader.js";
import { type RecordingSummary, summarizeRecording } from "../telemetry/summary.js";
import type { TimeWindow } from "../telemetry/window.js";
import { buildCharts, type ChartLimits } from "./charts.js";
import {
  ORBIT_COLUMNS,
  orbitCells,
  renderHtml,
  renderMarkdown,
  reportSections,
} from "./document.js";
import { reportFolder } from "./folder.js";
import { findFont, renderCharts } from "./render.js";

export interface ReportOptions {
  window?: TimeWindow;
  /** PNG pixels per SVG pixel. Default 2. */
  pngScale?: number;
  /** Chart resolution: time buckets per chart. Default 800. */
  buckets?: number;
  onProgress?: (bytesDone: number, totalBytes: number) => void;
}

export interface ReportResult {
  outDir: string;
  files: string[];
  summary: RecordingSummary;
  charts: Array<{
    name: string;
    svg: string;
    png: string;
    pngWidth: number;
    pngHeight: number;
    svgWidth: number;
    svgHeight: number;
  }>;
  /** Font used for chart text, or null when resvg fell back to the system's fonts. */
  font: string | null;
}

/** Limits drawn on the charts, from the rig file in the header (defaults where it has none). */
export function limitsFromHeader(h: RecordingHeader): ChartLimits {
  const cfg = (h.rig?.config ?? {}) as { node?: unknown; safety?: { maxPanelTempC?: number } };
  const node = nodeSchema.safeParse(cfg.node ?? {});
  const n = node.success ? node.data : null;
  return {
    floorSocPct: n ? Math.round(n.battery.floorSocFraction * 1000) / 10 : null,
    maxPanelTempC: cfg.safety?.maxPanelTempC ?? null,
    maxNodeTempC: n?.thermal.maxTempC ?? null,
    minNodeTempC: n?.thermal.minTempC ?? null,
  };
}

/**
 * A report of no frames would be empty charts and tables: a `--from` past the end (or a
 * recording without frames) is said in one line and exits 2, before any file is written.
 */
export function nothingToReport(
  path: string,
  window: TimeWindow | undefined,
  summary: RecordingSummary,
  verb = "report",
): OrbitrigError {
  // counts.frames: the file's valid frames, in the window or not. The footer's lastHostMs
  // says where the session's last frame was, not whether the file still holds it.
  const damage = describeDamage(summary.counts);
  const lastHostMs = summary.footer?.lastHostMs;
  const ends =
    summary.counts.frames === 0
      ? summary.counts.corrupt > 0
        ? `it has no valid frames: ${damage}`
        : "it has no frames"
      : typeof lastHostMs === "number"
        ? `its last frame is at ${formatDurationS(lastHostMs / 1000)}`
        : `its ${summary.counts.frames} frames are outside that window`;
  const windowed = window && (window.fromS > 0 || Number.isFinite(window.toS));
  const what = windowed
    ? `no frames from ${formatDurationS(window.fromS)}${Number.isFinite(window.toS) ? ` to ${formatDurationS(window.toS)}` : ""}`
    : "no frames";
  return new OrbitrigError("USAGE", `${path}: ${what} to ${verb} (${ends})`, ExitCode.usage);
}

export async function makeReport(
  path: string,
  outDir: string,
  options: ReportOptions = {},
): Promise<ReportResult> {
  const rec = openRecording(path);
  const summary = summarizeRecording(rec, {
    window: options.window,
    onProgress: options.onProgress,
    seriesBuckets: options.buckets ?? 800,
  });
  const buckets = summary.series ?? [];
  if (summary.frames === 0) throw nothingToReport(path, options.window, summary);
  const rigName = visibleControls(
    String(((rec.header.rig?.config ?? {}) as { name?: unknown }).name ?? "recording"),
  );
  const title = `orbitrig report: ${rigName}`;
  const specs = buildCharts({
    buckets,
    orbits: summary.stats.orbits,
    limits: limitsFromHeader(rec.header),
    timeScale: rec.header.timeScale ?? null,
    title: rigName,
  });
  const font = findFont();
  const charts = await renderCharts(specs, options.pngScale ?? 2, font);
  const out = reportFolder(outDir);
  const write = out.write;
  out.writeCharts(charts);
  const sections = reportSections(summary, charts);
  write("summary.md", renderMarkdown(title, sections, charts));
  write("report.html", renderHtml(title, sections, charts));
  const csv = [
    ORBIT_COLUMNS.join(","),
    ...summary.stats.orbits.map((o) =>
      orbitCells(o)
        .map((c) => csvQuote(String(c ?? "")))
        .join(","),
    ),
  ];
  write("orbits.csv", `${csv.join("\r\n")}\r\n`);
  const chartMeta = charts.map((c) => ({
    name: c.name,
    svg: `${c.name}.svg`,
    png: `${c.name}.png`,
    svgWidth: c.svgWidth,
    svgHeight: c.svgHeight,
    pngWidth: c.pngWidth,
    pngHeight: c.pngHeight,
  }));
  write(
    "report.json",
    `${JSON.stringify({ recording: path, charts: chartMeta, totals: summary.stats.totals, counts: summary.counts, font }, null, 2)}\n`,
  );
  return { outDir, files: out.commit(), summary, charts: chartMeta, font };
}
