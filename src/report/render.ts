/**
 * Headless chart rendering: Vega-Lite -> Vega -> SVG (vega's own SVG renderer, no browser),
 * then SVG -> PNG with resvg. Text needs a real font file: resvg has no fonts of its own, so
 * we hand it DejaVu Sans (Debian package fonts-dejavu-core) and fall back to the system's
 * fonts when that file is missing.
 */
import { Resvg } from "@resvg/resvg-js";
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
  const vg = compile(chart.spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  const svgWidth = Number(m?.[1] ?? 0);
  const svgHeight = Number(m?.[2] ?? 0);
  const resvg = new Resvg(svg, {
    font: fontFile
      ? { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }
      : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
  });
  const img = resvg.render();
  return {
    name: chart.name,
    title: chart.title,
    svg,
    png: img.asPng(),
    svgWidth,
    svgHeight,
    pngWidth: img.width,
    pngHeight: img.height,
  };
}
