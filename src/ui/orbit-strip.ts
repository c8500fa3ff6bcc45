/**
 * The orbit strip: one orbit as a bar of N cells, sunlit / penumbra / umbra as distinct
 * symbols (readable without colour), the node's position, and the countdown text.
 */
import type { OrbitSegment, SunRegion } from "../orbit/types.js";
import { formatDuration } from "./format.js";
import type { SessionSnapshot } from "./snapshot.js";
import { SPARK_CHARS } from "./sparkline.js";

export const REGION_SYMBOL: Record<SunRegion, string> = { sunlit: "█", penumbra: "▒", umbra: "░" };
export const REGION_ICON: Record<SunRegion, string> = { sunlit: "☀", penumbra: "◐", umbra: "●" };
export const REGION_LABEL: Record<SunRegion, string> = {
  sunlit: "SUNLIT",
  penumbra: "PENUMBRA",
  umbra: "ECLIPSE",
};
export const MARKER = "▲";

function regionAt(segments: readonly OrbitSegment[], phase: number): SunRegion {
  for (const s of segments) if (phase >= s.fromPhase && phase < s.toPhase) return s.region;
  return segments.at(-1)?.region ?? "sunlit";
}

/**
 * Region of each cell, sampled at the cell's centre. A segment narrower than a cell
 * (penumbra lasts seconds in LEO) still gets the cell holding its middle, so it is seen.
 */
export function orbitCells(segments: readonly OrbitSegment[], width: number): SunRegion[] {
  const w = Math.max(0, Math.floor(width));
  const cellsOut: SunRegion[] = [];
  for (let i = 0; i < w; i++) cellsOut.push(regionAt(segments, (i + 0.5) / w));
  for (const s of segments) {
    if (s.toPhase <= s.fromPhase || w === 0) continue;
    const from = Math.floor(s.fromPhase * w);
    const to = Math.min(w, Math.ceil(s.toPhase * w));
    if (cellsOut.slice(from, to).includes(s.region)) continue;
    cellsOut[Math.min(w - 1, Math.floor(((s.fromPhase + s.toPhase) / 2) * w))] = s.region;
  }
  return cellsOut;
}

export function markerIndex(phase: number, width: number): number {
  if (!Number.isFinite(phase) || width <= 0) return 0;
  const p = phase - Math.floor(phase);
  return Math.min(width - 1, Math.floor(p * width));
}

/** Consecutive cells of one region, for colouring. */
export function regionRuns(cellsIn: readonly SunRegion[]): { region: SunRegion; text: string }[] {
  const runs: { region: SunRegion; text: string }[] = [];
  for (const r of cellsIn) {
    const last = runs.at(-1);
    if (last && last.region === r) last.text += REGION_SYMBOL[r];
    else runs.push({ region: r, text: REGION_SYMBOL[r] });
  }
  return runs;
}

/** "eclipse in 10:34" / "sunlight in 35:50" / "no eclipse this orbit", in orbit time. */
export function countdownText(next: SessionSnapshot["orbit"]["next"], timeScale?: number): string {
  if (next === null) return "no eclipse this orbit";
  const what = next.kind === "eclipse-entry" ? "eclipse" : "sunlight";
  const bench =
    timeScale && timeScale > 1 ? ` (bench ${formatDuration(next.inS / timeScale)})` : "";
  return `${what} in ${formatDuration(next.inS)}${bench}`;
}

/** The line under the bar: the marker at the node's position, padded to width. */
export function markerLine(phase: number | null, width: number): string {
  if (phase === null) return " ".repeat(Math.max(0, width));
  const i = markerIndex(phase, width);
  return `${" ".repeat(i)}${MARKER}${" ".repeat(Math.max(0, width - i - 1))}`;
}

/** The compute row's cell where compute was off (known, not a gap). */
export const COMPUTE_IDLE = "·";

/** A compute level 0..1 as one cell: `·` off, ▁ to █ by level. */
export function computeSymbol(level: number): string {
  if (!(level > 0.005)) return COMPUTE_IDLE;
  return SPARK_CHARS[Math.min(SPARK_CHARS.length - 1, Math.ceil(level * SPARK_CHARS.length) - 1)]!;
}

/**
 * The compute row: `width` cells under the orbit bar, each the mean compute level of the
 * phase bins it covers (from ../snapshot.ts computeThisOrbit), blank where the node has
 * not been this orbit. Cells line up with orbitCells: cell i is phase i/width..(i+1)/width.
 */
export function computeCells(levels: readonly number[], width: number): string[] {
  const w = Math.max(0, Math.floor(width));
  const bins = levels.length;
  const out: string[] = [];
  for (let i = 0; i < w; i++) {
    const from = Math.floor((i * bins) / w);
    const to = Math.max(from + 1, Math.floor(((i + 1) * bins) / w));
    let sum = 0;
    let n = 0;
    for (let j = from; j < to && j < bins; j++) {
      const v = levels[j]!;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    out.push(n > 0 ? computeSymbol(sum / n) : " ");
  }
  return out;
}

export const ORBIT_LEGEND = `${REGION_SYMBOL.sunlit} sun ${REGION_SYMBOL.penumbra} penumbra ${REGION_SYMBOL.umbra} eclipse ${MARKER} node`;
