/**
 * The payloads' JSON Schema files (docs/schema/orbitrig-v1/*.schema.json) are generated
 * from the zod schemas in src/network/payloads.ts and kept in step here; and what a live
 * publisher, teacher and broker send is checked against the files, as another program
 * reading docs/network.md would check it.
 *
 * After changing a payload: ORBITRIG_WRITE_SCHEMA=1 npx vitest run tests/network/schema.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectAsync } from "mqtt";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PAYLOAD_SCHEMAS } from "../../src/network/payloads.js";
import { ClassroomSubscriber } from "../../src/network/subscriber.js";
import { parseTopic } from "../../src/network/topics.js";
import { aedesBroker, CLASS, credentials, freePort, startRig, waitUntil } from "./harness.js";
import { type Schema, validate } from "./json-schema.js";

const DIR = join(import.meta.dirname, "../../docs/schema/orbitrig-v1");
const kinds = Object.keys(PAYLOAD_SCHEMAS) as (keyof typeof PAYLOAD_SCHEMAS)[];

function generated(kind: keyof typeof PAYLOAD_SCHEMAS): string {
  const schema = z.toJSONSchema(PAYLOAD_SCHEMAS[kind], { io: "input", unrepresentable: "any" });
  const doc = {
    ...schema,
    $id: `orbitrig/v1/${kind}.schema.json`,
    title: `orbitrig v1 ${kind} payload (topic orbitrig/v1/<class>/<rig>/${kind})`,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

describe("docs/schema/orbitrig-v1", () => {
  it.each(kinds)("%s.schema.json is what src/network/payloads.ts says", (kind) => {
    const path = join(DIR, `${kind}.schema.json`);
    if (process.env.ORBITRIG_WRITE_SCHEMA === "1") {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(path, generated(kind));
    }
    expect(existsSync(path), `${path} missing: ORBITRIG_WRITE_SCHEMA=1 regenerates it`).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(generated(kind));
  });

  it("the validator rejects what the schemas forbid (it can fail)", () => {
    const state = JSON.parse(readFileSync(join(DIR, "state.schema.json"), "utf8")) as Schema;
    expect(validate(state, { v: 1 })).not.toEqual([]);
    const status = JSON.parse(readFileSync(join(DIR, "status.schema.json"), "utf8")) as Schema;
    const ok = { v: 1, online: true, instance: "a", wallMs: 1 };
    expect(validate(status, ok)).toEqual([]);
    expect(validate(status, { ...ok, extra: 1 })).toEqual(["$.extra: not allowed"]);
    expect(validate(status, { ...ok, online: "yes" })).toEqual([
      "$.online: expected boolean, got string",
    ]);
    expect(validate(status, { ...ok, reason: "bored" })).toHaveLength(1);
  });

  it("every payload a live class sends matches its schema file", async () => {
    const c = credentials(["desk-1", "desk-2"]);
    const broker = aedesBroker(c, await freePort());
    await broker.start();
    const seen = new Map<string, unknown[]>();
    const spy = await connectAsync(broker.url, {
      protocolVersion: 4,
      ...c.teacher,
      reconnectPeriod: 0,
    });
    const rig = await startRig(broker.url, c, "desk-1");
    const replay = await startRig(broker.url, c, "desk-2", { replay: true });
    const teacher = await ClassroomSubscriber.open({
      url: broker.url,
      cls: CLASS,
      account: c.teacher,
    });
    try {
      spy.on("message", (topic, payload) => {
        const t = parseTopic(topic);
        if (!t) return;
        const list = seen.get(t.kind) ?? [];
        list.push(JSON.parse(payload.toString()));
        seen.set(t.kind, list);
      });
      await spy.subscribeAsync(`orbitrig/v1/${CLASS}/#`, { qos: 1 });
      for (const r of [rig, replay])
        await waitUntil("online", 20_000, () =>
          r.publisher.stats().state === "online" ? true : null,
        );
      rig.advance(5000);
      // Commands of every kind, answered (done or refused) on the event topic.
      await teacher.send("all", { action: "force-eclipse" });
      await teacher.send("desk-1", { action: "set-policy", policy: "always-on" });
      await teacher.send("desk-1", { action: "set", key: "scheduler.socLowFraction", value: 0.5 });
      await teacher.send("all", { action: "pause" });
      await teacher.send("all", { action: "note", text: "<b>look</b>" });
      await waitUntil("answers", 20_000, () =>
        (seen.get("event") ?? []).filter((e) => (e as { kind: string }).kind === "ack").length >= 7
          ? true
          : null,
      );
      // The will: a connection that dies without saying goodbye.
      (rig.publisher as unknown as { client: { end(force: boolean): void } }).client.end(true);
      await waitUntil("the will", 20_000, () =>
        (seen.get("status") ?? []).some((s) => (s as { reason?: string }).reason === "lost")
          ? true
          : null,
      );
      for (const kind of kinds) {
        const schema = JSON.parse(readFileSync(join(DIR, `${kind}.schema.json`), "utf8")) as Schema;
        const messages = seen.get(kind) ?? [];
        expect(messages.length, `${kind} messages seen`).toBeGreaterThan(0);
        for (const m of messages) expect(validate(schema, m), JSON.stringify(m)).toEqual([]);
      }
    } finally {
      spy.end(true);
      await teacher.close();
      await rig.stop();
      await replay.stop();
      await broker.stop();
    }
  });
});
