/**
 * A hostile peer with a valid account (a student's rig account, as a raw MQTT client)
 * against both brokers: what it sends must not cost the teacher's laptop more than one
 * message's worth, nor reach anyone else. Every wait ends on a message or an event.
 */
import { createConnection } from "node:net";
import { connect } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_BROKER_PAYLOAD_BYTES, MAX_PACKET_BYTES } from "../../src/network/payloads.js";
import { rigTopic } from "../../src/network/topics.js";
import {
  aedesBroker,
  BROKER_KINDS,
  CLASS,
  credentials,
  freePort,
  rawClient,
  startRig,
  type TestBroker,
  waitUntil,
} from "./harness.js";

const BOUND_MS = 20_000;
for (const k of BROKER_KINDS) {
  k.gate.describe(`a hostile rig account on ${k.name}`, () => {
    const c = credentials(["desk-1", "desk-2"]);
    let broker: TestBroker;
    const cleanups: (() => unknown)[] = [];

    beforeAll(async () => {
      broker = k.make(c, await freePort());
      await broker.start();
    });
    afterEach(() => {
      for (const f of cleanups.splice(0)) f();
    });
    afterAll(async () => {
      await broker?.stop();
    });

    it("an oversized payload is neither kept as retained nor passed on; its sender is cut off", async () => {
      const evil = await rawClient(broker.url, "desk-2", c.rigs[1]!.password);
      cleanups.push(() => evil.end(true));
      // Retained, so a broker that accepted it would hold it and hand it to every newcomer.
      const outcome = await new Promise<string>((r) => {
        evil.once("close", () => r("cut off"));
        evil.publish(
          rigTopic(CLASS, "desk-2", "state"),
          "x".repeat(MAX_PACKET_BYTES + 1),
          { qos: 1, retain: true },
          (e) => r(e ? "cut off" : "accepted"),
        );
      });
      expect(outcome).toBe("cut off");
      // The same account again, within the limit: kept and delivered.
      const fair = await rawClient(broker.url, "desk-2", c.rigs[1]!.password);
      cleanups.push(() => fair.end(true));
      await fair.publishAsync(rigTopic(CLASS, "desk-2", "hello"), "small", {
        qos: 1,
        retain: true,
      });
      const teacher = await rawClient(broker.url, c.teacher.username, c.teacher.password);
      cleanups.push(() => teacher.end(true));
      const seen: { topic: string; bytes: number }[] = [];
      teacher.on("message", (topic, payload) => seen.push({ topic, bytes: payload.length }));
      await teacher.subscribeAsync(`orbitrig/v1/${CLASS}/desk-2/#`, { qos: 1 });
      // A message of the teacher's after the retained ones: once it is in, they are too.
      await teacher.publishAsync(rigTopic(CLASS, "desk-2", "cmd"), "marker", { qos: 1 });
      await waitUntil("the marker", BOUND_MS, () =>
        seen.some((m) => m.topic.endsWith("/cmd")) ? true : null,
      );
      expect(seen.map((m) => m.topic.split("/").at(-1))).toEqual(["hello", "cmd"]);
      expect(Math.max(...seen.map((m) => m.bytes))).toBeLessThanOrEqual(MAX_BROKER_PAYLOAD_BYTES);
    });

    it("a packet header that declares megabytes closes the connection before any login", async () => {
      const s = createConnection(broker.port, "127.0.0.1");
      await new Promise<void>((r) => s.once("connect", () => r()));
      const closed = new Promise<string>((r) => s.once("close", () => r("closed")));
      s.on("error", () => undefined);
      // CONNECT (0x10) with a remaining length of 200 MB (variable byte integer), and a first MB.
      s.write(Buffer.from([0x10, 0x80, 0x84, 0xaf, 0x5f]));
      s.write(Buffer.alloc(1 << 20, 0x41));
      // A failure bound, not a pace: aedes itself would drop it after 30 s without CONNECT.
      const bound = new Promise<string>((r) => setTimeout(() => r("open"), 10_000).unref());
      expect(await Promise.race([closed, bound])).toBe("closed");
      s.destroy();
    });
  });
}

describe("a client id in use by another account, on aedes (embedded)", () => {
  it("is refused: the rig that has it stays connected", async () => {
    const c = credentials(["desk-1", "desk-2"]);
    const broker = aedesBroker(c, await freePort());
    await broker.start();
    const rig = await startRig(broker.url, c, "desk-1");
    try {
      await waitUntil("desk-1 online", BOUND_MS, () =>
        rig.publisher.stats().state === "online" ? true : null,
      );
      // desk-1's client id (the viewer reads its instance in every state it sends).
      const taken = `orbitrig-${CLASS}-desk-1-${rig.publisher.instance}`;
      const thief = connect(broker.url, {
        protocolVersion: 4,
        clientId: taken,
        username: "desk-2",
        password: c.rigs[1]!.password,
        reconnectPeriod: 0,
      });
      const answer = await new Promise<string>((r) => {
        thief.once("connect", () => r("connected"));
        thief.once("error", (e) => r(`refused ${(e as { code?: number }).code}`));
      });
      thief.end(true);
      expect(answer).toBe("refused 2");
      expect(rig.publisher.stats()).toMatchObject({ state: "online", reconnects: 0 });
      expect(broker.log()).toContain(`refused login of desk-2: client id ${taken} is in use`);
    } finally {
      await rig.stop();
      await broker.stop();
    }
  });
});
