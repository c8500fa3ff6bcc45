/** Rig file `display:` section: what the live dashboard shows by default. */
import { z } from "zod";

export const displaySchema = z
  .strictObject({
    /**
     * Window of the trend sparklines at start, bench seconds. The `t` key cycles through
     * 1, 2, 10 and 60 minutes and this one.
     */
    trendWindowS: z.number().int().min(10).max(86_400).default(120),
  })
  .prefault({});

export type DisplayConfig = z.infer<typeof displaySchema>;
