/**
 * The dashboard's drawing model: a panel is a list of lines, a line a list of segments,
 * each with an optional tone. Panels are pure functions of the snapshot producing lines;
 * ./screen.ts places them and ./ansi.ts maps tones to colours (or to nothing under
 * NO_COLOR).
 */
import { visibleControls } from "../core/text.js";
import { cells, fitText } from "./format.js";

export type Tone =
  | "sunlit"
  | "penumbra"
  | "umbra"
  | "ok"
  | "warn"
  | "alarm"
  | "dim"
  | "accent"
  | "title"
  | "value";

export interface Seg {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

export type Line = Seg[];

/**
 * One segment. Its text may come from a rig file or a recording (a name, a note): control
 * characters are shown, never sent to the terminal as escape sequences.
 */
export const seg = (raw: string, tone?: Tone, bold?: boolean): Seg => {
  const text = CONTROL.test(raw) ? visibleControls(raw) : raw;
  return tone === undefined
    ? { text, ...(bold ? { bold } : {}) }
    : { text, tone, ...(bold ? { bold } : {}) };
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is found
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function lineWidth(line: Line): number {
  return line.reduce((n, s) => n + cells(s.text), 0);
}

/** Cuts a line to at most `width` cells (an ellipsis marks the cut). */
export function fitLine(line: Line, width: number): Line {
  if (lineWidth(line) <= width) return line;
  const out: Line = [];
  let left = width;
  for (const s of line) {
    const w = cells(s.text);
    if (w < left) {
      out.push(s);
      left -= w;
    } else {
      out.push({ ...s, text: fitText(s.text, left) });
      break;
    }
  }
  return out;
}

/** A section rule: "─ TITLE ─ extra ──────" to width. */
export function rule(title: string, width: number, extra: Line = []): Line {
  const head: Line = [seg("─ ", "dim"), seg(title, "title", true), seg(" ", "dim"), ...extra];
  const w = lineWidth(head);
  return fitLine(
    [
      ...head,
      seg(
        `${extra.length ? " " : ""}${"─".repeat(Math.max(0, width - w - (extra.length ? 1 : 0)))}`,
        "dim",
      ),
    ],
    width,
  );
}
