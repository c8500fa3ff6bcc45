/**
 * Draws the dashboard's frames on a terminal, in place, where the dashboard started (not
 * an alternate screen): the cursor rests on the line below the frame, and the next frame
 * moves up over it. With the frame cache on, a row that is the same string as the row
 * shown there is skipped, so only the rows that changed are sent; the writer keeps the one
 * frame on screen and nothing older.
 *
 * Control functions are ECMA-48 (5th ed.): CUU §8.3.22, CNL §8.3.20, CUP §8.3.21,
 * EL §8.3.41, ED §8.3.39, CR and LF §8.2. Cursor hiding (DECTCEM, `?25`) and synchronized
 * update (`?2026`, so a terminal shows a frame whole) are private modes that a terminal
 * without them ignores. A row is cleared before it is written rather than erased after:
 * nothing of a longer row before it stays, and a row reaching the last column, which leaves
 * the cursor pending a wrap, does not lose its last character on terminals that erase from
 * there.
 */

const CSI = "\u001B[";
const HIDE_CURSOR = `${CSI}?25l`;
const SHOW_CURSOR = `${CSI}?25h`;
const SYNC_BEGIN = `${CSI}?2026h`;
const SYNC_END = `${CSI}?2026l`;
const CLEAR_ROW = `${CSI}2K`;
const ERASE_BELOW = `${CSI}J`;
const CLEAR_SCREEN = `${CSI}2J${CSI}H`;
const up = (n: number) => `${CSI}${n}A`;
const nextLine = (n: number) => `${CSI}${n}E`;
/** CR LF, not LF alone: the terminal's line discipline may not add the CR. */
const NEWLINE = "\r\n";

/** What the writer needs of a terminal stream. */
export interface TerminalOut {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** A stream that is gone (a hung-up terminal) is not written to. */
  destroyed?: boolean;
  writableEnded?: boolean;
}

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The environment switch: ORBITRIG_FRAME_CACHE=0 redraws every row of every frame. */
export function frameCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ORBITRIG_FRAME_CACHE !== "0";
}

export class FrameWriter {
  /** The rows on screen now (the last frame drawn), top to bottom. */
  private shown: readonly string[] = [];
  private shownSize: TerminalSize | null = null;
  private cursorHidden = false;
  /** Frames written and rows sent, for tests and the benchmark. */
  readonly stats = { frames: 0, rowsWritten: 0 };

  constructor(
    private readonly out: TerminalOut,
    /** Skip rows that are unchanged on screen. Default: frameCacheEnabled(). */
    private readonly reuseRows = frameCacheEnabled(),
  ) {}

  /**
   * Shows `rows` (strings with SGR codes only, each narrower than the terminal) in place of
   * the last frame. A terminal of another size than the last frame's is cleared first: its
   * rows may have been re-wrapped, so the cursor cannot be trusted to find the old frame.
   */
  draw(rows: readonly string[], size: TerminalSize): void {
    const resized =
      this.shownSize !== null &&
      (this.shownSize.columns !== size.columns || this.shownSize.rows !== size.rows);
    // A frame as tall as the screen has scrolled its top away: moving up cannot reach it.
    const lost = resized || this.shown.length >= size.rows;
    const before = lost ? [] : this.shown;
    let body = "";
    let skipped = 0;
    let written = 0;
    for (let y = 0; y < rows.length; y++) {
      const row = rows[y] as string;
      if (this.reuseRows && row === before[y]) {
        skipped++;
        continue;
      }
      if (skipped > 0) body += nextLine(skipped);
      skipped = 0;
      body += `${CLEAR_ROW}${row}${NEWLINE}`;
      written++;
    }
    if (written === 0 && rows.length === before.length && !lost) return;
    if (skipped > 0) body += nextLine(skipped);
    if (rows.length < before.length) body += ERASE_BELOW;
    let head = "";
    if (!this.cursorHidden) head += HIDE_CURSOR;
    if (this.shownSize !== null && lost) head += CLEAR_SCREEN;
    else if (before.length > 0) head += `\r${up(before.length)}`;
    const sync = this.out.isTTY === true;
    this.send(sync ? `${SYNC_BEGIN}${head}${body}${SYNC_END}` : head + body);
    this.cursorHidden = true;
    this.shown = rows.slice();
    this.shownSize = { ...size };
    this.stats.frames++;
    this.stats.rowsWritten += written;
  }

  /** The rows the writer holds: the frame on screen, nothing older. */
  retainedRows(): readonly string[] {
    return this.shown;
  }

  /** Leaves the last frame on screen with the cursor below it, and shows the cursor again. */
  done(): void {
    if (this.cursorHidden) this.send(SHOW_CURSOR);
    this.cursorHidden = false;
    this.shown = [];
    this.shownSize = null;
  }

  private send(chunk: string): void {
    if (this.out.destroyed === true || this.out.writableEnded === true) return;
    this.out.write(chunk);
  }
}
