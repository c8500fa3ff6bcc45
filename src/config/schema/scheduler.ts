/** Rig file `scheduler:` section (owned by src/scheduler): which duty-cycle policy decides the compute level. */
import { z } from "zod";

export const POLICY_NAMES = ["always-on", "sunlit-only", "soc-hysteresis", "predictive"] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

const thermalGuardSchema = z
  .strictObject({
    /** Apply the guard on top of the policy. Default true. */
    enabled: z.boolean().default(true),
    /** Above this node temperature the level is capped at throttledLevel, C. Default 80. */
    throttleAboveC: z.number().default(80),
    /** Level cap while throttled, 0..1. Default 0.5. */
    throttledLevel: z.number().min(0).max(1).default(0.5),
    /** Above this node temperature compute stops (level 0), C. Default 85 (node.thermal.maxTempC). */
    offAboveC: z.number().default(85),
    /** A cap is lifted only once the temperature is this far below its threshold, K. Default 3. */
    hysteresisC: z.number().min(0).default(3),
  })
  .refine((g) => g.offAboveC >= g.throttleAboveC, "offAboveC must be >= throttleAboveC")
  .prefault({});

export const schedulerSchema = z
  .strictObject({
    /**
     * Duty-cycle policy: "always-on" (full compute), "sunlit-only" (full in full sun, else 0),
     * "soc-hysteresis" (on above socHighFraction, off below socLowFraction), "predictive"
     * (plans from the coming eclipse so the battery reaches its floor no earlier than eclipse
     * exit). Default "predictive".
     */
    policy: z.enum(POLICY_NAMES).default("predictive"),
    /** soc-hysteresis: compute turns on at or above this SoC, 0..1. Default 0.85. */
    socHighFraction: z.number().min(0).max(1).default(0.85),
    /** soc-hysteresis: compute turns off at or below this SoC, 0..1. Default 0.6 (keeps an eclipse of idle load above the 0.4 floor). */
    socLowFraction: z.number().min(0).max(1).default(0.6),
    /** predictive: energy kept above the floor as a margin, fraction of capacity. Default 0.02. */
    predictiveMarginFraction: z.number().min(0).max(0.5).default(0.02),
    thermalGuard: thermalGuardSchema,
  })
  .refine((s) => s.socLowFraction < s.socHighFraction, {
    message: "socLowFraction must be below socHighFraction",
    path: ["socLowFraction"],
  })
  .prefault({});

export type SchedulerConfig = z.infer<typeof schedulerSchema>;
export type ThermalGuardConfig = SchedulerConfig["thermalGuard"];
