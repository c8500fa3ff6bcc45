/**
 * The whole dashboard for one snapshot as screen rows: the pure panels of ./panels/ placed
 * by ./layout.ts. The layout is a grid of fixed-width columns whose every glyph is one cell
 * wide (./format.ts `cells`), so placing it is cutting each line to its column and padding
 * it to the next one; no flexbox is needed. Pure and stateless: tests read it without a
 * terminal, and ./frame-writer.ts draws the rows.
 */
import type { SessionControls } from "../session/types.js";
import { lineToAnsi } from "./ansi.js";
import { cells } from "./format.js";
import { type Layout, MIN_COLUMNS, MIN_ROWS } from "./layout.js";
import { fitLine, type Line, lineWidth, rule, seg } from "./lines.js";
import { headerLines, orbitLines } from "./panels/header.js";
import { LESSON_PANEL_ROWS, lessonLines } from "./panels/lesson.js";
import {
  benchLines,
  benchTitle,
  bigReadoutLines,
  dutyLines,
  nodeLines,
  nodeTitle,
} from "./panels/power.js";
import { projectorLines } from "./panels/projector.js";
import {
  alarmLines,
  eventLines,
  helpLines,
  keyBar,
  linkLine,
  trendLines,
} from "./panels/status.js";
import type { SessionSnapshot } from "./snapshot.js";
import { formatStatusLine } from "./status-line.js";

export interface DashboardUiState {
  help: boolean;
  /** The projector view (`P`, `--projector`): big numbers, nothing small. */
  projector?: boolean;
  /** Text being typed after `n`, or null when not typing. */
  note: string | null;
  /** A short message after a key (e.g. "seek: replay only"). */
  message: string | null;
}

export interface ScreenInput {
  snapshot: SessionSnapshot;
  layout: Layout;
  ui: DashboardUiState;
  capabilities: SessionControls["capabilities"];
  staleLinkS: number;
}

/** A column of lines, each cut to `width` cells. */
export interface Column {
  lines: Line[];
  width: number;
}

/**
 * Columns side by side, top-aligned: row i is line i of each column, cut to the column's
 * width and padded to it when a later column has something on that row.
 */
export function beside(columns: Column[]): Line[] {
  const height = Math.max(0, ...columns.map((c) => c.lines.length));
  const rows: Line[] = [];
  for (let y = 0; y < height; y++) {
    const row: Line = [];
    let pad = 0;
    for (const c of columns) {
      const line = c.lines[y];
      if (line === undefined || line.length === 0) {
        pad += c.width;
        continue;
      }
      if (pad > 0) row.push(seg(" ".repeat(pad)));
      const fitted = fitLine(line, c.width);
      row.push(...fitted);
      pad = c.width - lineWidth(fitted);
    }
    rows.push(row);
  }
  return rows;
}

/** The bench and node panels side by side (the one-column layout's power row). */
function powerRow(s: SessionSnapshot, l: Layout, staleS: number): Line[] {
  const lw = Math.floor((l.leftWidth - 3) / 2);
  const rw = l.leftWidth - 3 - lw;
  // The bench side never outgrows the node side (the 80x24 budget); extra channels go first.
  const left = [benchTitle(s, lw, staleS), ...benchLines(s, staleS, lw)].slice(0, 6);
  const right = [nodeTitle(s, rw, staleS, "satellite"), ...nodeLines(s, l.gaugeWidth)];
  const sep = Array.from({ length: Math.max(left.length, right.length) }, () => [
    seg(" │ ", "dim"),
  ]);
  return beside([
    { lines: left, width: lw },
    { lines: sep, width: 3 },
    { lines: right, width: rw },
  ]);
}

const bigReadout = (s: SessionSnapshot, width: number): Line[] =>
  s.node ? [rule("AT A GLANCE", width), ...bigReadoutLines(s, width)] : [];

/** The `n` key's input line: typed text with a block cursor. */
const noteInput = (text: string): Line => [
  seg("note› ", "accent", true),
  seg(text),
  seg("█", "accent"),
  seg("  Enter adds · Esc cancels", "dim"),
];

/**
 * The projector view at any terminal size (./panels/projector.ts), with the key bar or the
 * note being typed; the help overlay replaces it as it replaces the panels.
 */
export function projectorScreenLines(
  input: Omit<ScreenInput, "layout">,
  columns: number,
  rows: number,
): Line[] {
  const { snapshot: s, ui, capabilities, staleLinkS } = input;
  const width = Math.max(1, columns - 1);
  if (ui.help)
    return [
      ...helpLines(capabilities, width, staleLinkS),
      keyBar(capabilities, ui.message, width),
    ].map((l) => fitLine(l, width));
  const foot = ui.note !== null ? noteInput(ui.note) : keyBar(capabilities, ui.message, width);
  return projectorLines(s, columns, rows, foot);
}

