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
import type { Policy, PolicyContext, SchedulerObservation } from "./types.js";

function clamp01(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1);
}

export const alwaysOn: Policy = { name: "always-on", level: () => 1 };

/** Full compute in full sun only (penumbra counts as eclipse). */
export const sunlitOnly: Policy = {
  name: "sunlit-only",
  level: (obs) => (obs.eclipseEntryInS > 0 ? 1 : 0),
};

export function socHysteresis(highFraction: number, lowFraction: number): Policy {
  return {
    name: "soc-hysteresis",
    level: (obs, prev) => {
      if (prev > 0) return obs.socFraction <= lowFraction ? 0 : 1;
      return obs.socFraction >= highFraction ? 1 : 0;
    },
  };
}

export function predictive(ctx: PolicyContext, marginFraction: number): Policy {
  const marginJ = marginFraction * ctx.capacityJ;
  const { baseLoadW, computeSpanW, etaCharge, etaDischarge, floorJ } = ctx;
  return {
    name: "predictive",
    level: (obs) => {
      const spareJ = obs.batteryJ - floorJ - marginJ;
      const arrayW = obs.arrayFullSunW * obs.illumination;
      if (obs.eclipseEntryInS <= 0) {
        const tExit = Math.max(obs.eclipseExitInS, 1);
        return clamp01(
          ((spareJ > 0 ? spareJ * etaDischarge : 0) / tExit - baseLoadW) / computeSpanW,
        );
      }
      if (!Number.isFinite(obs.eclipseEntryInS)) {
        // No eclipse ahead: spend the battery above the floor, else live on the array.
        return spareJ > 0 ? 1 : clamp01((arrayW - baseLoadW) / computeSpanW);
      }
      const tEntry = obs.eclipseEntryInS;
      const tEclipse = obs.eclipseExitInS - obs.eclipseEntryInS;
      const shortJ = (baseLoadW * tEclipse) / etaDischarge - spareJ; // > 0: must charge this much
      // Charging faster than the battery takes is impossible: plan with at most maxChargeW.
      const batteryTermW =
        shortJ > 0
          ? -Math.min(shortJ / (etaCharge * tEntry), ctx.maxChargeW)
          : (-shortJ * etaDischarge) / tEntry;
      return clamp01((arrayW - baseLoadW + batteryTermW) / computeSpanW);
    },
  };
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
