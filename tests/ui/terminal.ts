/**
 * What a terminal shows after a stream of writes, read from a real terminal emulator
 * (xterm.js, headless) rather than from our own idea of the escape codes: the frame
 * writer's cursor moves and erasures are checked by something that did not write them.
 */
import xterm from "@xterm/headless";

/** The rows of the screen, each cell as its glyph and, when not blank, its colour and weight. */
export interface Screen {
  /** Plain text of each row, right-trimmed; trailing empty rows dropped. */
  text: string[];
  /** Glyph, colour mode and colour, bold, cell by cell; blank cells as a space. */
  cells: string[];
  /** Cursor row and column (0-based) after the writes. */
  cursor: { y: number; x: number };
}

/** A write, or the terminal being resized between writes. */
export type TerminalStep = string | { columns: number; rows: number };

/** Feeds `steps` to a fresh terminal of the given size and reads its screen. */
export async function screenAfter(
  steps: readonly TerminalStep[],
  columns: number,
  rows: number,
): Promise<Screen> {
  const term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
  try {
    for (const step of steps) {
      if (typeof step === "string") await new Promise<void>((r) => term.write(step, r));
      else term.resize(step.columns, step.rows);
    }
    return readScreen(term, term.cols, term.rows);
  } finally {
    term.dispose();
  }
}

function readScreen(term: xterm.Terminal, columns: number, rows: number): Screen {
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  const text: string[] = [];
  const cells: string[] = [];
  for (let y = 0; y < rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    if (!line) break;
    text.push(line.translateToString(true));
    let row = "";
    for (let x = 0; x < columns; x++) {
      line.getCell(x, cell);
      const ch = cell.getChars() || " ";
      const styled = cell.getFgColorMode() !== 0 || cell.isBold() !== 0;
      row +=
        ch === " " && !styled
          ? " "
          : `${ch}{${cell.getFgColorMode()}:${cell.getFgColor()}:${cell.isBold()}}`;
    }
    cells.push(row.trimEnd());
  }
  while (text.length > 0 && text.at(-1) === "" && cells.at(-1) === "") {
    text.pop();
    cells.pop();
  }
  return { text, cells, cursor: { y: buf.cursorY, x: buf.cursorX } };
}

/** The screen a frame gives on its own: its rows written plainly to a fresh terminal. */
export const freshScreen = (rows: readonly string[], columns: number, height: number) =>
  screenAfter([rows.join("\r\n")], columns, height);
