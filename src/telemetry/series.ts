/**
 * Streaming min/max downsampling for charts: a fixed number of time buckets whose width
 * doubles (merging neighbours) whenever the recording outgrows them, so ten million frames
 * become at most `maxBuckets` points per series without knowing the duration in advance, and
 * spikes survive (min and max are kept, not averages). Memory is constant.
 *
 * Mergeable: a downsampler given the same origin can fill from one part of a recording (a
 * block scanned by a worker thread) and hand its touched buckets over as a slice, which the
 * recording's downsampler merges in file order (mergeSlice). The final bucket width depends
 * only on the latest sample time, so it is the same either way; min, max and counts are the
 * same exactly, and sums differ only by the order of floating-point additions.
 */

export const SERIES = [
  /** Bench array power, mW (measured). */
  "benchPowerMw",
  /** Satellite array power, kW (modelled). */
  "arrayPowerKw",
  "socPct",
  /** Panel temperature, C (measured). */
  "panelTempC",
  /** Node temperature, C (modelled). */
  "nodeTempC",
  "computeLevel",
  /** Fraction of the bucket's samples in eclipse (umbra or penumbra): 0..1. */
  "eclipse",
] as const;
export type SeriesName = (typeof SERIES)[number];

export interface Bucket {
  /** Bucket start and end, ms since the recording's start. */
  t0Ms: number;
  t1Ms: number;
  /** min, max and mean of each series; null when the bucket had no value for it. */
  min: Record<SeriesName, number | null>;
  max: Record<SeriesName, number | null>;
  mean: Record<SeriesName, number | null>;
}

const S = SERIES.length;

/** The buckets one downsampler filled, [from, from + count) at widthMs (see mergeSlice). */
export interface SeriesSlice {
  widthMs: number;
  from: number;
  count: number;
  /** count × SERIES.length each, bucket-major. */
  lo: Float64Array;
  hi: Float64Array;
  sum: Float64Array;
  n: Float64Array;
  lastMs: number;
}

export class Downsampler {
  private widthMs: number;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly sum: Float64Array;
  private readonly n: Float64Array;
  private used = 0;
  /** Lowest bucket index filled (Infinity: none). */
  private lowest = Number.POSITIVE_INFINITY;
  /** Last sample time seen (the end of the last bucket). */
  private lastMs = 0;
  private seen = false;
  private readonly initialWidthMs: number;

  /** Values of the current sample, by series index; NaN = absent. Fill, then call add(t). */
  readonly values = new Float64Array(S);

  /**
   * originMs: time of bucket 0's start; null: the first sample's time. Downsamplers whose
   * slices are merged must share it.
   */
  constructor(
    private readonly maxBuckets = 800,
    initialWidthMs = 100,
    private originMs: number | null = null,
  ) {
    this.widthMs = initialWidthMs;
    this.initialWidthMs = initialWidthMs;
    this.lo = new Float64Array(maxBuckets * S).fill(Number.POSITIVE_INFINITY);
    this.hi = new Float64Array(maxBuckets * S).fill(Number.NEGATIVE_INFINITY);
    this.sum = new Float64Array(maxBuckets * S);
    this.n = new Float64Array(maxBuckets * S);
  }

  add(tMs: number): void {
    if (this.originMs === null) this.originMs = tMs;
    let i = Math.floor((tMs - this.originMs) / this.widthMs);
    if (i < 0) return; // out of order in time: ignored by the chart
    while (i >= this.maxBuckets) {
      // Empty buckets merge into empty ones: an empty downsampler (a block's, starting far
      // from the origin) only doubles its width.
      if (this.seen) this.merge();
      else this.widthMs *= 2;
      i = Math.floor((tMs - this.originMs) / this.widthMs);
    }
    if (i + 1 > this.used) this.used = i + 1;
    if (i < this.lowest) this.lowest = i;
    this.lastMs = tMs;
    this.seen = true;
    const base = i * S;
    const v = this.values;
    for (let s = 0; s < S; s++) {
      const x = v[s]!;
      if (Number.isNaN(x)) continue;
      const k = base + s;
      if (x < this.lo[k]!) this.lo[k] = x;
      if (x > this.hi[k]!) this.hi[k] = x;
      this.sum[k]! += x;
      this.n[k]! += 1;
    }
  }

