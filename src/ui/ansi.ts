/**
 * Lines to terminal strings with SGR colour codes (ECMA-48 §8.3.117), one string per screen
 * row: what ./frame-writer.ts compares with the row on screen and sends when it changed.
 */
import type { Line, Tone } from "./lines.js";

/** Foreground SGR codes of each tone; undefined = the terminal's own colour. */
export const TONE_SGR: Record<Tone, number | undefined> = {
  sunlit: 93, // bright yellow
  penumbra: 33, // yellow
  umbra: 34, // blue
  ok: 32, // green
  warn: 33, // yellow
  alarm: 31, // red
  dim: 90, // grey
  accent: 36, // cyan
  title: 36, // cyan
  value: undefined,
};

const ESC = "\u001B[";

/**
 * The line as one string; colour codes only when `color`, bold always (it is not colour).
 * Codes are emitted only where the style changes (fewer bytes to send), and reset at the
 * end of the line, so a row never lends its style to the next.
 */
export function lineToAnsi(line: Line, color: boolean): string {
  let out = "";
  let fg: number | undefined;
  let bold = false;
  for (const s of line) {
    if (s.text === "") continue;
    const wantFg = color && s.tone ? TONE_SGR[s.tone] : undefined;
    const wantBold = s.bold === true;
    // Spaces show no colour and no weight: carry the current style through them.
    if (s.text.trim() !== "") {
      if (wantBold !== bold) out += wantBold ? `${ESC}1m` : `${ESC}22m`;
      if (wantFg !== fg) out += wantFg === undefined ? `${ESC}39m` : `${ESC}${wantFg}m`;
      fg = wantFg;
      bold = wantBold;
    }
    out += s.text;
  }
  if (bold) out += `${ESC}22m`;
  if (fg !== undefined) out += `${ESC}39m`;
  return out;
}
