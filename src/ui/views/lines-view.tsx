/** Renders the pure panels' lines with ink: one text node per line (see ../ansi.ts). */
import { Box, Text } from "ink";
import { createContext, useContext } from "react";
import { lineToAnsi } from "../ansi.js";
import type { Line } from "../lines.js";

/** Whether colour is on (false under NO_COLOR). */
export const ColorContext = createContext(true);

export function LineView({ line }: { line: Line }) {
  const color = useContext(ColorContext);
  return <Text wrap="truncate-end">{line.length === 0 ? " " : lineToAnsi(line, color)}</Text>;
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
