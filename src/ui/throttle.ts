/**
 * Render throttle: however often `request()` is called, `fn` runs at most once per
 * interval; the first request after a quiet spell runs at once, later ones are folded
 * into one trailing run so the newest state is always drawn. The interval may be a
 * function (re-read before each wait), for a pace that follows the render cost. Uses the
 * global timers and Date.now, so vi.useFakeTimers() drives it in tests.
 */
export interface Throttle {
  request(): void;
  /** Runs now if a run is pending. */
  flush(): void;
  cancel(): void;
  readonly runs: number;
}

/** @param lastRunMs when fn last ran outside the throttle (e.g. the first mount); default never. */
export function createThrottle(
  intervalMs: number | (() => number),
  fn: () => void,
  lastRunMs = Number.NEGATIVE_INFINITY,
): Throttle {
  const interval = typeof intervalMs === "number" ? () => intervalMs : intervalMs;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let runs = 0;
  const run = () => {
    timer = null;
    lastRunMs = Date.now();
    runs++;
    fn();
  };
  return {
    request() {
      if (timer !== null) return;
      const wait = lastRunMs + interval() - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    flush() {
      if (timer !== null) {
        clearTimeout(timer);
        run();
      }
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
    get runs() {
      return runs;
    },
  };
}

/**
 * The pace of a CPU budget: after each render of `costMs` CPU, wait long enough that
 * rendering stays under `budget` of one core, but never shorter than minMs (the fps cap)
 * nor longer than maxMs (the latency bound). The cost is smoothed (EWMA) so one slow
 * render (a GC pause) does not stall the screen.
 */
export class RenderPace {
  private costMs: number | null = null;
  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly budget: number,
  ) {}
  record(costMs: number): void {
    if (!Number.isFinite(costMs) || costMs < 0) return;
    this.costMs = this.costMs === null ? costMs : this.costMs * 0.8 + costMs * 0.2;
  }
  /** Smoothed CPU ms per render, null before the first. */
  get averageCostMs(): number | null {
    return this.costMs;
  }
  intervalMs(): number {
    const byBudget = this.costMs === null ? 0 : this.costMs / this.budget;
    return Math.min(this.maxMs, Math.max(this.minMs, byBudget));
  }
}
