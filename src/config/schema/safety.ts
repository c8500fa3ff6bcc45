/** Rig file `safety:` section. */
import { z } from "zod";

export const safetySchema = z
  .strictObject({
    /** The host cuts the lamp above this panel temperature, and the firmware is told it too. */
    maxPanelTempC: z.number().min(-40).max(150).default(60),
    /** Longest the lamp may stay on without a break (a desk lamp left on can overheat). */
    maxLampOnS: z.number().positive().default(600),
    /** The firmware turns lamp and load off when the host is silent this long. */
    watchdogMs: z.number().int().min(100).max(60000).default(3000),
  })
  .prefault({});

export type SafetyConfig = z.infer<typeof safetySchema>;
