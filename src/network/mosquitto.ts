/**
 * A class for Mosquitto 2.0 (Debian's `mosquitto`; mosquitto.conf(5), mosquitto_passwd(1)):
 * a config with anonymous access off, the password file (hashed by mosquitto_passwd) and
 * the ACL (./acl.ts, the embedded broker's rules). docs/network.md says how to run it and
 * how to add TLS.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { mosquittoAcl } from "./acl.js";
import type { ClassCredentials } from "./credentials.js";
import { MAX_PACKET_BYTES } from "./payloads.js";

export interface MosquittoOptions {
  /** Listener address. Default 127.0.0.1. */
  host?: string;
  /** Default 1883. */
  port?: number;
  /** Log to this file; default stderr (systemd's journal when run as a service). */
  logFile?: string;
  /**
   * `user` of the config: the account Mosquitto runs as when started as root (default
   * mosquitto, which must be able to read the password and ACL files).
   */
  runAsUser?: string;
  /** A TLS listener: certificate files (PEM). */
  tls?: { certFile: string; keyFile: string; caFile?: string };
}

export interface MosquittoFiles {
  configPath: string;
  passwordPath: string;
  aclPath: string;
}

/** Writes mosquitto.conf, passwd and acl into dir; returns their paths. */
export function writeMosquittoConfig(
  dirIn: string,
  c: ClassCredentials,
  o: MosquittoOptions = {},
): MosquittoFiles {
  const dir = resolve(dirIn);
  mkdirSync(dir, { recursive: true });
  const passwordPath = join(dir, "passwd");
  const aclPath = join(dir, "acl");
  const configPath = join(dir, "mosquitto.conf");
  const lines = [
    `${c.teacher.username}:${c.teacher.password}`,
    `${c.viewer.username}:${c.viewer.password}`,
    ...c.rigs.map((r) => `${r.id}:${r.password}`),
  ];
  // Plain text for a moment, then hashed in place (PBKDF2-SHA512) by mosquitto_passwd -U.
  writeFileSync(passwordPath, `${lines.join("\n")}\n`, { mode: 0o640 });
  const r = spawnSync("mosquitto_passwd", ["-U", passwordPath], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    writeFileSync(passwordPath, "");
    throw new OrbitrigError(
      "TOOL_MISSING",
      r.error
        ? "mosquitto_passwd not found: install Debian's mosquitto package (apt-get install mosquitto)"
        : `mosquitto_passwd failed: ${(r.stderr || r.stdout).trim().split("\n")[0]}`,
      ExitCode.missingTool,
    );
  }
  writeFileSync(aclPath, mosquittoAcl(c.class, c.teacher.username, c.viewer.username), {
    mode: 0o640,
  });
  writeFileSync(configPath, mosquittoConf(c.class, passwordPath, aclPath, o));
  return { configPath, passwordPath, aclPath };
}

export function mosquittoConf(
  cls: string,
  passwordPath: string,
  aclPath: string,
  o: MosquittoOptions = {},
): string {
  const host = o.host ?? "127.0.0.1";
  const out = [
    `# orbitrig class ${cls}: written by \`orbitrig classroom mosquitto-config\``,
    "# Run: mosquitto -c THIS_FILE   (docs/network.md: as a service, and TLS)",
    "per_listener_settings false",
    "allow_anonymous false",
    `password_file ${passwordPath}`,
    `acl_file ${aclPath}`,
    "persistence false",
    // The embedded broker's limit (./broker.ts): one account cannot park megabytes here.
    `max_packet_size ${MAX_PACKET_BYTES}`,
    o.logFile ? `log_dest file ${o.logFile}` : "log_dest stderr",
    "log_type error",
    "log_type warning",
    "log_type notice",
    "log_type information",
    "connection_messages true",
    ...(o.runAsUser ? [`user ${o.runAsUser}`] : []),
    "",
    `# ${host === "127.0.0.1" ? "this machine only; listener 1883 0.0.0.0 lets the class's laptops in" : "the class's network"}`,
    `listener ${o.port ?? 1883} ${host}`,
  ];
  if (o.tls) {
    out.push(
      "",
      "# TLS for mqtts:// (rigs give network.mqtt.caFile when the CA is the class's own)",
      `listener 8883 ${host}`,
      `certfile ${resolve(o.tls.certFile)}`,
      `keyfile ${resolve(o.tls.keyFile)}`,
      ...(o.tls.caFile ? [`cafile ${resolve(o.tls.caFile)}`] : []),
    );
  }
  return `${out.join("\n")}\n`;
}
