/**
 * A desk constellation's payloads (docs/network.md, "A desk constellation"), version 1, in
 * zod like ./payloads.ts (which lists them with the others, so docs/schema/ has them too):
 *
 * - member (`<rig>/member`): a ring member's report (its node, on its own orbit clock), or
 *   its goodbye (also its last will: a rig whose link dies drops out at once);
 * - assign (`constellation/assign/<rig>`): what the coordinator tells one rig each round;
 * - constellation-plan (`constellation/plan`, retained): the ring and whether the
 *   coordinator is online;
 * - constellation-state (`constellation/state`): each round, every rig's queue and cap and
 *   the work moving, for the teacher's ring;
 * - constellation-event (`constellation/event`): drop-outs, rejoins, refusals.
 *
 * The coordinator's own types are in src/constellation/desk-types.ts; these are their wire
 * form (Infinity, which JSON cannot carry, is null).
 */
import { z } from "zod";
import { rigIdSchema } from "../config/schema/network.js";

const n = z.number();
const text = (max: number) => z.string().max(max);
const region = z.enum(["sunlit", "penumbra", "umbra"]);

export const memberSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("report"),
    instance: text(40),
    seq: z.number().int().min(0),
    orbitS: n,
    periodS: n,
    timeScale: n,
    phase: n,
    region,
    /** Orbit seconds to the loss of full sun: 0 in shadow, null when none is ahead. */
    eclipseEntryInS: n.nullable(),
    socFraction: n,
    nodeTempC: n,
    ownLevel: n,
    computeLevel: n,
    workAccelS: n,
    accelerators: n,
    throttleLevels: z.array(n).max(32),
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("bye"),
    instance: text(40),
    /** "ended": the session stopped; "lost": the broker's last will. */
    reason: z.enum(["ended", "lost"]),
  }),
]);

export const assignSchema = z.strictObject({
  v: z.literal(1),
  rig: rigIdSchema,
  slot: z.number().int().min(0),
  round: z.number().int().min(0),
  /** The cap on the rig's compute level, 0..1: what its load pin shows. */
  level: z.number().min(0).max(1),
  backlogAccelS: n,
  incomingAccelS: n,
  sheds: z.boolean(),
  forSeq: z.number().int().min(0),
  atOrbitS: n,
  /** The phase the rig should have had at atOrbitS, when it is off its slot. */
  alignPhase: z.number().min(0).lt(1).nullable(),
});

export const planSchema = z.strictObject({
  v: z.literal(1),
  online: z.boolean(),
  ids: z.array(rigIdSchema).max(64),
  startPhases: z.array(n).max(64),
  periodS: n,
  timeScale: n,
  wallMs: n,
});

export const deskStateSchema = z.strictObject({
  v: z.literal(1),
  round: z.number().int().min(0),
  orbitS: n,
  dtS: n,
  periodS: n,
  nodes: z
    .array(
      z.strictObject({
        rig: rigIdSchema,
        slot: z.number().int().min(0),
        live: z.boolean(),
        phase: n.nullable(),
        region: region.nullable(),
        sheds: z.boolean(),
        level: n,
        backlogAccelS: n,
        doneAccelS: n,
        sentAccelS: n,
        receivedAccelS: n,
      }),
    )
    .max(64),
  routes: z.array(z.strictObject({ from: rigIdSchema, to: rigIdSchema, amountAccelS: n })).max(256),
  totals: z.strictObject({
    arrivedAccelS: n,
    doneUsefulAccelS: n,
    movedAccelS: n,
    evacuatedAccelS: n,
    droppedAccelS: n,
    queuedAccelS: n,
  }),
  wallMs: n,
});

export const deskEventSchema = z.strictObject({
  v: z.literal(1),
  kind: z.enum(["join", "rejoin", "drop-out", "refused"]),
  rig: rigIdSchema,
  orbitS: n,
  text: text(500),
  wallMs: n,
});

export type MemberPayload = z.infer<typeof memberSchema>;
export type AssignPayload = z.infer<typeof assignSchema>;
export type PlanPayload = z.infer<typeof planSchema>;
export type DeskStatePayload = z.infer<typeof deskStateSchema>;
export type DeskEventPayload = z.infer<typeof deskEventSchema>;

export const DESK_SCHEMAS = {
  member: memberSchema,
  assign: assignSchema,
  "constellation-plan": planSchema,
  "constellation-state": deskStateSchema,
  "constellation-event": deskEventSchema,
} as const;
