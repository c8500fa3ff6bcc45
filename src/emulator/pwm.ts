/**
 * PWM duty of an Arduino Uno pin, read from the timer's mode, TOP, compare register and
 * COM bits (DS40002061A sections 14.7 timer0, 15.9 timer1, 17.7 timer2) plus DDR/PORT.
 *
 * Why registers rather than sampling pin transitions: the duty is a property of the
 * registers, exact from the first period, and independent of stepping. Sampling edges
 * would need every timer event stepped one by one (64-cycle granularity), which is what
 * the sleep skipping in fast-step.ts avoids, and would lag one PWM period (2 ms at 490 Hz).
 */
import type { AVRTimer, CPU } from "avr8js";

interface TimerInternals {
  timerMode: number;
  ocrA: number;
  ocrB: number;
  divider: number;
  TOP: number;
  TCCRA: number;
}
const FAST_PWM = 3;
const PHASE_CORRECT = 1;
const PHASE_FREQ_CORRECT = 4;

/** Output-compare pins of the Uno: Arduino pin -> timer, channel, port (data address of PORTx) and bit. */
const PWM_PINS: Record<
  number,
  { timer: 0 | 1 | 2; channel: "A" | "B"; port: number; bit: number }
> = {
  3: { timer: 2, channel: "B", port: 0x2b, bit: 3 },
  5: { timer: 0, channel: "B", port: 0x2b, bit: 5 },
  6: { timer: 0, channel: "A", port: 0x2b, bit: 6 },
  9: { timer: 1, channel: "A", port: 0x25, bit: 1 },
  10: { timer: 1, channel: "B", port: 0x25, bit: 2 },
  11: { timer: 2, channel: "A", port: 0x25, bit: 3 },
};

/** Duty (0..1) on a digital pin: PWM from its timer if connected, else the PORT bit. */
export function pinDuty(cpu: CPU, timers: readonly AVRTimer[], arduinoPin: number): number {
  const pin = PWM_PINS[arduinoPin];
  const port = pin?.port ?? (arduinoPin < 8 ? 0x2b : 0x25);
  const bit = pin?.bit ?? (arduinoPin < 8 ? arduinoPin : arduinoPin - 8);
  const ddr = cpu.data[port - 1] ?? 0;
  if (!(ddr & (1 << bit))) return 0; // input: the MOSFET gate's pull-down holds it off
  const digital = (cpu.data[port] ?? 0) & (1 << bit) ? 1 : 0;
  if (!pin) return digital;
  const t = timers[pin.timer] as unknown as TimerInternals | undefined;
  if (!t) return digital;
  const com = pin.channel === "A" ? (t.TCCRA >> 6) & 3 : (t.TCCRA >> 4) & 3;
  if (com === 0) return digital;
  if (t.divider === 0) return digital;
  const top = t.TOP;
  const ocr = pin.channel === "A" ? t.ocrA : t.ocrB;
  if (com === 1) return 0.5; // toggle on match: square wave
  let duty: number;
  if (t.timerMode === FAST_PWM) duty = top === 0 ? 1 : Math.min(1, (ocr + 1) / (top + 1));
  else if (t.timerMode === PHASE_CORRECT || t.timerMode === PHASE_FREQ_CORRECT)
    duty = top === 0 ? 0 : Math.min(1, ocr / top);
  else return digital;
  return com === 3 ? 1 - duty : duty;
}
