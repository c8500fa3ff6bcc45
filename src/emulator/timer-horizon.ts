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
 * "wake": only points that raise an enabled interrupt (what ends an idle sleep).
 * "visible": also points that set a flag not already set, move an OC pin, or load a
 * buffered OCR value (what a running program could observe in memory).
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
  const visible = horizon === "visible";
  const tifr = data[t.config.TIFR] ?? 0;
  const timsk = data[t.config.TIMSK] ?? 0;
  // A point matters for its flag when the flag's interrupt is enabled (serving it clears
  // the flag without any register write, so the next point matters again) or, for
  // "visible", when the flag is not set yet (only a TIFR write can clear it after that).
  const flags = (timsk | (visible ? ~tifr : 0)) & (TOV | OCFA | OCFB);
  const tccra = t.TCCRA;
  const pinA = visible && (tccra & 0xc0) !== 0;
  const pinB = visible && (tccra & 0x30) !== 0;
  const pendingOcr = visible && (t.nextOcrA !== t.ocrA || t.nextOcrB !== t.ocrB);
  const top = t.TOP;
  const tcnt = t.tcnt;
  const ocrA = t.ocrA;
  const ocrB = t.ocrB;
  const mode = t.timerMode;
  let steps = Number.POSITIVE_INFINITY;
  if (mode === TimerMode.Normal || mode === TimerMode.CTC || mode === TimerMode.FastPWM) {
    if (flags & TOV || pendingOcr || (mode === TimerMode.FastPWM && (pinA || pinB)))
      steps = top - tcnt + 1;
    if (ocrA <= top && (flags & OCFA || pinA))
      steps = Math.min(steps, ocrA > tcnt ? ocrA - tcnt : top + 1 - tcnt + ocrA);
    if (ocrB <= top && (flags & OCFB || pinB))
      steps = Math.min(steps, ocrB > tcnt ? ocrB - tcnt : top + 1 - tcnt + ocrB);
  } else if (mode === TimerMode.PWMPhaseCorrect || mode === TimerMode.PWMPhaseFrequencyCorrect) {
    const up = t.countingUp;
    // Turning at TOP or BOTTOM right now: let the timer's own event settle it.
    if ((up && tcnt >= top) || (!up && tcnt <= 0)) return eventCycles;
    if (pendingOcr) steps = up ? top - tcnt : tcnt + top; // buffered OCR loads at TOP
    if (flags & TOV || pendingOcr) steps = Math.min(steps, up ? top - tcnt + top : tcnt); // TOV at BOTTOM
    // First time the counter equals ocr on its way (up to TOP, then down).
    if (ocrA <= top && (flags & OCFA || pinA)) {
      steps = Math.min(
        steps,
        up
          ? ocrA > tcnt
            ? ocrA - tcnt
            : 2 * top - tcnt - ocrA
          : ocrA < tcnt
            ? tcnt - ocrA
            : tcnt + ocrA,
      );
    }
    if (ocrB <= top && (flags & OCFB || pinB)) {
      steps = Math.min(
        steps,
        up
          ? ocrB > tcnt
            ? ocrB - tcnt
            : 2 * top - tcnt - ocrB
          : ocrB < tcnt
            ? tcnt - ocrB
            : tcnt + ocrB,
      );
    }
  } else {
    return eventCycles;
  }
  if (steps === Number.POSITIVE_INFINITY) return steps;
  return Math.max(eventCycles, t.lastCycle + Math.max(1, steps) * t.divider);
}
