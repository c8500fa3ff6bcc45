/**
 * The payloads of the topic tree (./topics.ts), version 1: compact JSON, units in the
 * field names. Defined once, here, in zod: publishers build them, subscribers parse them
 * with these schemas, and the JSON Schema files in docs/schema/ are generated from them
 * (tests/network/schema.test.ts keeps those files in step and validates what a live
 * publisher sends against them).
 */
import { z } from "zod";
import { rigIdSchema } from "../config/schema/network.js";
import { POLICY_NAMES } from "../config/schema/scheduler.js";
import { SESSION_EVENT_KINDS } from "../core/events.js";
import { DESK_SCHEMAS } from "./desk-payloads.js";

/** Largest payload a subscriber reads; anything larger is ignored and counted. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
/**
 * Largest payload either broker takes: its sender is cut off past it. It bounds what one
 * account can park in the broker (retained) and send to everyone; it is looser than what
 * subscribers read so that a coordinator's round for a large ring is never the cause.
 */
export const MAX_BROKER_PAYLOAD_BYTES = 4 * MAX_PAYLOAD_BYTES;
/** The same as a whole MQTT packet (Mosquitto's max_packet_size): room for topic and headers. */
export const MAX_PACKET_BYTES = MAX_BROKER_PAYLOAD_BYTES + 1024;

const n = z.number();
const text = (max: number) => z.string().max(max);
const region = z.enum(["sunlit", "penumbra", "umbra"]);

export const helloSchema = z.strictObject({
  v: z.literal(1),
  rig: rigIdSchema,
  /** The rig file's name (free text: shown escaped). */
  name: text(120),
  /** Changes each time the session starts: tells two publishers of one id apart. */
  instance: text(40),
  orbitrig: text(40),
  mode: z.enum(["live", "emulated", "replay"]),
  board: z
    .strictObject({
      kind: text(20),
      profile: text(80),
      firmwareVersion: text(40),
    })
    .nullable(),
  orbit: z.strictObject({
    periodS: n,
    timeScale: n,
    altitudeKm: n.nullable(),
    betaDeg: n.nullable(),
  }),
  node: z.strictObject({
    policy: text(40),
    batteryCapacityWh: n,
    floorSocFraction: n,
    arrayFullSunW: n,
    accelerators: n,
  }),
  stateHz: n,
  wallMs: n,
});

const alarmSchema = z.strictObject({
  field: text(80),
  severity: z.enum(["yellow", "red"]),
  active: z.boolean(),
});

export const stateSchema = z.strictObject({
  v: z.literal(1),
  /** Counts state messages of this instance: gaps are messages lost or dropped. */
  seq: z.number().int().min(0),
  /** The publisher's wall clock when it built the message (Unix ms). */
  wallMs: n,
  instance: text(40),
  benchS: n,
  orbitS: n,
  link: z.enum(["connecting", "up", "down", "reconnecting", "closed"]),
  /** Seconds since the last bench frame, null before the first. */
  frameAgeS: n.nullable(),
  bench: z
    .strictObject({
      powerMw: n,
      busV: n,
      currentMa: n,
      panelTempC: n.nullable(),
      lamp: n,
      load: n,
    })
    .nullable(),
  node: z
    .strictObject({
      orbitNumber: n,
      orbitPhase: n,
      region,
      socFraction: n,
      arrayPowerW: n,
      batteryPowerW: n,
      computeLevel: n,
      nodeTempC: n,
      dutyThisOrbit: n,
      dutyLastOrbit: n.nullable(),
      workAccelS: n,
      floorViolationS: n,
      minSocFraction: n,
    })
    .nullable(),
  orbit: z.strictObject({
    periodS: n,
    timeScale: n,
    /** The orbit's sunlit, penumbra and umbra spans as [fromPhase, toPhase, region]. */
    segments: z.array(z.tuple([n, n, region])).max(16),
    next: z.strictObject({ kind: z.enum(["eclipse-entry", "eclipse-exit"]), inS: n }).nullable(),
  }),
  policy: text(40),
  lampMode: z.enum(["auto", "on", "off"]),
  paused: z.boolean(),
  speed: n,
  alarms: z.array(alarmSchema).max(32),
  /** The publisher's own queue: messages waiting, and dropped since the session started. */
  net: z.strictObject({ queued: z.number().int().min(0), dropped: z.number().int().min(0) }),
});

export const COMMAND_ACTIONS = [
  "force-eclipse",
  "set-policy",
  "set",
  "pause",
  "resume",
  "note",
] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

/** A teacher's command, on `<class>/<rig>/cmd` or `<class>/cmd` (every rig). */
export const commandSchema = z.discriminatedUnion("action", [
  z.strictObject({ v: z.literal(1), id: text(40), action: z.literal("force-eclipse") }),
  z.strictObject({
    v: z.literal(1),
    id: text(40),
    action: z.literal("set-policy"),
    policy: z.enum(POLICY_NAMES),
  }),
  z.strictObject({
    v: z.literal(1),
    id: text(40),
    action: z.literal("set"),
    key: text(120),
    value: z.union([z.number(), z.string().max(80), z.boolean()]),
  }),
  z.strictObject({ v: z.literal(1), id: text(40), action: z.literal("pause") }),
  z.strictObject({ v: z.literal(1), id: text(40), action: z.literal("resume") }),
  z.strictObject({ v: z.literal(1), id: text(40), action: z.literal("note"), text: text(500) }),
]);

/** A session event a person would read, or a rig's answer to a command (kind "ack"). */
export const eventSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    v: z.literal(1),
    kind: z.enum(SESSION_EVENT_KINDS),
    wallMs: n,
    /** Session ms. */
    hostMs: n,
    text: text(500),
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("ack"),
    wallMs: n,
    id: text(40),
    action: text(40),
    ok: z.boolean(),
    /** What the rig did, or why it refused. */
    text: text(500),
  }),
]);

export const statusSchema = z.strictObject({
  v: z.literal(1),
  online: z.boolean(),
  instance: text(40),
  wallMs: n,
  /** Offline only: "ended" (the session stopped) or "lost" (the broker's last will). */
  reason: z.enum(["ended", "lost"]).optional(),
});

export type HelloPayload = z.infer<typeof helloSchema>;
export type StatePayload = z.infer<typeof stateSchema>;
export type CommandPayload = z.infer<typeof commandSchema>;
export type EventPayload = z.infer<typeof eventSchema>;
export type StatusPayload = z.infer<typeof statusSchema>;

/** Every payload schema by the topic it travels on (for docs/schema/ and the tests). */
export const PAYLOAD_SCHEMAS = {
  hello: helloSchema,
  state: stateSchema,
  event: eventSchema,
  status: statusSchema,
  cmd: commandSchema,
  ...DESK_SCHEMAS,
} as const;

/**
 * Parses a payload of a topic kind: null for anything that is not valid JSON of that
 * schema or is larger than MAX_PAYLOAD_BYTES (the caller counts it).
 */
export function parsePayload<K extends keyof typeof PAYLOAD_SCHEMAS>(
  kind: K,
  payload: Buffer | string,
): z.infer<(typeof PAYLOAD_SCHEMAS)[K]> | null {
  if (payload.length > MAX_PAYLOAD_BYTES) return null;
  let data: unknown;
  try {
    data = JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8"));
  } catch {
    return null;
  }
  const r = PAYLOAD_SCHEMAS[kind].safeParse(data);
  return r.success ? (r.data as z.infer<(typeof PAYLOAD_SCHEMAS)[K]>) : null;
}
