/** Rig file `limits:` section: dashboard alarm limits (owned by src/ui). */
import { z } from "zod";

export const limitsSchema = z.looseObject({}).prefault({});
export type LimitsConfig = z.infer<typeof limitsSchema>;
