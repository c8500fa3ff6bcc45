/**
 * Headless chart rendering: Vega-Lite -> Vega -> SVG (vega's own SVG renderer, no browser),
 * then SVG -> PNG with resvg. Text needs a real font file: resvg has no fonts of its own, so
 * we hand it DejaVu Sans (Debian package fonts-dejavu-core) and fall back to the system's
 * fonts when that file is missing.
 */
import { renderAsync } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { type ChartSpec, FONT_FAMILY } from "./charts.js";
import { findFont } from "./font.js";

export { FONT_CANDIDATES, findFont } from "./font.js";

export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
  png: Buffer;
  /** Size of the SVG (CSS px) and of the PNG (device px, `scale` times larger). */
  svgWidth: number;
  svgHeight: number;
  pngWidth: number;
  pngHeight: number;
}

export async function renderChart(
  chart: ChartSpec,
  scale = 2,
  fontFile = findFont(),
): Promise<RenderedChart> {
  return (await renderCharts([chart], scale, fontFile))[0]!;
}

/**
 * Renders charts in order. Each chart's PNG is drawn by resvg on libuv's thread pool while
 * vega lays out the next chart on this thread, so a report's charts use two cores.
 */
export async function renderCharts(
  charts: readonly ChartSpec[],
  scale = 2,
  fontFile = findFont(),
): Promise<RenderedChart[]> {
  const done: RenderedChart[] = [];
  // One PNG at a time in the pool: each holds a full image (a report's peak memory).
  let drawing: Promise<RenderedChart> | null = null;
  for (const chart of charts) {
    const svg = await chartSvg(chart);
    if (drawing) done.push(await drawing);
    drawing = rasterize(chart, svg, scale, fontFile);
  }
  if (drawing) done.push(await drawing);
  return done;
}

async function chartSvg(chart: ChartSpec): Promise<string> {
  const vg = compile(chart.spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

async function rasterize(
  chart: ChartSpec,
  svg: string,
  scale: number,
  fontFile: string | null,
): Promise<RenderedChart> {
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  const img = await renderAsync(svg, {
    font: fontFile
      ? { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }
      : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
  });
  return {
    name: chart.name,
    title: chart.title,
    svg,
    png: img.asPng(),
    svgWidth: Number(m?.[1] ?? 0),
    svgHeight: Number(m?.[2] ?? 0),
    pngWidth: img.width,
    pngHeight: img.height,
  };
}
