/**
 * Thermal guard, composable with any policy: caps the compute level when the node is hot.
 * Above throttleAboveC the cap is throttledLevel, above offAboveC it is 0; a cap is lifted
 * only when the temperature has fallen hysteresisC below the threshold that set it.
 */
import type { ThermalGuardConfig } from "../config/schema/scheduler.js";

/** The guard on plain numbers (the fast loops call this with the config unpacked). */
export function thermalCapOf(
  tempC: number,
  previousCap: number,
  throttleAboveC: number,
  throttledLevel: number,
  offAboveC: number,
  hysteresisC: number,
): number {
  if (tempC >= offAboveC || (previousCap <= 0 && tempC > offAboveC - hysteresisC)) return 0;
  if (tempC >= throttleAboveC || (previousCap < 1 && tempC > throttleAboveC - hysteresisC))
    return throttledLevel;
  return 1;
}

export function thermalCap(g: ThermalGuardConfig, tempC: number, previousCap: number): number {
  if (!g.enabled) return 1;
  return thermalCapOf(
    tempC,
    previousCap,
    g.throttleAboveC,
    g.throttledLevel,
    g.offAboveC,
    g.hysteresisC,
  );
}
