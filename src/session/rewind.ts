/**
 * Rewind points for a replay's seek back: the session's state before each frame, by the
 * frame's time, so that playing a stretch again starts from the state it had then instead
 * of flying it twice (which counted its frames and work twice in the summary). Memory is
 * bounded: past `max` points the older half is thinned to every other point, so recent
 * seeks rewind exactly and far ones to the nearest point before (stepping the rest as one
 * longer step, as after frames lost on a link).
 */
export class RewindLog<T> {
  private points: { hostMs: number; value: T }[] = [];

  constructor(private readonly max = 2048) {}

  /** The state before the frame at hostMs (a later record at the same time replaces it). */
  record(hostMs: number, value: T): void {
    const last = this.points.at(-1);
    if (last && last.hostMs === hostMs) last.value = value;
    else this.points.push({ hostMs, value });
    if (this.points.length > this.max) {
      const half = this.points.length >> 1;
      this.points = [
        ...this.points.slice(0, half).filter((_, i) => i % 2 === 0),
        ...this.points.slice(half),
      ];
    }
  }

  /** The latest point at or before hostMs, forgetting those after it; null when none. */
  rewindTo(hostMs: number): T | null {
    let i = this.points.length - 1;
    while (i >= 0 && this.points[i]!.hostMs > hostMs) i--;
    if (i < 0) return null;
    this.points.length = i + 1;
    return this.points[i]!.value;
  }

  get size(): number {
    return this.points.length;
  }
}