/** The dashboard's lines, each at most `layout.stripWidth` cells. */
export function dashboardLines({
  snapshot: s,
  layout: l,
  ui,
  capabilities,
  staleLinkS,
}: ScreenInput): Line[] {
  const full = l.stripWidth;
  // Alarms and events share their rows: alarms first (an alarm outranks an event), the
  // event list gets what they leave, and at least one line while nothing alarms.
  // A lesson's panel sits under the orbit strip. In two columns the event list gives up its
  // rows; in one column it takes the trends' place (as many rows: the lesson is the focus).
  const lesson = s.lesson ? lessonLines(s.lesson, full, s.orbitElapsedS, s.timeScale) : [];
  const shared = l.alarmLines + l.eventLines;
  const alarmRows = Math.min(shared, Math.max(l.alarmLines, s.alarms.length));
  const events = Math.max(
    0,
    shared - alarmRows - (s.lesson && l.twoColumns ? LESSON_PANEL_ROWS : 0),
  );
  let body: Line[];
  if (ui.help) {
    body = helpLines(capabilities, full, staleLinkS);
  } else if (l.twoColumns) {
    const lw = l.leftWidth;
    const rw = l.rightWidth;
    const left = [
      benchTitle(s, lw, staleLinkS),
      ...benchLines(s, staleLinkS, lw),
      nodeTitle(s, lw, staleLinkS, "satellite scale"),
      ...nodeLines(s, l.gaugeWidth),
      ...dutyLines(s, lw),
      ...(l.bigNumbers ? bigReadout(s, lw) : []),
    ];
    const right = [
      ...trendLines(s, rw, l.sparkWidth, l.trendRows),
      ...alarmLines(s, rw, alarmRows),
      linkLine(s, staleLinkS),
      ...eventLines(s, events),
    ];
    body = [
      ...orbitLines(s, full),
      ...lesson,
      ...beside([
        { lines: left, width: lw },
        { lines: [], width: 1 },
        { lines: right, width: rw },
      ]),
    ];
  } else {
    body = [
      ...orbitLines(s, full),
      ...lesson,
      ...powerRow(s, l, staleLinkS),
      ...(l.bigNumbers ? bigReadout(s, full) : []),
      ...dutyLines(s, full),
      ...(s.lesson ? [] : trendLines(s, full, l.sparkWidth)),
      ...alarmLines(s, full, alarmRows),
      linkLine(s, staleLinkS),
      ...eventLines(s, events),
    ];
  }
  const foot = ui.note !== null ? noteInput(ui.note) : keyBar(capabilities, ui.message, full);
  return [...headerLines(s, full), ...body, foot].map((line) => fitLine(line, full));
}

/** Plain text broken at spaces into lines of at most `width` cells (long words are cut). */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      const next = line === "" ? word : `${line} ${word}`;
      if (cells(next) <= w) {
        line = next;
        continue;
      }
      if (line !== "") out.push(line);
      let rest = [...word];
      while (rest.length > w) {
        out.push(rest.slice(0, w).join(""));
        rest = rest.slice(w);
      }
      line = rest.join("");
    }
    out.push(line);
  }
  return out;
}

/**
 * Plain text in place of the panels (a terminal too small for them, a panel that threw),
 * wrapped to the width and kept a row short of the screen so it never scrolls.
 */
export function plainLines(text: string, columns: number, rows: number): Line[] {
  return wrapText(text, columns)
    .slice(0, Math.max(1, rows - 1))
    .map((t) => [seg(t)]);
}

/** Below the smallest layout the panels would not fit: say so, with the status line. */
export function smallTerminalLines(s: SessionSnapshot, columns: number, rows: number): Line[] {
  return plainLines(
    `terminal ${columns}x${rows}: the dashboard needs ${MIN_COLUMNS}x${MIN_ROWS} (q quits)\n${formatStatusLine(s)}`,
    columns,
    rows,
  );
}

/** A panel threw on this snapshot: the status line and the error; the keys still work. */
export function panelErrorLines(
  s: SessionSnapshot,
  error: unknown,
  columns: number,
  rows: number,
): Line[] {
  let status: string;
  try {
    status = formatStatusLine(s);
  } catch {
    status = "(no status: the snapshot cannot be read)";
  }
  const message = error instanceof Error ? error.message : String(error);
  return plainLines(
    `${status}\ndashboard error: ${message}: showing the status line; q still quits safely`,
    columns,
    rows,
  );
}

/** Lines to the strings a terminal is sent, one per row (colour codes only when `color`). */
export const toRows = (lines: Line[], color: boolean): string[] =>
  lines.map((l) => lineToAnsi(l, color));
