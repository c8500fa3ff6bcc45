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
 * Default sources, high:
 * - panel 50/60 °C matches `safety.maxPanelTempC` (60 °C, the host cuts the lamp there);
 * - node 70/85 °C: electronics are rated to +85 °C (HiREV OBC/EPS, docs/physics.md §5);
 * - a link with no frame for 2 s is stale (dashboard rule).
 * And low:
 * - SoC 30 %/20 % follows the 20–30 % depth-of-discharge rule for long LEO battery life
 *   (docs/physics.md §6);
 * - node 0/−10 °C: the node's lumped temperature is its battery's too, and Li-ion cells are
 *   rated 0–50 °C (Knap et al., IAC-20), a smallsat battery −10…+50 °C (HiREV, §5);
 * - panel 5/−10 °C: the bench panel sits in a room, under a lamp. Colder than 5 °C is not a
 *   classroom but a misread sensor (a TMP36 whose output is pulled to ground reads −50 °C)
 *   or a panel by an open winter window; −10 °C is below anything a room reaches;
 * - battery bus 3.40/3.30 V a cell (`node.batteryOcvV`, the pack's open-circuit voltage,
 *   scaled by `node.battery.cellsInSeries` when the rig leaves it at its default): about
 *   14 % and 9 % SoC on the cell table of docs/physics.md §6. A battery-dominated bus
 *   follows the pack, and loads drop out as it sags toward the cells' 2.5 V floor; the SoC
 *   alarms come first, this one watches the voltage itself.
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

/** Battery bus limits a cell, V (see the file header); the pack's are these × cells in series. */
export const BUS_CELL_LIMITS_V = { yellowBelow: 3.4, redBelow: 3.3 } as const;
/** Cells in series the default bus limits are written for (node.battery.cellsInSeries' default). */
const DEFAULT_CELLS_IN_SERIES = 96;

/** The battery bus limits of a pack of `cellsInSeries` cells, V. */
export function busLimits(cellsInSeries: number): FieldLimit {
  const v = (cellV: number) => Math.round(cellV * cellsInSeries * 1000) / 1000;
  return {
    yellowBelow: v(BUS_CELL_LIMITS_V.yellowBelow),
    redBelow: v(BUS_CELL_LIMITS_V.redBelow),
  };
}

/** The limits in force when the rig file says nothing. */
export const DEFAULT_FIELD_LIMITS: Readonly<Record<string, FieldLimit>> = {
  "frame.panelTempC": { yellowAbove: 50, redAbove: 60, yellowBelow: 5, redBelow: -10 },
  "node.socFraction": { yellowBelow: 0.3, redBelow: 0.2 },
  "node.nodeTempC": { yellowAbove: 70, redAbove: 85, yellowBelow: 0, redBelow: -10 },
  "node.batteryOcvV": busLimits(DEFAULT_CELLS_IN_SERIES),
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

/**
 * The limits for a pack of `cellsInSeries` cells: the default battery bus limits follow
 * the pack's size; a bus limit the rig file set (or switched off) is kept as it is.
 */
export function limitsForPack(limits: LimitsConfig, cellsInSeries: number): LimitsConfig {
  const key = "node.batteryOcvV";
  // The merge keeps the default's own object when the rig file left the field alone.
  if (limits.fields[key] !== DEFAULT_FIELD_LIMITS[key]) return limits;
  return { ...limits, fields: { ...limits.fields, [key]: busLimits(cellsInSeries) } };
}
