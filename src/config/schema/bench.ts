/** Rig file `bench:` section: the virtual bench of the emulated rig (owned by src/emulator). */
import { z } from "zod";

export const benchSchema = z.looseObject({}).prefault({});
export type BenchConfig = z.infer<typeof benchSchema>;
