/**
 * Analog Devices TMP36 analog temperature sensor: its transfer function both ways, so the
 * emulated sensor (src/emulator/bench.ts) and the host's conversion (src/board/) are one
 * pair of functions over one set of constants.
 *
 * Source: Analog Devices, "Low Voltage Temperature Sensors TMP35/TMP36/TMP37", data
 * sheet rev. H:
 * - page 1, Features: "Specified -40 C to +125 C, operation to +150 C";
 * - Table 4 (output characteristics): TMP36 offset 0.5 V, scaling 10 mV/C, 750 mV at 25 C.
 * The firmware's conversion (firmware-profiles/uno-ina219/temperature.*) uses the same
 * numbers; tests/firmware/chip-constants.test.ts checks that it does.
 */
import { adcToVolts, isAdcCount } from "./atmega328p-adc.js";

/** Output at 0 C, volts (Table 4, offset voltage). */
export const TMP36_OFFSET_V = 0.5;
/** Output scaling, volts per C (Table 4, 10 mV/C). */
export const TMP36_SCALE_V_PER_C = 0.01;
/** Accuracy is specified over this range (page 1). */
export const TMP36_SPECIFIED_MIN_C = -40;
export const TMP36_SPECIFIED_MAX_C = 125;
/** The part operates up to here (page 1): readings up to it are temperatures. */
export const TMP36_OPERATING_MAX_C = 150;

/**
 * Slack around the operating range before a reading is called absent: one step of a
 * 10-bit ADC at 5 V is 4.9 mV, half a degree, and a sensor at the edge must not flicker
 * between present and absent.
 */
const EDGE_SLACK_C = 0.5;

/** Output voltage at a temperature, held to what the part outputs over its operating range. */
export function tmp36OutputV(tempC: number): number {
  const t = Math.min(TMP36_OPERATING_MAX_C, Math.max(TMP36_SPECIFIED_MIN_C, tempC));
  return TMP36_OFFSET_V + TMP36_SCALE_V_PER_C * t;
}

/** Temperature for an output voltage: the straight line of Table 4, with no range check. */
export function tmp36TempC(volts: number): number {
  return (volts - TMP36_OFFSET_V) / TMP36_SCALE_V_PER_C;
}

/**
 * Temperature for a voltage read at the sensor's output, or null when the voltage is
 * outside what a TMP36 outputs (a missing sensor reads near 0 V or floats; a short reads
 * at the supply).
 */
export function tmp36ReadingC(volts: number): number | null {
  if (!Number.isFinite(volts)) return null;
  const c = tmp36TempC(volts);
  if (c < TMP36_SPECIFIED_MIN_C - EDGE_SLACK_C || c > TMP36_OPERATING_MAX_C + EDGE_SLACK_C) {
    return null;
  }
  return c;
}

/** A TMP36 on an ATmega328P analog pin: ADC counts -> C, or null as tmp36ReadingC. */
export function tmp36ToCelsius(raw: number, vrefV = 5): number | null {
  return isAdcCount(raw) ? tmp36ReadingC(adcToVolts(raw, vrefV)) : null;
}
