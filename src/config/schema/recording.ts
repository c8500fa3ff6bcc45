/** Rig file `recording:` section. */
import { z } from "zod";

export const recordingSchema = z
  .strictObject({
    /** Folder for timestamped recordings when --record is not given. */
    dir: z.string().min(1).default("recordings"),
    /** Longest time a line may sit in memory before it is written to disk. */
    flushMs: z.number().int().min(10).max(1000).default(500),
  })
  .prefault({});

export type RecordingConfig = z.infer<typeof recordingSchema>;
