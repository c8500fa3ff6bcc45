/**
 * The bench lamp: a PWM level (0..1 duty on the lamp pin) to irradiance on the panel.
 * An LED's light output follows its drive at once (microseconds) and, PWM-averaged, is
 * proportional to the duty. A halogen filament has a thermal time constant of a few
 * hundred milliseconds: modelled as a first-order lag with separate warm-up and cool-down
 * constants. The relay variant of the firmware drives 0 or 1, which this handles too.
 */
export interface LampParams {
  kind: "led" | "halogen";
  fullIrradianceWm2: number;
  ambientIrradianceWm2: number;
  warmUpS: number;
  coolDownS: number;
}

export interface LampState {
  /** Relative light output, 0..1. */
  output: number;
}

export const initialLamp: LampState = { output: 0 };

/** Advances the lamp by dtS with the given drive (0..1). */
export function stepLamp(p: LampParams, s: LampState, dtS: number, drive: number): LampState {
  const target = Math.min(1, Math.max(0, drive));
  if (p.kind === "led") return { output: target };
  const tau = target > s.output ? p.warmUpS : p.coolDownS;
  return { output: target + (s.output - target) * Math.exp(-dtS / tau) };
}

export function irradianceWm2(p: LampParams, s: LampState): number {
  return p.ambientIrradianceWm2 + s.output * p.fullIrradianceWm2;
}
