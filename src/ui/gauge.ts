/** Horizontal gauges (battery SoC): eighth-block fill, '░' for empty, readable without colour. */

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
export const GAUGE_EMPTY = "░";
export const GAUGE_FULL = "█";

/** Exactly `width` cells showing fraction 0..1 (clamped); NaN or null shows an empty gauge of '?'. */
export function gauge(fraction: number | null | undefined, width: number): string {
  const w = Math.max(0, Math.floor(width));
  if (typeof fraction !== "number" || !Number.isFinite(fraction)) return "?".repeat(w);
  const f = Math.min(1, Math.max(0, fraction));
  const eighths = Math.round(f * w * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8] ?? "";
  const used = full + (part ? 1 : 0);
  return GAUGE_FULL.repeat(full) + part + GAUGE_EMPTY.repeat(w - used);
}
