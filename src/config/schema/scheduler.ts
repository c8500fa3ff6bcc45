/** Rig file `scheduler:` section (owned by src/scheduler). */
import { z } from "zod";

export const schedulerSchema = z.looseObject({}).prefault({});
export type SchedulerConfig = z.infer<typeof schedulerSchema>;
