/**
 * TMP36 on an Arduino analog pin, pure. Sources: Analog Devices TMP35/TMP36/TMP37
 * datasheet (rev. H), Table 4: TMP36 output 750 mV at 25 C, 10 mV/C, so 500 mV at 0 C,
 * specified from -40 C to +125 C (100 mV .. 1750 mV); Microchip ATmega328P datasheet
 * (DS40002061B) 24.7 "ADC Conversion Result": ADC = Vin * 1024 / Vref.
 */

export const TMP36_MIN_C = -40;
export const TMP36_MAX_C = 125;

/** ADC reading (0..1023) -> volts at the pin. */
export function adcToVolts(raw: number, vrefV = 5): number {
  return (raw * vrefV) / 1024;
}

/**
 * ADC reading -> panel temperature in C, or null when the voltage is outside what a
 * TMP36 can output (a missing sensor reads near 0 V or floats; a short reads at Vref).
 */
export function tmp36ToCelsius(raw: number, vrefV = 5): number | null {
  if (!Number.isFinite(raw) || raw < 0 || raw > 1023) return null;
  const c = (adcToVolts(raw, vrefV) - 0.5) * 100;
  // Half a degree of slack so an ADC step at the edge of the range is not called absent.
  if (c < TMP36_MIN_C - 0.5 || c > TMP36_MAX_C + 0.5) return null;
  return c;
}