  /** Doubles the bucket width: bucket j takes 2j and 2j+1. */
  private merge(): void {
    const half = Math.ceil(this.maxBuckets / 2);
    for (let j = 0; j < half; j++) {
      for (let s = 0; s < S; s++) {
        const a = 2 * j * S + s;
        const b = a + S;
        const hasB = 2 * j + 1 < this.maxBuckets;
        const k = j * S + s;
        const lo = hasB ? Math.min(this.lo[a]!, this.lo[b]!) : this.lo[a]!;
        const hi = hasB ? Math.max(this.hi[a]!, this.hi[b]!) : this.hi[a]!;
        const sum = this.sum[a]! + (hasB ? this.sum[b]! : 0);
        const n = this.n[a]! + (hasB ? this.n[b]! : 0);
        this.lo[k] = lo;
        this.hi[k] = hi;
        this.sum[k] = sum;
        this.n[k] = n;
      }
    }
    this.lo.fill(Number.POSITIVE_INFINITY, half * S);
    this.hi.fill(Number.NEGATIVE_INFINITY, half * S);
    this.sum.fill(0, half * S);
    this.n.fill(0, half * S);
    this.widthMs *= 2;
    this.used = Math.ceil(this.used / 2);
    this.lowest = Math.floor(this.lowest / 2);
  }

  /** The buckets filled since the last reset, or null when none was. */
  slice(): SeriesSlice | null {
    if (!this.seen) return null;
    const a = this.lowest * S;
    const b = this.used * S;
    return {
      widthMs: this.widthMs,
      from: this.lowest,
      count: this.used - this.lowest,
      lo: this.lo.slice(a, b),
      hi: this.hi.slice(a, b),
      sum: this.sum.slice(a, b),
      n: this.n.slice(a, b),
      lastMs: this.lastMs,
    };
  }

  /**
   * Adds another downsampler's slice (same origin and initial width), as if its samples had
   * been added here after the ones before: the slice must come from later in the recording.
   */
  mergeSlice(x: SeriesSlice): void {
    while (this.widthMs < x.widthMs) this.merge();
    const ratio = this.widthMs / x.widthMs; // a power of two
    for (let q = 0; q < x.count; q++) {
      const i = Math.floor((x.from + q) / ratio);
      const base = i * S;
      let any = false;
      for (let s = 0; s < S; s++) {
        const from = q * S + s;
        const n = x.n[from]!;
        if (n === 0) continue;
        any = true;
        const k = base + s;
        if (x.lo[from]! < this.lo[k]!) this.lo[k] = x.lo[from]!;
        if (x.hi[from]! > this.hi[k]!) this.hi[k] = x.hi[from]!;
        this.sum[k]! += x.sum[from]!;
        this.n[k]! += n;
      }
      if (!any) continue;
      if (i + 1 > this.used) this.used = i + 1;
      if (i < this.lowest) this.lowest = i;
    }
    this.lastMs = x.lastMs;
    this.seen = true;
  }

  /** Empty again, at the initial width (the origin stays). */
  reset(): void {
    if (this.seen) {
      const a = this.lowest * S;
      const b = this.used * S;
      this.lo.fill(Number.POSITIVE_INFINITY, a, b);
      this.hi.fill(Number.NEGATIVE_INFINITY, a, b);
      this.sum.fill(0, a, b);
      this.n.fill(0, a, b);
    }
    this.widthMs = this.initialWidthMs;
    this.used = 0;
    this.lowest = Number.POSITIVE_INFINITY;
    this.lastMs = 0;
    this.seen = false;
  }

  buckets(): Bucket[] {
    const out: Bucket[] = [];
    const origin = this.originMs ?? 0;
    for (let i = 0; i < this.used; i++) {
      const min = {} as Record<SeriesName, number | null>;
      const max = {} as Record<SeriesName, number | null>;
      const mean = {} as Record<SeriesName, number | null>;
      let any = false;
      SERIES.forEach((name, s) => {
        const k = i * S + s;
        const n = this.n[k]!;
        min[name] = n > 0 ? this.lo[k]! : null;
        max[name] = n > 0 ? this.hi[k]! : null;
        mean[name] = n > 0 ? this.sum[k]! / n : null;
        if (n > 0) any = true;
      });
      if (!any) continue;
      const t0Ms = origin + i * this.widthMs;
      out.push({
        t0Ms,
        t1Ms: Math.min(t0Ms + this.widthMs, Math.max(this.lastMs, t0Ms)),
        min,
        max,
        mean,
      });
    }
    return out;
  }

  get bucketWidthMs(): number {
    return this.widthMs;
  }
}
