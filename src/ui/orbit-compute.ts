/**
 * Where compute ran this orbit: the node's compute level by orbit phase, in fixed bins (the
 * mean level of the samples that fell in each), for the compute row under the orbit strip.
 * A new orbit starts it afresh; time going back (a replay's seek) forgets what lies ahead.
 */

/** Phase bins per orbit: one per degree, finer than any terminal's strip. */
export const COMPUTE_BINS = 360;

export class OrbitComputeRow {
  private readonly sums = new Float64Array(COMPUTE_BINS);
  private readonly counts = new Uint32Array(COMPUTE_BINS);
  private orbit: number | null = null;
  private lastBin = -1;

  /** One sample: the orbit it is in (completed orbits), its phase 0..1 and compute level 0..1. */
  push(orbitNumber: number, phase: number, level: number): void {
    if (!Number.isFinite(phase) || !Number.isFinite(level)) return;
    const bin = Math.min(COMPUTE_BINS - 1, Math.max(0, Math.floor(phase * COMPUTE_BINS)));
    if (orbitNumber !== this.orbit) {
      this.clear();
      this.orbit = orbitNumber;
    } else if (bin < this.lastBin) {
      // Back in time within the orbit: what was drawn past this point has not happened yet.
      this.sums.fill(0, bin);
      this.counts.fill(0, bin);
    }
    this.lastBin = bin;
    this.sums[bin]! += level;
    this.counts[bin]! += 1;
  }

  clear(): void {
    this.sums.fill(0);
    this.counts.fill(0);
    this.orbit = null;
    this.lastBin = -1;
  }

  /** Mean level per bin, COMPUTE_BINS long; NaN where no sample fell (not yet, or a gap). */
  levels(): number[] {
    const out = new Array<number>(COMPUTE_BINS);
    for (let i = 0; i < COMPUTE_BINS; i++) {
      const n = this.counts[i]!;
      out[i] = n > 0 ? this.sums[i]! / n : Number.NaN;
    }
    return out;
  }
}
