/**
 * When an avr8js timer next changes anything the firmware can see: its next compare
 * match, TOP or BOTTOM (where flags are set and OC pins move), from its waveform mode
 * (DS40002061A tables 14-8, 15-5, 17-8: normal, CTC and fast PWM count up and wrap;
 * phase-correct modes count up to TOP and down to BOTTOM). Used by ./fast-step.ts to
 * coalesce the timers' per-prescaler-tick clock events.
 */

/** avr8js timer internals read here. They are private in its .d.ts; names as in 0.21.1. */
export interface TimerInternals {
  count: () => void;
  lastCycle: number;
  tcnt: number;
  divider: number;
  ocrA: number;
  ocrB: number;
  nextOcrA: number;
  nextOcrB: number;
  timerMode: number;
  tcntUpdated: boolean;
  updateDivider: boolean;
  countingUp: boolean;
  TOP: number;
  TCCRA: number;
  config: { TIFR: number; TIMSK: number };
}
/** avr8js TimerMode enum values (timer.js). */
export const TimerMode = {
  Normal: 0,
  PWMPhaseCorrect: 1,
  CTC: 2,
  FastPWM: 3,
  PWMPhaseFrequencyCorrect: 4,
} as const;

/** TIFRn / TIMSKn bits, the same for timers 0, 1 and 2. */
const TOV = 1;
const OCFA = 2;
const OCFB = 4;

/**
 * "wake": only points that raise an enabled interrupt not already flagged (what ends an
 * idle sleep). "visible": points that set a flag not already set, move an OC pin, or load
 * a buffered OCR value (what a running program could observe in memory).
 */
export type Horizon = "wake" | "visible";

/**
 * Cycle of the timer's next relevant compare match, TOP or BOTTOM; Infinity when none
 * will ever matter; its next count event when the state is in transition.
 */
export function timerNextChange(
  t: TimerInternals,
  eventCycles: number,
  data: Uint8Array,
  horizon: Horizon,
): number {
  if (t.tcntUpdated || t.updateDivider || t.divider === 0) return eventCycles;
  const tifr = data[t.config.TIFR] ?? 0;
  const timsk = data[t.config.TIMSK] ?? 0;
  const tccra = t.TCCRA;
  const comA = (tccra >> 6) & 3;
  const comB = (tccra >> 4) & 3;
  const pendingOcr = t.nextOcrA !== t.ocrA || t.nextOcrB !== t.ocrB;
  const flagMatters = (flag: number) =>
    !(tifr & flag) && (horizon === "visible" || (timsk & flag) !== 0);
  const top = t.TOP;
  const tcnt = t.tcnt;
  const mode = t.timerMode;
  let steps = Number.POSITIVE_INFINITY;
  const consider = (distance: number, relevant: boolean) => {
    if (relevant && distance < steps) steps = distance;
  };
  if (mode === TimerMode.Normal || mode === TimerMode.CTC || mode === TimerMode.FastPWM) {
    const fastPwmPins = mode === TimerMode.FastPWM && (comA !== 0 || comB !== 0);
    consider(
      top - tcnt + 1,
      flagMatters(TOV) || (horizon === "visible" && (pendingOcr || fastPwmPins)),
    );
    const upTo = (ocr: number) => (ocr > tcnt ? ocr - tcnt : top + 1 - tcnt + ocr);
    if (t.ocrA <= top)
      consider(upTo(t.ocrA), flagMatters(OCFA) || (horizon === "visible" && comA !== 0));
    if (t.ocrB <= top)
      consider(upTo(t.ocrB), flagMatters(OCFB) || (horizon === "visible" && comB !== 0));
  } else if (mode === TimerMode.PWMPhaseCorrect || mode === TimerMode.PWMPhaseFrequencyCorrect) {
    const up = t.countingUp;
    // Turning at TOP or BOTTOM right now: let the timer's own event settle it.
    if ((up && tcnt >= top) || (!up && tcnt <= 0)) return eventCycles;
    const toTop = up ? top - tcnt : tcnt + top;
    const toBottom = up ? top - tcnt + top : tcnt;
    consider(toTop, horizon === "visible" && pendingOcr);
    consider(toBottom, flagMatters(TOV) || (horizon === "visible" && pendingOcr));
    // First time the counter equals ocr on its way (up to TOP, then down).
    const toMatch = (ocr: number) =>
      up
        ? ocr > tcnt
          ? ocr - tcnt
          : top - tcnt + (top - ocr)
        : ocr < tcnt
          ? tcnt - ocr
          : tcnt + ocr;
    if (t.ocrA <= top)
      consider(toMatch(t.ocrA), flagMatters(OCFA) || (horizon === "visible" && comA !== 0));
    if (t.ocrB <= top)
      consider(toMatch(t.ocrB), flagMatters(OCFB) || (horizon === "visible" && comB !== 0));
  } else {
    return eventCycles;
  }
  if (!Number.isFinite(steps)) return Number.POSITIVE_INFINITY;
  return Math.max(eventCycles, t.lastCycle + Math.max(1, steps) * t.divider);
}
