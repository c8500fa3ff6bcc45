/**
 * Rig file `limits:` section: yellow and red alarm limits for any numeric field of a
 * Frame (`frame.*`), a NodeState (`node.*`) or the link (`link.*`), evaluated by
 * src/session/alarms.ts and shown on the dashboard (owned by src/ui).
 *
 * ```yaml
 * limits:
 *   persistSamples: 3            # out of range this many samples in a row before it alarms
 *   fields:
 *     frame.panelTempC: { yellowAbove: 45, redAbove: 55 }
 *     node.socFraction: { yellowBelow: 0.4, redBelow: 0.25, persistSamples: 10 }
 *     node.nodeTempC: null       # null switches a default limit off
 * ```
 * Entries under `fields` are merged over the defaults below, field by field.
 * Default sources: panel 50/60 °C matches `safety.maxPanelTempC` (60 °C, the host cuts the
 * lamp there); SoC 30 %/20 % follows the 20–30 % depth-of-discharge rule for long LEO
 * battery life (docs/physics.md §6); node 70/85 °C: electronics are rated to +85 °C
 * (HiREV OBC/EPS, docs/physics.md §5); a link with no frame for 2 s is stale (dashboard rule).
 */
import { z } from "zod";

/** Numeric Frame fields a limit may watch (src/core/frame.ts). */
export const FRAME_LIMIT_FIELDS = [
  "busV",
  "currentMa",
  "powerMw",
  "panelTempC",
  "boardTempC",
  "lamp",
  "load",
] as const;

/** Numeric NodeState fields a limit may watch (src/node/state.ts). */
export const NODE_LIMIT_FIELDS = [
  "illumination",
  "arrayPowerW",
  "socFraction",
  "batteryWh",
  "batteryPowerW",
  "curtailedPowerW",
  "computeLevel",
  "computePowerW",
  "avionicsPowerW",
  "nodeTempC",
  "radiatorPowerW",
  "dutyThisOrbit",
  "dutyLastOrbit",
  "dutySession",
  "workDutyThisOrbit",
  "workDutySession",
  "workAccelS",
  "unservedPowerW",
  "computeLevelRequested",
  "batteryOcvV",
  "batteryLossW",
  "absorbedPowerW",
  "workDutyLastOrbit",
  "orbitElapsedS",
  "orbitFullComputeS",
  "orbitWorkLevelS",
  "sessionElapsedS",
  "sessionFullComputeS",
  "sessionWorkLevelS",
  "energyInJ",
  "energyToLoadJ",
  "energyStoredJ",
  "energyLossesJ",
  "energyCurtailedJ",
  "energyUnservedJ",
  "floorViolationS",
  "sessionMinSocFraction",
  "sessionMaxNodeTempC",
] as const;

/**
 * Link figures a limit may watch (src/board/types.ts LinkStats), plus the derived
 * `lastFrameAgeS`: seconds since the last frame (infinite before the first one).
 */
export const LINK_LIMIT_FIELDS = [
  "lastFrameAgeS",
  "framesPerS",
  "seqGaps",
  "framesLost",
  "checksumRejects",
  "malformedLines",
  "reconnects",
  "commandsFailed",
] as const;

export const LIMIT_FIELD_PATHS: readonly string[] = [
  ...FRAME_LIMIT_FIELDS.map((f) => `frame.${f}`),
  ...NODE_LIMIT_FIELDS.map((f) => `node.${f}`),
  ...LINK_LIMIT_FIELDS.map((f) => `link.${f}`),
];

/** Limits of one field, in that field's own unit. Set any of the four; a red limit is the outer one. */
export const fieldLimitSchema = z
  .strictObject({
    /** Alarms yellow when the value is above this. */
    yellowAbove: z.number().optional(),
    /** Alarms red when the value is above this (>= yellowAbove when both are set). */
    redAbove: z.number().optional(),
    /** Alarms yellow when the value is below this. */
    yellowBelow: z.number().optional(),
    /** Alarms red when the value is below this (<= yellowBelow when both are set). */
    redBelow: z.number().optional(),
    /** Overrides the section's persistSamples for this field. */
    persistSamples: z.number().int().min(1).max(10_000).optional(),
  })
  .refine(
    (l) =>
      l.yellowAbove !== undefined ||
      l.redAbove !== undefined ||
      l.yellowBelow !== undefined ||
      l.redBelow !== undefined,
    { message: "expected at least one of yellowAbove, redAbove, yellowBelow, redBelow" },
  )
  .refine(
    (l) => l.yellowAbove === undefined || l.redAbove === undefined || l.redAbove >= l.yellowAbove,
    { message: "redAbove must be >= yellowAbove" },
  )
  .refine(
    (l) => l.yellowBelow === undefined || l.redBelow === undefined || l.redBelow <= l.yellowBelow,
    { message: "redBelow must be <= yellowBelow" },
  );

export type FieldLimit = z.infer<typeof fieldLimitSchema>;

/** The limits in force when the rig file says nothing. */
export const DEFAULT_FIELD_LIMITS: Readonly<Record<string, FieldLimit>> = {
  "frame.panelTempC": { yellowAbove: 50, redAbove: 60 },
  "node.socFraction": { yellowBelow: 0.3, redBelow: 0.2 },
  "node.nodeTempC": { yellowAbove: 70, redAbove: 85 },
  // One sample is enough: the age only grows while no frame comes, and the evaluator is
  // also ticked without frames (see src/session/alarms.ts).
  "link.lastFrameAgeS": { yellowAbove: 2, redAbove: 10, persistSamples: 1 },
};

export const limitsSchema = z
  .strictObject({
    /** A value must be out of range this many consecutive samples before it alarms. Default 3. */
    persistSamples: z.number().int().min(1).max(10_000).default(3),
    /** The dashboard marks the link stale when no frame came for this long, seconds. Default 2. */
    staleLinkS: z.number().positive().default(2),
    /** Per-field limits merged over DEFAULT_FIELD_LIMITS; null removes a default. */
    fields: z
      .record(z.string(), fieldLimitSchema.nullable())
      .default({})
      // Checked here rather than as the record's key schema so the error names the key.
      .superRefine((user, ctx) => {
        for (const path of Object.keys(user)) {
          if (LIMIT_FIELD_PATHS.includes(path)) continue;
          ctx.addIssue({
            code: "custom",
            path: [path],
            message: `unknown field; expected one of ${LIMIT_FIELD_PATHS.join(", ")}`,
          });
        }
      })
      .transform((user) => {
        const merged: Record<string, FieldLimit> = { ...DEFAULT_FIELD_LIMITS };
        for (const [path, limit] of Object.entries(user)) {
          if (limit === null) delete merged[path];
          else merged[path] = limit;
        }
        return merged;
      }),
  })
  .prefault({});

export type LimitsConfig = z.infer<typeof limitsSchema>;
