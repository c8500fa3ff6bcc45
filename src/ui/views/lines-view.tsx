/**
 * Renders the pure panels' lines with ink: one text node per line (see ../ansi.ts).
 *
 * Measured text: ink measures every text node on every render with `string-width`, whose
 * fast path takes printable ASCII only; one block character or degree sign sends the whole
 * line through grapheme segmentation and an emoji regex per character. That was half of a
 * dashboard render (bench/dashboard.ts). The panels already know each line's width (they
 * fit lines to their column, and every glyph they use is one cell wide: ../format.ts
 * `cells`), so a line is laid out as an ASCII placeholder of the same width, and ink's
 * `<Transform>` swaps the drawn line in when the output is composed. Layout, clipping and
 * screen-reader text (the line's plain text) are unchanged.
 */
import { Box, Text, Transform } from "ink";
import { createContext, useContext } from "react";
import { lineToAnsi } from "../ansi.js";
import { cells } from "../format.js";
import { fitLine, type Line, lineWidth } from "../lines.js";

/** Whether colour is on (false under NO_COLOR). */
export const ColorContext = createContext(true);

/** Placeholders by width: the same string each render, so ink's measure cache hits. */
const placeholders: string[] = [];
const placeholder = (w: number) => {
  placeholders[w] ??= "x".repeat(w);
  return placeholders[w];
};

/** One line, cut to `width` cells (an ellipsis marks the cut). */
export function LineView({ line, width }: { line: Line; width: number }) {
  const color = useContext(ColorContext);
  const fitted = fitLine(line, Math.max(1, width));
  const w = lineWidth(fitted);
  if (w === 0) return <Text> </Text>;
  const drawn = lineToAnsi(fitted, color);
  // ink hands the transform the placeholder as laid out: whole, unless the box turned out
  // narrower than `width` (then wrapped to the box). Draw what fits in that case.
  const transform = (laidOut: string, index: number) => {
    if (index > 0) return "";
    const room = cells(laidOut);
    return room >= w ? drawn : lineToAnsi(fitLine(fitted, room), color);
  };
  return (
    <Transform transform={transform} accessibilityLabel={fitted.map((s) => s.text).join("")}>
      <Text>{placeholder(w)}</Text>
    </Transform>
  );
}

export function LinesView({ lines, width }: { lines: Line[]; width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
        <LineView key={i} line={l} width={width} />
      ))}
    </Box>
  );
}
