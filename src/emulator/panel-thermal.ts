/**
 * Panel temperature and the analog sensor on it.
 * - Heating: first-order approach to Ross's steady state T = Tambient + k * G
 *   (R. G. Ross, "Interface design considerations for terrestrial solar cell modules",
 *   IEEE PVSC 1976; k about 0.02..0.04 C per W/m2, survey in Skoplaki & Palyvos,
 *   Renewable Energy 34, 2009), with the panel's thermal time constant.
 * - The TMP36's output is src/chips/tmp36.ts (tmp36OutputV).
 * - 10 k NTC (B 3950) from A0 to GND with 10 k from 5 V to A0, as the firmware's
 *   config.h wires it; Beta equation 1/T = 1/T25 + ln(R/R25)/B.
 */
export interface ThermalParams {
  heatingCPerWm2: number;
  thermalTauS: number;
}

export function stepPanelTemp(
  p: ThermalParams,
  tempC: number,
  dtS: number,
  irradianceWm2: number,
  ambientC: number,
): number {
  const target = ambientC + p.heatingCPerWm2 * irradianceWm2;
  return target + (tempC - target) * Math.exp(-dtS / p.thermalTauS);
}

export const NTC = { seriesOhms: 10_000, r25Ohms: 10_000, beta: 3950, supplyV: 5 } as const;

export function ntcDividerV(tempC: number): number {
  const tK = tempC + 273.15;
  const r = NTC.r25Ohms * Math.exp(NTC.beta * (1 / tK - 1 / 298.15));
  return (NTC.supplyV * r) / (NTC.seriesOhms + r);
}
