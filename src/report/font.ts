/**
 * The chart font. resvg has no fonts of its own, so charts get DejaVu Sans (Debian package
 * fonts-dejavu-core) when it is installed. Kept apart from render.ts so that asking
 * "is the font there?" does not load vega and resvg.
 */
import { existsSync } from "node:fs";

/** Where Debian (fonts-dejavu-core) and a few other systems keep DejaVu Sans. */
export const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/local/share/fonts/DejaVuSans.ttf",
];

export function findFont(): string | null {
  return FONT_CANDIDATES.find((p) => existsSync(p)) ?? null;
}
