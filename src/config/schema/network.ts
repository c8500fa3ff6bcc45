/**
 * Rig file `network:` section (owned by src/network): where the session publishes for a
 * classroom. Absent: the session publishes nothing unless `--publish` asks.
 */
import { z } from "zod";

/**
 * A class or rig id: one MQTT topic level and one Mosquitto user name, so letters, digits,
 * `-` and `_` only (no `/`, `+`, `#`, spaces). The teacher's and the viewer's accounts, the
 * class-wide command topic and a desk constellation's topics take the reserved names.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/;
export const RESERVED_IDS = ["teacher", "viewer", "cmd", "all", "constellation"] as const;

export const idSchema = z
  .string()
  .regex(ID_PATTERN, "expected letters, digits, - and _ (at most 48, no spaces or /)");

export const rigIdSchema = idSchema.refine(
  (id) => !(RESERVED_IDS as readonly string[]).includes(id),
  `${RESERVED_IDS.join(", ")} are reserved`,
);

/** A rig's name as an id: "emulated rig" -> "emulated-rig". */
export function idFromName(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "")
    .slice(0, 48);
  return id === "" || (RESERVED_IDS as readonly string[]).includes(id) ? `rig-${id}` : id;
}

export const mqttSchema = z.strictObject({
  /** Broker address, `mqtt://HOST[:PORT]` (1883) or `mqtts://HOST[:PORT]` (8883, TLS). */
  url: z
    .string()
    .regex(/^mqtts?:\/\/[^\s/]+\/?$/, "expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT]")
    // mqtt://::1:1883 cannot be told from a host "::1" with no port or a port 1883 of "::1":
    // the client fails to connect (URL syntax, RFC 3986 3.2.2).
    .refine(
      (u) => !/^mqtts?:\/\/[^[\s/]*:[^\s/]*:/.test(u),
      "an IPv6 address goes in brackets: mqtt://[::1]:1883",
    ),
  /** The class: the second topic level, `orbitrig/v1/<class>/...`. Default "classroom". */
  class: idSchema.default("classroom"),
  /** This rig's id in the class (its topic level). Default: the rig's name as an id. */
  rigId: rigIdSchema.optional(),
  /** Broker user name. Default: the rig id (Mosquitto's ACL lets a user publish under its own id). */
  username: z.string().min(1).optional(),
  /** Password, or passwordFile: a file whose first line is the password (kept out of the rig file). */
  password: z.string().optional(),
  passwordFile: z.string().min(1).optional(),
  /** A PEM CA certificate to trust for mqtts:// (a classroom's own CA). */
  caFile: z.string().min(1).optional(),
  /** State messages per second. Default 5. */
  stateHz: z.number().min(0.2).max(20).default(5),
  /** Messages held while the broker is slow or away; beyond it the oldest state is dropped and counted. Default 500. */
  queueLimit: z.number().int().min(10).max(100_000).default(500),
});

export const networkSchema = z
  .strictObject({
    mqtt: mqttSchema.optional(),
    /**
     * Join a desk constellation on the broker of `mqtt` (as `--join` does): report the node
     * to the coordinator (`orbitrig constellation --ring …` on the teacher's laptop) and run
     * at the compute level it assigns. Default false.
     */
    constellation: z.boolean().default(false),
  })
  .prefault({});

export type MqttConfig = z.infer<typeof mqttSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
