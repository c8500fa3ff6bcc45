/**
 * Fixed-size trend buffers for the dashboard: the last windowS of bench time in `points`
 * evenly spaced buckets (the mean of the samples that fell in each, and their extremes, so
 * the range shown is of the samples themselves, not of bucket means). Memory is bounded
 * whatever the telemetry rate.
 */

export class TrendBuffer {
  private readonly sums: Float64Array;
  private readonly counts: Uint32Array;
  private readonly mins: Float64Array;
  private readonly maxs: Float64Array;
  private headBucket = -1;

  constructor(
    readonly points: number,
    readonly windowS: number,
  ) {
    this.sums = new Float64Array(points);
    this.counts = new Uint32Array(points);
    this.mins = new Float64Array(points);
    this.maxs = new Float64Array(points);
  }

  private get bucketS(): number {
    return this.windowS / this.points;
  }

  push(tS: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const b = Math.floor(tS / this.bucketS);
    if (this.headBucket < 0) this.headBucket = b;
    if (b > this.headBucket) {
      // Clear the buckets we skipped over (they fall out of the window).
      const steps = Math.min(this.points, b - this.headBucket);
      for (let i = 1; i <= steps; i++) {
        const slot = (this.headBucket + i) % this.points;
        this.sums[slot] = 0;
        this.counts[slot] = 0;
      }
      this.headBucket = b;
    } else if (b <= this.headBucket - this.points) {
      return; // older than the window
    }
    const slot = ((b % this.points) + this.points) % this.points;
    const first = this.counts[slot] === 0;
    this.sums[slot]! += value;
    this.counts[slot]! += 1;
    if (first || value < this.mins[slot]!) this.mins[slot] = value;
    if (first || value > this.maxs[slot]!) this.maxs[slot] = value;
  }

  /** Forgets every sample (after a seek back in time: old and new would mix). */
  clear(): void {
    this.sums.fill(0);
    this.counts.fill(0);
    this.headBucket = -1;
  }

  /** The lowest and highest sample in the window; null before any. */
  range(): { min: number; max: number } | null {
    if (this.headBucket < 0) return null;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.points; i++) {
      const b = this.headBucket - i;
      if (b < 0) break;
      const slot = b % this.points;
      if (this.counts[slot] === 0) continue;
      min = Math.min(min, this.mins[slot]!);
      max = Math.max(max, this.maxs[slot]!);
    }
    return min <= max ? { min, max } : null;
  }

  /** Oldest first; NaN where a bucket got no sample. */
  values(): number[] {
    const out: number[] = [];
    if (this.headBucket < 0) return out;
    for (let i = this.points - 1; i >= 0; i--) {
      const b = this.headBucket - i;
      if (b < 0) continue;
      const slot = b % this.points;
      const n = this.counts[slot]!;
      out.push(n > 0 ? this.sums[slot]! / n : Number.NaN);
    }
    return out;
  }
}
