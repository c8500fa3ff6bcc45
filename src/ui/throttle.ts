/**
 * Render throttle: however often `request()` is called, `fn` runs at most once per
 * intervalMs; the first request after a quiet spell runs at once, later ones are folded
 * into one trailing run so the newest state is always drawn. Uses the global timers, so
 * vi.useFakeTimers() drives it in tests.
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
  intervalMs: number,
  fn: () => void,
  lastRunMs = Number.NEGATIVE_INFINITY,
): Throttle {
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
      const wait = lastRunMs + intervalMs - Date.now();
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
