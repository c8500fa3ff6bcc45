/**
 * The ATmega328P's 10-bit ADC transfer, both ways: the emulated MCU turns a pin voltage
 * into counts with it and the host turns counts read over Firmata back into volts.
 *
 * Source: Microchip DS40002061B, "ATmega48A/PA/88A/PA/168A/PA/328/P", 24.7 "ADC
 * Conversion Result": ADC = Vin x 1024 / Vref, 0x000 for ground, 0x3FF for Vref minus
 * one LSB.
 */

export const ADC_MAX_COUNT = 1023;
const ADC_STEPS = 1024;

/** Counts the ADC returns for a voltage (truncated, held to 0..1023). */
export function voltsToAdc(volts: number, vrefV: number): number {
  return Math.min(ADC_MAX_COUNT, Math.max(0, Math.floor((volts / vrefV) * ADC_STEPS)));
}

/** ADC counts -> volts at the pin. */
export function adcToVolts(raw: number, vrefV = 5): number {
  return (raw * vrefV) / ADC_STEPS;
}

/** True for a number the ADC can return. */
export function isAdcCount(raw: number): boolean {
  return Number.isFinite(raw) && raw >= 0 && raw <= ADC_MAX_COUNT;
}
