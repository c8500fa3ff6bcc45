/** Plain-text tables for the orbit and simulate commands (pure: rows in, text out). */

export interface Column<R> {
  header: string;
  value(row: R): string;
  /** Right-align (numbers). Default true. */
  right?: boolean;
}

export function formatTable<R>(columns: Column<R>[], rows: readonly R[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((row) => row[i]!.length)),
  );
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (columns[i]!.right === false ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n");
}

export function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "-";
}

export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? (x * 100).toFixed(digits) : "-";
}
