/** Rig file `node:` section (owned by src/node). */
import { z } from "zod";

export const nodeSchema = z.looseObject({}).prefault({});
export type NodeConfig = z.infer<typeof nodeSchema>;
