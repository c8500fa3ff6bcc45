/**
 * Duty-cycle policies. The predictive one plans from the eclipse windows:
 * - In shadow, it spends what is above the floor (plus margin) evenly until eclipse exit:
 *   level = ((E - E_floor - margin) eta_d / t_exit - P_base) / P_span.
 * - In sun, before an eclipse of length t_e, the battery must hold at entry
 *   E_need = E_floor + margin + P_base t_e / eta_d (the eclipse at level 0). Compute in sunlight
 *   costs less than compute in eclipse (no charge and discharge losses), so it runs as high
 *   as still lets the battery reach E_need: charging power R = (E_need - E) / (eta_c t_entry),
 *   level = (P_array - P_base - R) / P_span. Energy left over at entry goes to eclipse compute.
 * Recomputed every step (receding horizon), so errors of the plan (taper, penumbra, throttle
 * rounding) are corrected as they show. Penumbra counts as shadow (its light is a bonus).
 */
import type { PolicyName, SchedulerConfig } from "../config/schema/scheduler.js";
import type { Policy, PolicyContext, PolicyLevelFn, SchedulerObservation } from "./types.js";

function clamp01(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1);
}

/** A Policy from its plain-number form. */
export function policyOf(name: PolicyName, levelOf: PolicyLevelFn): Policy {
  return {
    name,
    levelOf,
    level: (o, prev) =>
      levelOf(
        o.socFraction,
        o.batteryJ,
        o.illumination,
        o.eclipseEntryInS,
        o.eclipseExitInS,
        o.arrayFullSunW,
        prev,
      ),
  };
}

export const alwaysOn: Policy = policyOf("always-on", () => 1);

/** Full compute in full sun only (penumbra counts as eclipse). */
export const sunlitOnly: Policy = policyOf("sunlit-only", (_soc, _e, _il, entryS) =>
  entryS > 0 ? 1 : 0,
);

export function socHysteresis(highFraction: number, lowFraction: number): Policy {
  return policyOf("soc-hysteresis", (soc, _e, _il, _en, _ex, _a, prev) => {
    if (prev > 0) return soc <= lowFraction ? 0 : 1;
    return soc >= highFraction ? 1 : 0;
  });
}

export function predictive(ctx: PolicyContext, marginFraction: number): Policy {
  const marginJ = marginFraction * ctx.capacityJ;
  const { baseLoadW, computeSpanW, etaCharge, etaDischarge, floorJ, maxChargeW } = ctx;
  return policyOf("predictive", (_soc, batteryJ, illumination, entryS, exitS, arrayFullSunW) => {
    const spareJ = batteryJ - floorJ - marginJ;
    const arrayW = arrayFullSunW * illumination;
    if (entryS <= 0) {
      const tExit = Math.max(exitS, 1);
      return clamp01(((spareJ > 0 ? spareJ * etaDischarge : 0) / tExit - baseLoadW) / computeSpanW);
    }
    if (!Number.isFinite(entryS)) {
      // No eclipse ahead: spend the battery above the floor, else live on the array.
      return spareJ > 0 ? 1 : clamp01((arrayW - baseLoadW) / computeSpanW);
    }
    const tEclipse = exitS - entryS;
    const shortJ = (baseLoadW * tEclipse) / etaDischarge - spareJ; // > 0: must charge this much
    // Charging faster than the battery takes is impossible: plan with at most maxChargeW.
    const batteryTermW =
      shortJ > 0
        ? -Math.min(shortJ / (etaCharge * entryS), maxChargeW)
        : (-shortJ * etaDischarge) / entryS;
    return clamp01((arrayW - baseLoadW + batteryTermW) / computeSpanW);
  });
}

export function createPolicy(name: PolicyName, cfg: SchedulerConfig, ctx: PolicyContext): Policy {
  switch (name) {
    case "always-on":
      return alwaysOn;
    case "sunlit-only":
      return sunlitOnly;
    case "soc-hysteresis":
      return socHysteresis(cfg.socHighFraction, cfg.socLowFraction);
    case "predictive":
      return predictive(ctx, cfg.predictiveMarginFraction);
  }
}

export type { SchedulerObservation };
