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
  timerMode: number;
  tcntUpdated: boolean;
  updateDivider: boolean;
  countingUp: boolean;
  TOP: number;
}
/** avr8js TimerMode enum values (timer.js). */
export const TimerMode = {
  Normal: 0,
  PWMPhaseCorrect: 1,
  CTC: 2,
  FastPWM: 3,
  PWMPhaseFrequencyCorrect: 4,
} as const;

/** Cycle of a timer's next compare match, TOP or BOTTOM (fallback: its next count event). */
export function timerNextChange(t: TimerInternals, eventCycles: number): number {
  if (t.tcntUpdated || t.updateDivider || t.divider === 0) return eventCycles;
  const top = t.TOP;
  const tcnt = t.tcnt;
  const mode = t.timerMode;
  let steps: number;
  if (mode === TimerMode.Normal || mode === TimerMode.CTC || mode === TimerMode.FastPWM) {
    steps = top - tcnt + 1;
    for (const ocr of [t.ocrA, t.ocrB]) {
      if (ocr > top) continue;
      const d = ocr > tcnt ? ocr - tcnt : top + 1 - tcnt + ocr;
      if (d < steps) steps = d;
    }
  } else if (mode === TimerMode.PWMPhaseCorrect || mode === TimerMode.PWMPhaseFrequencyCorrect) {
    // Up to TOP, down to BOTTOM: the first of TOP, BOTTOM or a compare value on the way.
    const up = t.countingUp;
    steps = up ? top - tcnt : tcnt;
    if (steps <= 0) steps = 1; // turning at TOP or BOTTOM right now
    for (const ocr of [t.ocrA, t.ocrB]) {
      if (ocr > top) continue;
      const d = up
        ? ocr > tcnt
          ? ocr - tcnt
          : top - tcnt + (top - ocr)
        : ocr < tcnt
          ? tcnt - ocr
          : tcnt + ocr;
      if (d > 0 && d < steps) steps = d;
    }
  } else {
    return eventCycles;
  }
  return Math.max(eventCycles, t.lastCycle + Math.max(1, steps) * t.divider);
}
