/** Rig file `orbit:` section (owned by src/orbit). */
import { z } from "zod";

export const orbitSchema = z.looseObject({}).prefault({});
export type OrbitConfig = z.infer<typeof orbitSchema>;
