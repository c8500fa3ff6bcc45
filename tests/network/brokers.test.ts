/**
 * The same suite against both brokers: the embedded aedes and a real Mosquitto 2.0
 * started here on a free loopback port with the config `classroom mosquitto-config`
 * writes. Rigs are real sessions on a scripted board, each with its publisher; the
 * teacher is a ClassroomSubscriber. Every wait ends on an event or a message, bounded.
 */
import type { MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClassroomSubscriber } from "../../src/network/subscriber.js";
import { classCmdTopic, rigTopic } from "../../src/network/topics.js";
import {
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
  k.gate.describe(`classroom on ${k.name}`, () => {
    const c = credentials(["desk-1", "desk-2", "desk-3"]);
    let broker: TestBroker;
    let teacher: ClassroomSubscriber;
    const cleanups: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      broker = k.make(c, await freePort());
      await broker.start();
      teacher = await ClassroomSubscriber.open({ url: broker.url, cls: CLASS, account: c.teacher });
    });
    afterEach(async () => {
      for (const f of cleanups.splice(0).reverse()) await f().catch(() => undefined);
    });
    afterAll(async () => {
      await teacher?.close();
      await broker?.stop();
    });

    async function rig(id: string, over: Parameters<typeof startRig>[3] = {}) {
      const r = await startRig(broker.url, c, id, over);
      cleanups.push(r.stop);
      return r;
    }
    const view = (id: string) => teacher.getSnapshot().rigs.find((r) => r.id === id) ?? null;

    it("a rig publishes its hello, status and state; values move with the bench", async () => {
      const r = await rig("desk-1");
      const first = await waitUntil("desk-1's hello, status and state", BOUND_MS, () => {
        const v = view("desk-1");
        const mine = v?.state?.instance === r.publisher.instance;
        return mine && v?.hello && v.status?.online && v.state?.node ? v : null;
      });
      expect(first.hello).toMatchObject({
        rig: "desk-1",
        name: "desk-1",
        mode: "emulated",
        stateHz: 5,
      });
      expect(first.state?.instance).toBe(r.publisher.instance);
      // The view's rig record is updated in place: keep the numbers, not the record.
      const benchS0 = first.state!.benchS;
      const orbitS0 = first.state!.orbitS;
      r.advance(60_000);
      const later = await waitUntil("a later state", BOUND_MS, () => {
        const st = view("desk-1")?.state;
        return st && st.orbitS > orbitS0 + 100 ? st : null;
      });
      expect(later.benchS).toBeGreaterThan(benchS0 + 50);
      expect(r.publisher.stats()).toMatchObject({ state: "online", dropped: 0 });
    });

    it("a late subscriber gets the retained hello and status at once", async () => {
      await rig("desk-2");
      await waitUntil("desk-2 online", BOUND_MS, () =>
        view("desk-2")?.status?.online ? true : null,
      );
      const late = await ClassroomSubscriber.open({
        url: broker.url,
        cls: CLASS,
        account: c.viewer,
      });
      cleanups.push(() => late.close());
      const v = await waitUntil(
        "hello on the late subscriber",
        BOUND_MS,
        () => late.getSnapshot().rigs.find((x) => x.id === "desk-2" && x.hello && x.status) ?? null,
      );
      expect(v.status?.online).toBe(true);
    });

    it("the last will marks a rig offline when its connection dies; a clean end says ended", async () => {
      const r = await rig("desk-1");
      await waitUntil("desk-1 online", BOUND_MS, () =>
        view("desk-1")?.status?.online && view("desk-1")?.status?.instance === r.publisher.instance
          ? true
          : null,
      );
      // No DISCONNECT packet: the broker publishes the will.
      (r.publisher as unknown as { client: MqttClient }).client.end(true);
      const lost = await waitUntil("the will", BOUND_MS, () => {
        const s = view("desk-1")?.status;
        return s && !s.online && s.instance === r.publisher.instance ? s : null;
      });
      expect(lost.reason).toBe("lost");
      const r2 = await rig("desk-3");
      await waitUntil("desk-3 online", BOUND_MS, () =>
        view("desk-3")?.status?.online ? true : null,
      );
      await r2.stop();
      const ended = await waitUntil("desk-3 offline", BOUND_MS, () => {
        const s = view("desk-3")?.status;
        return s && !s.online ? s : null;
      });
      expect(ended.reason).toBe("ended");
    });

    it("a command round trip: acknowledged when done, refused with a reason when not", async () => {
      const live = await rig("desk-1");
      const replay = await rig("desk-2", { replay: true });
      for (const r of [live, replay])
        await waitUntil("online", BOUND_MS, () =>
          r.publisher.stats().state === "online" ? true : null,
        );
      const eclipse = await teacher.send("all", { action: "force-eclipse" });
      const answers = await waitUntil("both answers", BOUND_MS, () => {
        const cmd = teacher.getSnapshot().commands.find((x) => x.id === eclipse);
        return cmd?.answers["desk-1"] && cmd.answers["desk-2"] ? cmd.answers : null;
      });
      expect(answers["desk-1"]).toEqual({ ok: true, text: "eclipse forced now" });
      expect(answers["desk-2"]).toEqual({
        ok: false,
        text: expect.stringMatching(/replays a recording/),
      });
      expect(live.recorder.events.some((e) => e.data.action === "force-eclipse")).toBe(true);
      expect(replay.recorder.events.some((e) => e.data.action === "force-eclipse")).toBe(false);

      const policy = await teacher.send("desk-1", { action: "set-policy", policy: "sunlit-only" });
      await waitUntil(
        "the policy answer",
        BOUND_MS,
        () =>
          teacher.getSnapshot().commands.find((x) => x.id === policy)?.answers["desk-1"] ?? null,
      );
      expect(live.session.status().policy).toBe("sunlit-only");
      const bad = await teacher.send("desk-1", {
        action: "set",
        key: "orbit.timeScale",
        value: 60,
      });
      const refusal = await waitUntil(
        "the refusal",
        BOUND_MS,
        () => teacher.getSnapshot().commands.find((x) => x.id === bad)?.answers["desk-1"] ?? null,
      );
      expect(refusal).toEqual({
        ok: false,
        text: expect.stringMatching(/orbit\.timeScale cannot change during a session/),
      });
    });

    it("credentials always: a wrong password, an anonymous client and a foreign id are refused", async () => {
      const wrong = await rig("desk-1", { password: "not-the-password" });
      await waitUntil("the refusal", BOUND_MS, () =>
        wrong.publisher.stats().state === "refused" ? true : null,
      );
      expect(wrong.notices).toHaveLength(1);
      expect(wrong.notices[0]).toMatch(
        /^the broker at mqtt:\/\/127\.0\.0\.1:\d+ refused user desk-1: (wrong user name or password|not authorized); not publishing \(the session carries on locally\)$/,
      );
      await expect(rawClient(broker.url, "", "")).rejects.toThrow();
      // desk-1's account publishing as desk-2: the subscription to desk-2's topics is refused.
      const foreign = await rig("desk-2", {
        account: { username: "desk-1", password: c.rigs[0]!.password },
      });
      await waitUntil("the refusal", BOUND_MS, () =>
        foreign.publisher.stats().state === "refused" ? true : null,
      );
      // aedes refuses the subscription; Mosquitto grants it (MQTT 3.1.1) but drops the probe.
      expect(foreign.notices).toHaveLength(1);
      expect(foreign.notices[0]).toMatch(
        /^the broker (forbids user desk-1 to read orbitrig\/v1\/physics\/desk-2\/state|does not let user desk-1 publish and read under orbitrig\/v1\/physics\/desk-2)/,
      );
      // The session carried on: it still records frames.
      const n = foreign.recorder.frames.length;
      foreign.advance(1000);
      expect(foreign.recorder.frames.length).toBeGreaterThan(n);
    });

    it("only the teacher publishes commands, and a rig only under its own id", async () => {
      const target = await rig("desk-3");
      await waitUntil("desk-3 online", BOUND_MS, () =>
        target.publisher.stats().state === "online" ? true : null,
      );
      const seen: string[] = [];
      const spy = await rawClient(broker.url, c.teacher.username, c.teacher.password);
      cleanups.push(async () => spy.end(true));
      spy.on("message", (t) => seen.push(t));
      await spy.subscribeAsync(`orbitrig/v1/${CLASS}/#`, { qos: 1 });
      const viewer = await rawClient(broker.url, c.viewer.username, c.viewer.password);
      const other = await rawClient(broker.url, "desk-1", c.rigs[0]!.password);
      cleanups.push(async () => viewer.end(true));
      cleanups.push(async () => other.end(true));
      const cmd = JSON.stringify({ v: 1, id: "x", action: "force-eclipse" });
      // Refused publishes: Mosquitto drops them; aedes closes the connection (MQTT 3.1.1).
      viewer.publish(classCmdTopic(CLASS), cmd, { qos: 0 });
      other.publish(rigTopic(CLASS, "desk-3", "cmd"), cmd, { qos: 0 });
      other.publish(rigTopic(CLASS, "desk-3", "state"), "{}", { qos: 0 });
      // A marker from the teacher after them: once it is in, theirs would be too.
      await spy.publishAsync(
        rigTopic(CLASS, "desk-3", "cmd"),
        JSON.stringify({ v: 1, id: "m", action: "note", text: "marker" }),
        { qos: 1 },
      );
      await waitUntil("the marker", BOUND_MS, () =>
        seen.includes(rigTopic(CLASS, "desk-3", "cmd")) ? true : null,
      );
      expect(seen.filter((t) => t === classCmdTopic(CLASS))).toEqual([]);
      expect(seen.filter((t) => t === rigTopic(CLASS, "desk-3", "cmd"))).toHaveLength(1);
      expect(target.publisher.stats().commands).toBeLessThanOrEqual(1);
    });

    it("a second rig with an id already online is refused with a clear line", async () => {
      const first = await rig("desk-1");
      await waitUntil("desk-1 online", BOUND_MS, () =>
        first.publisher.stats().state === "online" ? true : null,
      );
      const second = await rig("desk-1");
      await waitUntil("the refusal", BOUND_MS, () =>
        second.publisher.stats().state === "refused" ? true : null,
      );
      expect(second.notices).toEqual([
        "rig id desk-1 is already online in class physics (another orbitrig publishes as it): give this rig its own id; not publishing (the session carries on locally)",
      ]);
      expect(first.publisher.stats().state).toBe("online");
    });

    it("malformed, oversized and flooding messages are ignored and counted, and the view keeps up", async () => {
      const good = await rig("desk-1");
      await waitUntil("desk-1 online", BOUND_MS, () =>
        good.publisher.stats().state === "online" ? true : null,
      );
      const flooder = await rawClient(broker.url, "desk-2", c.rigs[1]!.password);
      cleanups.push(async () => flooder.end(true));
      const before = teacher.getSnapshot().ignored;
      flooder.publish(rigTopic(CLASS, "desk-2", "state"), "not json", { qos: 0 });
      flooder.publish(rigTopic(CLASS, "desk-2", "event"), "x".repeat(20_000), { qos: 0 });
      const state = JSON.stringify({ v: 1, seq: 0 });
      for (let i = 0; i < 3000; i++)
        flooder.publish(rigTopic(CLASS, "desk-2", "state"), state, { qos: 0 });
      await waitUntil("the flood counted", BOUND_MS, () =>
        teacher.getSnapshot().ignored >= before + 2000 ? true : null,
      );
      // desk-1's states still come through, new ones after the flood.
      const seq = view("desk-1")!.state!.seq;
      await waitUntil("desk-1 moving on", BOUND_MS, () =>
        view("desk-1")!.state!.seq > seq + 2 ? true : null,
      );
      expect(good.publisher.stats().state).toBe("online");
    });

    it("reconnects after the broker restarts; the session and its recording carry on meanwhile", async () => {
      const r = await rig("desk-1", { queueLimit: 10, stateHz: 20 });
      await waitUntil("desk-1 online", BOUND_MS, () =>
        r.publisher.stats().state === "online" ? true : null,
      );
      await broker.stop();
      await waitUntil("the publisher offline", BOUND_MS, () =>
        r.publisher.stats().state === "offline" ? true : null,
      );
      const frames = r.recorder.frames.length;
      r.advance(2000);
      expect(r.recorder.frames.length).toBeGreaterThan(frames);
      // The queue fills while the broker is away: the oldest states are dropped and counted.
      await waitUntil("drops counted", BOUND_MS, () =>
        r.publisher.stats().dropped > 0 ? true : null,
      );
      expect(r.publisher.stats().queued).toBeLessThanOrEqual(10);
      await broker.start();
      await waitUntil("the publisher back online", BOUND_MS, () =>
        r.publisher.stats().state === "online" ? true : null,
      );
      expect(r.publisher.stats().reconnects).toBeGreaterThanOrEqual(1);
      const v = await waitUntil("the teacher sees it again", BOUND_MS, () => {
        const x = view("desk-1");
        return x?.state && x.state.net.dropped > 0 && x.hello ? x : null;
      });
      expect(v.state!.instance).toBe(r.publisher.instance);
    });
  });
}

describe("no broker", () => {
  it("an unreachable broker is one line, retried; the session carries on", async () => {
    const c = credentials();
    const port = await freePort();
    const r = await startRig(`mqtt://127.0.0.1:${port}`, c, "desk-1");
    try {
      await waitUntil("the notice", BOUND_MS, () => (r.notices.length > 0 ? true : null));
      expect(r.notices[0]).toBe(
        `cannot reach the broker at mqtt://127.0.0.1:${port}: connection refused (is \`orbitrig classroom serve\` or mosquitto running there?); retrying every second, the session carries on locally`,
      );
      const n = r.recorder.frames.length;
      r.advance(1000);
      expect(r.recorder.frames.length).toBeGreaterThan(n);
    } finally {
      await r.stop();
    }
  });
});
