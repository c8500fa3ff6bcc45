/**
 * The rig file: one YAML (or JSON) document that says everything about an experiment.
 * Each section's schema lives in ./schema/<section>.ts, owned by the module that reads it.
 */
import { z } from "zod";
import { benchSchema } from "./schema/bench.js";
import { boardSchema, calibrationSchema } from "./schema/board.js";
import { constellationSchema } from "./schema/constellation.js";
import { displaySchema } from "./schema/display.js";
import { limitsSchema } from "./schema/limits.js";
import { networkSchema } from "./schema/network.js";
import { nodeSchema } from "./schema/node.js";
import { orbitSchema } from "./schema/orbit.js";
import { recordingSchema } from "./schema/recording.js";
import { safetySchema } from "./schema/safety.js";
import { schedulerSchema } from "./schema/scheduler.js";

export const rigSchema = z.strictObject({
  name: z.string().min(1).default("unnamed rig"),
  description: z.string().default(""),
  board: boardSchema,
  calibration: calibrationSchema,
  bench: benchSchema,
  orbit: orbitSchema,
  node: nodeSchema,
  scheduler: schedulerSchema,
  safety: safetySchema,
  recording: recordingSchema,
  limits: limitsSchema,
  display: displaySchema,
  network: networkSchema,
  constellation: constellationSchema,
});

export type RigConfig = z.infer<typeof rigSchema>;
