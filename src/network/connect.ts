/**
 * The one place that opens MQTT connections (mqtt.js, MQTT 3.1.1: what both Mosquitto
 * and the embedded aedes speak) and ends them within a bound, and the one line a failure
 * becomes.
 */
import { readFileSync } from "node:fs";
import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { ExitCode, OrbitrigError } from "../core/errors.js";

export interface Account {
  username: string;
  password: string;
}

export interface ConnectOptions {
  url: string;
  account: Account;
  clientId: string;
  /** A PEM CA file to trust for mqtts:// (a classroom's own CA). */
  caFile?: string;
  will?: IClientOptions["will"];
  /** Seconds between pings; a dead link is noticed (and the will sent) after 1.5×. Default 10. */
  keepaliveS?: number;
  /** Retry period after a lost connection, ms; 0: no retries. Default 1000. */
  reconnectMs?: number;
}

export function openClient(o: ConnectOptions): MqttClient {
  return connect(o.url, {
    protocolVersion: 4,
    clientId: o.clientId,
    username: o.account.username,
    password: o.account.password,
    clean: true,
    keepalive: o.keepaliveS ?? 10,
    reconnectPeriod: o.reconnectMs ?? 1000,
    connectTimeout: 5000,
    // Our own bounded queue holds what waits for the broker (./publisher.ts), not mqtt.js.
    queueQoSZero: false,
    resubscribe: true,
    ...(o.will ? { will: o.will } : {}),
    ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
  });
}

/** CONNACK return codes of MQTT 3.1.1 (§3.2.2.3). */
const CONNACK: Record<number, string> = {
  1: "it does not speak MQTT 3.1.1",
  2: "it rejected the client id",
  3: "it is unavailable",
  4: "wrong user name or password",
  5: "not authorized",
};

/** True when retrying cannot help (the broker said no to these credentials). */
export function isRefusal(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === "number" && code >= 1 && code <= 5;
}

/** A connection error as one line for people: where, and what to do. */
export function describeMqttError(e: unknown, url: string, username: string): string {
  const err = e as NodeJS.ErrnoException & { code?: string | number };
  if (typeof err.code === "number" && CONNACK[err.code])
    return `the broker at ${url} refused user ${username}: ${CONNACK[err.code]}`;
  switch (err.code) {
    case "ECONNREFUSED":
      return `cannot reach the broker at ${url}: connection refused (is \`orbitrig classroom serve\` or mosquitto running there?)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach the broker at ${url}: unknown host`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `cannot reach the broker at ${url}: ${err.code === "ETIMEDOUT" ? "no answer" : "no route to it"}`;
    default:
      return `broker ${url}: ${(err.message ?? String(e)).split("\n")[0]}`;
  }
}

/**
 * Connects and waits for the broker's answer: resolves with the client once connected,
 * rejects with one line (OrbitrigError) on a refusal or the first failure to connect. For
 * commands that need the broker now (the teacher's view), not for publishers.
 */
export function connectNow(o: ConnectOptions): Promise<MqttClient> {
  const client = openClient({ ...o, reconnectMs: o.reconnectMs ?? 1000 });
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      client.removeListener("connect", ok);
      client.end(true);
      reject(
        new OrbitrigError(
          "LINK_LOST",
          describeMqttError(e, o.url, o.account.username),
          ExitCode.unavailable,
          { cause: e },
        ),
      );
    };
    const ok = () => {
      client.removeListener("error", fail);
      resolve(client);
    };
    client.once("connect", ok);
    client.once("error", fail);
  });
}

/**
 * Disconnects once the messages in flight are acknowledged (mqtt.js end(false)); past
 * timeoutMs the connection is cut instead (end(true)). Resolves either way.
 */
export function endClient(client: MqttClient, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      client.end(true);
      resolve();
    }, timeoutMs);
    t.unref?.();
    client.end(false, {}, () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Subscribes and checks the grant: a refused filter (SUBACK 0x80) is one line. */
export function subscribeChecked(
  client: MqttClient,
  filters: string[],
  who: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    client.subscribe(filters, { qos: 1 }, (err, granted) => {
      const denied = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
      if (err || denied.length > 0)
        reject(
          new OrbitrigError(
            "LINK_LOST",
            `the broker forbids ${who} to read ${denied.join(", ") || filters.join(", ")}${err ? ` (${err.message})` : ""}: its ACL allows other topics`,
            ExitCode.unavailable,
          ),
        );
      else resolve();
    });
  });
}
