/** Renders the pure panels' lines with ink; the only place tones become colours. */
import { Box, Text } from "ink";
import { createContext, useContext } from "react";
import type { Line } from "../lines.js";
import { TONE_COLOR } from "../theme.js";

/** Whether colour is on (false under NO_COLOR). */
export const ColorContext = createContext(true);

export function LineView({ line }: { line: Line }) {
  const color = useContext(ColorContext);
  return (
    <Text wrap="truncate-end">
      {line.length === 0
        ? " "
        : line.map((s, i) => {
            const c = color && s.tone ? TONE_COLOR[s.tone] : undefined;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
              <Text key={i} {...(c ? { color: c } : {})} bold={s.bold === true}>
                {s.text}
              </Text>
            );
          })}
    </Text>
  );
}

export function LinesView({ lines, width }: { lines: Line[]; width?: number }) {
  return (
    <Box flexDirection="column" {...(width !== undefined ? { width } : {})}>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
        <LineView key={i} line={l} />
      ))}
    </Box>
  );
}
