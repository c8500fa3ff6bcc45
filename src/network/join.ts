/**
 * Where and as whom a session publishes: the rig file's `network.mqtt` section, with
 * `--publish` over it (a broker URL, `mqtt://[user[:password]@]HOST[:PORT]`, or a join
 * file from the teacher: a `network.mqtt` section of its own). One clear line for a
 * mistake, naming the file and the field.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { RigConfig } from "../config/rig.js";
import { idFromName, type MqttConfig, networkSchema } from "../config/schema/network.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { readSmallText } from "../core/read-bounded.js";
import { isRigId } from "./topics.js";

export interface PublishTarget {
  url: string;
  cls: string;
  rigId: string;
  username: string;
  password: string;
  caFile?: string;
  stateHz: number;
  queueLimit: number;
}

function usage(message: string): OrbitrigError {
  return new OrbitrigError("USAGE", message, ExitCode.usage);
}

/** A join file's `network.mqtt`, validated; relative file paths in it are the file's. */
export function readJoinFile(path: string): Partial<MqttConfig> & { url: string } {
  let data: unknown;
  try {
    data = parseYaml(readSmallText(path));
  } catch (e) {
    throw usage(`--publish ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  const r = networkSchema.safeParse((data as { network?: unknown } | null)?.network ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw usage(`${path} network.${i.path.map(String).join(".")}: ${i.message}`);
  }
  const m = r.data.mqtt;
  if (!m) throw usage(`${path}: expected a network.mqtt section (a join file from the teacher)`);
  const rel = (p: string | undefined) => (p ? resolve(dirname(path), p) : undefined);
  return { ...m, passwordFile: rel(m.passwordFile), caFile: rel(m.caFile) };
}

/**
 * A broker URL given on the command line: mqtt:// or mqtts://, a host that parses (an IPv6
 * one in brackets), no path. `expected` names what the flag takes, for the one line.
 */
function brokerUrlOf(flag: string, text: string, expected: string): URL {
  const wrong = usage(`${flag}: expected ${expected}, got "${text}"`);
  if (!/^mqtts?:\/\//.test(text)) throw wrong;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw wrong;
  }
  // mqtt:// parses as a URL; mqtt.js would then try localhost as if told to.
  if (u.hostname === "") throw wrong;
  if (u.pathname !== "" && u.pathname !== "/")
    throw usage(`${flag}: expected ${expected} with no path, got "${text}"`);
  return u;
}

/** `--broker`'s value, without credentials or a slash. */
export function parseBrokerUrl(flag: string, text: string): string {
  const u = brokerUrlOf(flag, text, "mqtt://HOST[:PORT] or mqtts://HOST[:PORT]");
  return `${u.protocol}//${u.host}`;
}

/** `--publish`'s value: a URL (credentials may ride in it) or a join file. */
export function parsePublishFlag(text: string): Partial<MqttConfig> & { url: string } {
  if (!/^mqtts?:\/\//.test(text)) {
    if (existsSync(text)) return readJoinFile(text);
    throw usage(`--publish: expected mqtt://HOST[:PORT] or a join file, got "${text}"`);
  }
  const u = brokerUrlOf("--publish", text, "mqtt://HOST[:PORT]");
  return {
    url: `${u.protocol}//${u.host}`,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/**
 * The publish target of a session, or null when neither the rig file nor --publish asks
 * for one. `--publish` wins field by field over the rig file's section.
 */
export function publishTarget(
  rig: RigConfig,
  rigPath: string,
  publish?: string,
): PublishTarget | null {
  const fromRig = rig.network.mqtt;
  const flag = publish ? parsePublishFlag(publish) : null;
  if (!fromRig && !flag) return null;
  const m = { ...(fromRig ?? {}), ...(flag ?? {}) } as Partial<MqttConfig> & { url: string };
  const where = flag ? "--publish" : `${rigPath} network.mqtt`;
  const rigId = m.rigId ?? idFromName(rig.name);
  if (!isRigId(rigId)) throw usage(`${where}: rig id "${rigId}" is not a valid id`);
  let password = m.password;
  if (password === undefined && m.passwordFile) {
    const file = flag?.passwordFile ? m.passwordFile : resolve(dirname(rigPath), m.passwordFile);
    try {
      password = readSmallText(file).split("\n")[0]!.trim();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw usage(`${where} passwordFile ${file}: ${err.code ?? err.message}`);
    }
  }
  if (!password)
    throw usage(
      `${where}: no password for rig ${rigId} (give network.mqtt.password or passwordFile, or --publish JOIN_FILE from the teacher)`,
    );
  return {
    url: m.url,
    cls: m.class ?? "classroom",
    rigId,
    username: m.username ?? rigId,
    password,
    ...(m.caFile ? { caFile: flag?.caFile ? m.caFile : resolve(dirname(rigPath), m.caFile) } : {}),
    stateHz: m.stateHz ?? 5,
    queueLimit: m.queueLimit ?? 500,
  };
}
