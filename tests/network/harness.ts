/**
 * The network tests' pieces: a class's credentials, the two brokers (the embedded aedes,
 * and a real Mosquitto started on a free loopback port with the generated config), rigs
 * that are real sessions on a scripted board, and waits bounded by events.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { connect, type MqttClient } from "mqtt";
import { describe } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { startBroker } from "../../src/network/broker.js";
import { type ClassCredentials, newCredentials } from "../../src/network/credentials.js";
import { writeMosquittoConfig } from "../../src/network/mosquitto.js";
import { MqttPublisher, type PublisherOptions } from "../../src/network/publisher.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { FakeBoard, startSession, streamFrames } from "../session/fakes.js";
import { needs } from "../support/requires.js";

export const CLASS = "physics";

export function credentials(rigs = ["desk-1", "desk-2", "desk-3"]): ClassCredentials {
  return newCredentials(CLASS, rigs);
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const addr = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  if (typeof addr !== "object" || !addr) throw new Error("no port");
  return addr.port;
}

/** A broker the suite can stop and start again on the same port. */
export interface TestBroker {
  kind: "aedes" | "mosquitto";
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Lines the broker logged about refusals (aedes) or its log (mosquitto). */
  log(): string;
}

export function aedesBroker(c: ClassCredentials, port: number): TestBroker {
  let running: Awaited<ReturnType<typeof startBroker>> | null = null;
  const lines: string[] = [];
  return {
    kind: "aedes",
    port,
    url: `mqtt://127.0.0.1:${port}`,
    start: async () => {
      running = await startBroker({ credentials: c, port, onRefusal: (l) => lines.push(l) });
    },
    stop: async () => {
      await running?.close();
      running = null;
    },
    log: () => lines.join("\n"),
  };
}

export function mosquittoBroker(c: ClassCredentials, port: number): TestBroker {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-mosquitto-"));
  // Started as root (CI), Mosquitto would drop to its own user, who cannot read a private
  // temporary folder: it runs as whoever runs the tests.
  const conf = writeMosquittoConfig(dir, c, {
    host: "127.0.0.1",
    port,
    runAsUser: userInfo().username,
  });
  let proc: ChildProcess | null = null;
  let out = "";
  return {
    kind: "mosquitto",
    port,
    url: `mqtt://127.0.0.1:${port}`,
    start: async () => {
      proc = spawn("mosquitto", ["-c", conf.configPath], { stdio: ["ignore", "pipe", "pipe"] });
      proc.stdout?.on("data", (d) => {
        out += String(d);
      });
      proc.stderr?.on("data", (d) => {
        out += String(d);
      });
      // Ready when it accepts a connection on the port.
      await waitUntil("mosquitto to listen", 20_000, async () => {
        if (proc?.exitCode !== null) throw new Error(`mosquitto exited: ${out}`);
        return (await canConnect(port)) ? true : null;
      });
    },
    stop: async () => {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      const gone = new Promise<void>((r) => p.once("exit", () => r()));
      p.kill("SIGTERM");
      await gone;
    },
    log: () => out,
  };
}

export function cleanupDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/**
 * Waits for a probe to return non-null, checking after each event-loop turn or message;
 * the bound is a failure, generous for a loaded machine, never a pace.
 */
export async function waitUntil<T>(
  what: string,
  boundMs: number,
  probe: () => T | null | Promise<T | null>,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() - t0 > boundMs)
      throw new Error(`timed out after ${boundMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A rig: a real session (scripted board, the real satellite model) with a publisher. */
export async function startRig(
  url: string,
  c: ClassCredentials,
  rigId: string,
  over: Partial<PublisherOptions> & { password?: string; replay?: boolean } = {},
) {
  const board = new FakeBoard();
  if (over.replay) board.commandable = false;
  const rig = parseRig({ name: rigId, node: { array: { source: "model" } } });
  const model = SatelliteNodeModel.fromRig(rig);
  const { session, recorder } = await startSession({ rigName: rigId, model, board });
  const notices: string[] = [];
  const password = over.password ?? c.rigs.find((r) => r.id === rigId)?.password ?? "nope-nope";
  const publisher = new MqttPublisher({
    url,
    cls: CLASS,
    rigId,
    account: { username: over.account?.username ?? rigId, password },
    facts: { name: rigId, mode: "emulated", orbit: model.orbit, params: model.params },
    session,
    onNotice: (l) => notices.push(l),
    joinWindowMs: 300,
    ...over,
  });
  // Added after start(): begin() is called at once.
  session.addSink(publisher);
  const stopFrames = streamFrames(board, 100);
  // A first frame, so the state has a node from the start.
  board.clock.advance(200);
  /** Moves the bench on: frames arrive and the node steps. */
  const advance = (ms: number) => board.clock.advance(ms);
  return {
    board,
    session,
    recorder,
    publisher,
    notices,
    advance,
    stop: async () => {
      stopFrames();
      await session.stop("quit");
      await publisher.close();
    },
  };
}

/**
 * Both brokers, each with the describe to run its tests under: the embedded one needs
 * nothing; Mosquitto is gated like every Debian tool (npm test skips it where missing and
 * says so; npm run test:all and CI fail instead).
 */
export const BROKER_KINDS = [
  { name: "aedes (embedded)", make: aedesBroker, gate: { describe } },
  { name: "mosquitto", make: mosquittoBroker, gate: needs("mosquitto") },
];

/** A bare MQTT client logged in as username (no orbitrig code in between). */
export function rawClient(url: string, username: string, password: string): Promise<MqttClient> {
  const c = connect(url, { protocolVersion: 4, username, password, reconnectPeriod: 0 });
  return new Promise((resolve, reject) => {
    c.once("connect", () => resolve(c));
    c.once("error", reject);
  });
}
