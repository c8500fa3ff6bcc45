/** Layout decisions by terminal size: pure, so every size is testable without a terminal. */

export interface Layout {
  columns: number;
  rows: number;
  /** Two columns of panels side by side (>= 120 columns). */
  twoColumns: boolean;
  /** Width of the left and right column (right is 0 in one-column layout). */
  leftWidth: number;
  rightWidth: number;
  /** Cells of the orbit bar. */
  stripWidth: number;
  /** Cells of each trend sparkline, and its height in rows. */
  sparkWidth: number;
  trendRows: number;
  /** Lines for alarms and for recent events. */
  alarmLines: number;
  eventLines: number;
  /** The battery gauge width. */
  gaugeWidth: number;
  /** Three-row digits for SoC, array power and node temperature (large terminals). */
  bigNumbers: boolean;
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;
/**
 * Lines the one-column layout needs before alarms and events (header, orbit, panels, four
 * trends, link, keys), and the row a frame keeps free so it never scrolls.
 */
const FIXED_ROWS_ONE_COLUMN = 22;
/** Trend series (bench power, SoC, node temperature, compute), each 1 to 4 rows tall. */
const TREND_SERIES = 4;
/** The big readout: its rule, a label line and three rows of digits. */
const BIG_READOUT_ROWS = 5;

export function chooseLayout(columnsIn: number | undefined, rowsIn: number | undefined): Layout {
  const columns = Math.max(MIN_COLUMNS, Math.floor(columnsIn || 80));
  const rows = Math.max(MIN_ROWS, Math.floor(rowsIn || 24));
  // One column under 120: the line a terminal would wrap is lost, so stay a cell short.
  const usable = columns - 1;
  const twoColumns = columns >= 120;
  if (!twoColumns) {
    // A tall terminal shows the big readout (5 lines) before giving rows to alarms and events.
    const bigNumbers = rows >= 32;
    const spare = Math.max(2, rows - FIXED_ROWS_ONE_COLUMN - (bigNumbers ? BIG_READOUT_ROWS : 0));
    const alarmLines = Math.max(1, Math.min(6, spare - 1));
    return {
      columns,
      rows,
      twoColumns,
      leftWidth: usable,
      rightWidth: 0,
      stripWidth: usable,
      sparkWidth: Math.max(10, usable - 26),
      trendRows: 1,
      alarmLines,
      eventLines: Math.max(1, spare - alarmLines),
      gaugeWidth: Math.max(8, Math.min(20, Math.floor(usable / 2) - 24)),
      bigNumbers,
    };
  }
  // The bench and node panels need ~50 cells; the trends get the rest.
  const leftWidth = Math.max(50, Math.min(66, Math.floor(usable * 0.42)));
  const rightWidth = usable - leftWidth - 1;
  // Right column below header (2) and orbit (3), above the key bar (1), one line short of
  // the screen: trend rule, alarm rule and link line (3), at least 3 alarms and 2 events;
  // taller trends take what is left, up to 4 rows each.
  const budget = rows - 7;
  const trendRows = Math.max(
    1,
    Math.min(4, Math.floor((budget - 3 - 5 - TREND_SERIES) / TREND_SERIES)),
  );
  const spare = Math.max(5, budget - 3 - TREND_SERIES * trendRows);
  const alarmLines = Math.max(3, Math.min(10, Math.floor(spare / 2)));
  return {
    columns,
    rows,
    twoColumns,
    leftWidth,
    rightWidth,
    stripWidth: usable,
    sparkWidth: Math.max(10, rightWidth - 22),
    trendRows,
    alarmLines,
    eventLines: Math.max(2, spare - alarmLines),
    gaugeWidth: Math.max(10, Math.min(30, leftWidth - 28)),
    // The left column has ~14 lines of panels; the readout needs 5 more and ~54 cells.
    bigNumbers: rows >= 32 && leftWidth >= 54,
  };
}
