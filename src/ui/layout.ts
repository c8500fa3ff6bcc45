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
  /** Cells of each trend sparkline. */
  sparkWidth: number;
  /** Lines for alarms and for recent events. */
  alarmLines: number;
  eventLines: number;
  /** The battery gauge width. */
  gaugeWidth: number;
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;
/** Lines the one-column layout needs before alarms and events (header, orbit, panels, trends, link, keys). */
const FIXED_ROWS_ONE_COLUMN = 21;

export function chooseLayout(columnsIn: number | undefined, rowsIn: number | undefined): Layout {
  const columns = Math.max(MIN_COLUMNS, Math.floor(columnsIn || 80));
  const rows = Math.max(MIN_ROWS, Math.floor(rowsIn || 24));
  // One column under 120: the line a terminal would wrap is lost, so stay a cell short.
  const usable = columns - 1;
  const twoColumns = columns >= 120;
  if (!twoColumns) {
    const spare = Math.max(2, rows - FIXED_ROWS_ONE_COLUMN);
    const alarmLines = Math.max(1, Math.min(6, spare - 1));
    return {
      columns,
      rows,
      twoColumns,
      leftWidth: usable,
      rightWidth: 0,
      stripWidth: usable,
      sparkWidth: Math.max(10, usable - 26),
      alarmLines,
      eventLines: Math.max(1, spare - alarmLines),
      gaugeWidth: Math.max(8, Math.min(20, Math.floor(usable / 2) - 24)),
    };
  }
  // The bench and node panels need ~50 cells; the trends get the rest.
  const leftWidth = Math.max(50, Math.min(66, Math.floor(usable * 0.42)));
  const rightWidth = usable - leftWidth - 1;
  // Right column: trends (4), alarms title (1), link (1), events title (1); the rest shared.
  const spare = Math.max(4, rows - 2 - 3 - 7 - 2);
  const alarmLines = Math.max(2, Math.min(10, Math.floor(spare / 2)));
  return {
    columns,
    rows,
    twoColumns,
    leftWidth,
    rightWidth,
    stripWidth: usable,
    sparkWidth: Math.max(10, rightWidth - 22),
    alarmLines,
    eventLines: Math.max(1, spare - alarmLines),
    gaugeWidth: Math.max(10, Math.min(30, leftWidth - 28)),
  };
}
