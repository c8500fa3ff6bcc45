/** Sparklines: ▁▂▃▄▅▆▇█ scaled between min and max, NaN-safe (a gap shows as a space). */

export const SPARK_CHARS = "▁▂▃▄▅▆▇█";

const finite = (v: number | null | undefined): v is number =>
  typeof v === "number" && Number.isFinite(v);

/**
 * Reduces values to at most `width` buckets, each the mean of its finite values (null when
 * a bucket has none). Fewer values than width are returned as they are, never stretched.
 */
export function resample(values: readonly number[], width: number): (number | null)[] {
  const w = Math.max(0, Math.floor(width));
  if (values.length <= w) return values.map((v) => (finite(v) ? v : null));
  const out: (number | null)[] = [];
  for (let i = 0; i < w; i++) {
    const from = Math.floor((i * values.length) / w);
    const to = Math.floor(((i + 1) * values.length) / w);
    let sum = 0;
    let n = 0;
    for (let j = from; j < to; j++) {
      const v = values[j];
      if (finite(v)) {
        sum += v;
        n++;
      }
    }
    out.push(n > 0 ? sum / n : null);
  }
  return out;
}

/**
 * A flat series: at a fixed bound it sits on that bound (bench power all 0 mW is a floor,
 * not "half"); otherwise at mid height, so it does not read as zero.
 */
function flatChar(v: number, opts: { min?: number; max?: number }): string {
  if (opts.min !== undefined && v <= opts.min) return SPARK_CHARS[0]!;
  if (opts.max !== undefined && v >= opts.max) return "█";
  return SPARK_CHARS[Math.floor((SPARK_CHARS.length - 1) / 2)]!;
}

export interface Sparkline {
  /** Exactly `width` cells; the newest value is at the right edge. */
  text: string;
  min: number | null;
  max: number | null;
  /** Newest finite value. */
  last: number | null;
}

/**
 * @param opts.min/max fixed scale (e.g. 0..100 for SoC %); by default the data's own range.
 *   A flat series draws at mid height so it does not read as "zero".
 */
export function sparkline(
  values: readonly number[],
  width: number,
  opts: { min?: number; max?: number } = {},
): Sparkline {
  const w = Math.max(0, Math.floor(width));
  const buckets = resample(values, w);
  const seen = buckets.filter(finite);
  const dataMin = seen.length ? Math.min(...seen) : null;
  const dataMax = seen.length ? Math.max(...seen) : null;
  const lo = opts.min ?? dataMin;
  const hi = opts.max ?? dataMax;
  const top = SPARK_CHARS.length - 1;
  const cellsOut = buckets.map((v) => {
    if (v === null || lo === null || hi === null) return " ";
    if (hi <= lo) return flatChar(v, opts);
    const k = Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * top);
    return SPARK_CHARS[k];
  });
  const text = " ".repeat(w - cellsOut.length) + cellsOut.join("");
  let last: number | null = null;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (finite(v)) {
      last = v;
      break;
    }
  }
  return { text, min: dataMin, max: dataMax, last };
}

/** Bars for values 0..1 (e.g. duty per orbit), one cell each, newest right. */
export function fractionBars(values: readonly number[], width: number): string {
  return sparkline(values.slice(-Math.max(0, width)), width, { min: 0, max: 1 }).text;
}

/**
 * A sparkline `rows` cells tall (rows × 8 levels), top row first; the smallest value still
 * shows as ▁ in the bottom row so it does not read as a gap.
 */
export function sparkRows(
  values: readonly number[],
  width: number,
  rows: number,
  opts: { min?: number; max?: number } = {},
): string[] {
  const h = Math.max(1, Math.floor(rows));
  if (h === 1) return [sparkline(values, width, opts).text];
  const w = Math.max(0, Math.floor(width));
  const buckets = resample(values, w);
  const seen = buckets.filter(finite);
  const lo = opts.min ?? (seen.length ? Math.min(...seen) : null);
  const hi = opts.max ?? (seen.length ? Math.max(...seen) : null);
  const levels = h * 8;
  const level = (v: number | null): number | null => {
    if (v === null || lo === null || hi === null) return null;
    if (hi <= lo)
      return flatChar(v, opts) === SPARK_CHARS[0]
        ? 1
        : flatChar(v, opts) === "█"
          ? levels
          : Math.ceil(levels / 2);
    return 1 + Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (levels - 1));
  };
  const lv = buckets.map(level);
  const out: string[] = [];
  for (let r = h - 1; r >= 0; r--) {
    const row = lv.map((l) => {
      if (l === null || l <= r * 8) return " ";
      if (l >= (r + 1) * 8) return "█";
      return SPARK_CHARS[l - r * 8 - 1];
    });
    out.push(" ".repeat(w - row.length) + row.join(""));
  }
  return out;
}
