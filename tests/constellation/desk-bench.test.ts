/**
 * A desk constellation of three emulated rigs (the shipped `emulated` rig: our firmware in
 * avr8js, a virtual lamp and cell) for two compressed orbits, over the embedded broker on
 * loopback with the class's credentials (src/network/desk-bench.ts): the lamps are a third
 * of an orbit apart, each load pin (D10) stays within what the scheduler assigns it and is
 * used, work moves from the rig in shadow to the sunlit ones, a rig that leaves has its work
 * re-planned on the others (a note in every rig's session) and rejoins. The rigs run in
 * lockstep (src/network/desk-lockstep.ts) as fast as the machine allows: their clocks
 * advance together and hold while a report or an assignment is in flight, so the rounds are
 * the same on an idle machine and a loaded one. Bounded by the rigs' own orbit time and by
 * events; the wall-clock bounds only make a stall fail loudly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectAsync } from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { loadRig } from "../../src/config/index.js";
import type { DeskEvent, DeskRound } from "../../src/constellation/index.js";
import type { Frame } from "../../src/core/frame.js";
import { type DeskBench, startDeskBench } from "../../src/network/desk-bench.js";
import { DeskMember } from "../../src/network/desk-member.js";
import { parseTopic } from "../../src/network/topics.js";
import type { NodeState } from "../../src/node/state.js";
import { credentials, freePort, mosquittoBroker, waitUntil } from "../network/harness.js";
import { type Schema, validate } from "../network/json-schema.js";
import { needs } from "../support/requires.js";

/** The shipped emulated rig with its orbit played ten times faster: one orbit in ~19 bench s. */
function compressedRig() {
  const base = loadRig("emulated");
  return {
    ...base,
    config: { ...base.config, orbit: { ...base.config.orbit, timeScale: 300 } },
  };
}

interface Sample {
  lamp: number;
  load: number;
  region: NodeState["region"];
  computeLevel: number;
  /** The cap the rig's member last applied, and frames since it changed. */
  cap: number | null;
  framesOnCap: number;
}

/** Circular distance between two phases, in orbits. */
const phaseGap = (a: number, b: number) => {
  const d = (((a - b) % 1) + 1) % 1;
  return Math.min(d, 1 - d);
};

describe("a desk constellation of three emulated rigs over the embedded broker", () => {
  const rounds: DeskRound[] = [];
  const events: DeskEvent[] = [];
  const notices: string[] = [];
  const samples = new Map<string, Sample[]>();
  const cap = new Map<string, { level: number; frames: number }>();
  const notes = new Map<string, string[]>();
  let bench: DeskBench | null = null;

  afterAll(async () => {
    await bench?.stop();
  });

  it("runs two orbits: phased lamps, load pins under the scheduler, work following the Sun; a rig leaves and rejoins", async () => {
    const rig = compressedRig();
    bench = await startDeskBench({
      rigs: [rig, rig, rig],
      // In lockstep (the default for emulated rigs): one driver advances the three clocks
      // together and holds them while a report or an assignment is in flight, so nothing
      // here depends on how fast or how loaded the machine is; "max" runs as fast as it can.
      speed: "max",
      record: null,
      request: { loadFraction: 0.4 },
      onRound: (r) => rounds.push(r),
      onEvent: (e) => events.push(e),
      onNotice: (l) => notices.push(l),
      onAssign: (id, a) => {
        const c = cap.get(id);
        if (!c || c.level !== a.level) cap.set(id, { level: a.level, frames: 0 });
      },
    });
    const b = bench;
    const periodS = b.desk.periodS;
    for (const r of b.rigs) {
      samples.set(r.id, []);
      notes.set(r.id, []);
      r.rs.session.addSink({
        frame: (f: Frame, node: NodeState) => {
          const c = cap.get(r.id);
          if (c) c.frames++;
          samples.get(r.id)!.push({
            lamp: f.lamp,
            load: f.load,
            region: node.region,
            computeLevel: node.computeLevel,
            cap: c?.level ?? null,
            framesOnCap: c?.frames ?? 0,
          });
        },
        event: (e) => {
          if (e.kind === "note" && e.text) notes.get(r.id)!.push(e.text);
        },
      });
    }
    // A teacher's-eye spy on the whole class: every desk payload must match its schema file.
    const spy = await connectAsync(b.url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      ...b.credentials.teacher,
    });
    const seen = new Map<string, unknown[]>();
    spy.on("message", (topic, payload) => {
      const t = parseTopic(topic);
      if (!t) return;
      const kind =
        t.scope === "constellation"
          ? t.kind === "assign"
            ? "assign"
            : `constellation-${t.kind}`
          : t.kind;
      const list = seen.get(kind) ?? [];
      list.push(JSON.parse(payload.toString()));
      seen.set(kind, list);
    });
    await spy.subscribeAsync(`orbitrig/v1/${b.cls}/#`, { qos: 1 });

    // Two orbits of the constellation's clock (the rigs' own clocks, whatever the machine's pace).
    await waitUntil("two orbits of the desk constellation", 240_000, () =>
      rounds.length > 0 && rounds.at(-1)!.orbitS - rounds[0]!.orbitS >= 2 * periodS ? true : null,
    );
    expect(events.filter((e) => e.kind === "join").map((e) => e.rig)).toEqual(
      expect.arrayContaining(["desk-1", "desk-2", "desk-3"]),
    );
    expect(events.filter((e) => e.kind === "drop-out")).toEqual([]);
    // Held for every report and round (no message counted as lost).
    expect(b.lockstep!.holds).toBeGreaterThan(rounds.length);
    expect(notices.filter((l) => l.includes("lockstep"))).toEqual([]);

    // The lamps: each rig's lamp follows its own orbit, and the orbits are a third apart.
    const start = b.desk.startPhases;
    expect(phaseGap(start[1]! - start[0]!, 1 / 3)).toBeLessThan(1e-9);
    let phased = 0;
    for (const r of rounds.slice(3)) {
      if (r.nodes.some((x) => x.phase === null)) continue;
      phased++;
      // Each rig's orbit offset: its phase at the report less its own clock's orbits, so
      // reports a moment apart compare alike. The lamps' schedules are a third apart.
      const offset = r.nodes.map((x, i) => x.phase! - r.assignments[i]!.atOrbitS / periodS);
      for (let i = 0; i < 3; i++) {
        const j = (i + 1) % 3;
        // The coordinator moves a rig more than 0.01 off; in lockstep nothing else parts them.
        expect(phaseGap(offset[j]! - offset[i]!, start[j]! - start[i]!)).toBeLessThan(0.015);
      }
    }
    expect(phased).toBeGreaterThan(100);
    for (const [id, s] of samples) {
      const agree = s.filter((x) => x.lamp > 0 === (x.region !== "umbra")).length;
      expect(agree / s.length, `${id}: lamp on exactly out of the Earth's shadow`).toBeGreaterThan(
        0.9,
      );
      expect(s.some((x) => x.lamp === 0)).toBe(true);
      expect(s.some((x) => x.lamp > 0)).toBe(true);
    }

    // The load pins: once a cap has stood for half a bench second, D10 never exceeds it,
    // and it carries work (each rig ran some, and each was held idle by a zero cap).
    for (const [id, s] of samples) {
      const settled = s.filter((x) => x.cap !== null && x.framesOnCap >= 10);
      expect(settled.length, id).toBeGreaterThan(100);
      const over = settled.filter((x) => x.load > Math.round(x.cap! * 255) + 1);
      expect(over, `${id}: load pin above its assignment`).toEqual([]);
      expect(
        settled.every((x) => x.computeLevel <= x.cap! + 1e-12),
        id,
      ).toBe(true);
      expect(
        settled.some((x) => x.load > 0),
        `${id} ran work`,
      ).toBe(true);
      expect(
        settled.some((x) => x.cap === 0 && x.load === 0),
        `${id} held idle`,
      ).toBe(true);
    }

    // Work follows the Sun: it leaves rigs out of full sun for sunlit ones.
    let fromShadow = 0;
    const receivers = new Set<string>();
    for (const r of rounds) {
      const node = new Map(r.nodes.map((n) => [n.rig, n]));
      for (const route of r.routes) {
        expect(node.get(route.to)!.sheds).toBe(false);
        expect(node.get(route.to)!.region).toBe("sunlit");
        receivers.add(route.to);
        if (node.get(route.from)!.region !== "sunlit") fromShadow += route.amountAccelS;
      }
    }
    expect(fromShadow).toBeGreaterThan(0);
    // As the Sun goes round, work goes to more than one desk.
    expect(receivers.size).toBeGreaterThanOrEqual(2);

    // A rig leaves: the one holding the most work says goodbye.
    const last = rounds.at(-1)!;
    const leaver = [...last.nodes].sort((x, y) => y.backlogAccelS - x.backlogAccelS)[0]!.rig;
    const leaving = b.rigs.find((r) => r.id === leaver)!;
    await leaving.member.close();
    const drop = await waitUntil(
      "the drop-out",
      60_000,
      () => events.find((e) => e.kind === "drop-out") ?? null,
    );
    expect(drop).toMatchObject({ rig: leaver, reason: "offline" });
    if (drop.kind !== "drop-out") throw new Error("not a drop-out");
    expect(drop.to.every((id) => id !== leaver)).toBe(true);
    if (last.nodes.find((n) => n.rig === leaver)!.backlogAccelS > 0)
      expect(drop.evacuatedAccelS).toBeGreaterThan(0);
    // The others' rounds go on without it, and their recordings note it.
    const n = rounds.length;
    await waitUntil("rounds without the leaver", 60_000, () =>
      rounds.length > n + 5 ? true : null,
    );
    expect(rounds.at(-1)!.assignments.map((a) => a.rig)).not.toContain(leaver);
    for (const r of b.rigs.filter((x) => x.id !== leaver))
      await waitUntil(`${r.id}'s note`, 60_000, () =>
        notes.get(r.id)!.some((t) => t.includes(`${leaver} dropped out`)) ? true : null,
      );

    // Back: the same session with a new member rejoins the ring.
    const back = new DeskMember({
      url: b.url,
      cls: b.cls,
      rigId: leaver,
      account: rigAccount(b, leaver),
      session: leaving.rs.session,
      node: leaving.rs.model.params,
      reportEveryOrbitS: b.desk.nominalStepS,
      inFlight: b.inFlight!,
    });
    leaving.rs.session.addSink(back);
    try {
      await waitUntil("the rejoin", 60_000, () =>
        events.some((e) => e.kind === "rejoin" && e.rig === leaver) ? true : null,
      );
      await waitUntil("a round with it", 60_000, () =>
        rounds.at(-1)!.assignments.some((a) => a.rig === leaver) ? true : null,
      );
    } finally {
      await back.close();
    }

    // Only the teacher assigns: a rig's account cannot drive another rig's load pin.
    const rogue = await connectAsync(b.url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      ...rigAccount(b, "desk-1"),
    });
    const closed = new Promise<void>((r) => rogue.once("close", () => r()));
    rogue.publish(`orbitrig/v1/${b.cls}/constellation/assign/desk-2`, "{}", { qos: 1 });
    await closed;
    rogue.end(true);
    expect(notices.join("\n")).toMatch(/desk-1 may not publish to .*constellation\/assign\/desk-2/);

    spy.end(true);
    const dir = join(import.meta.dirname, "../../docs/schema/orbitrig-v1");
    for (const kind of [
      "member",
      "assign",
      "constellation-plan",
      "constellation-state",
      "constellation-event",
    ]) {
      const schema = JSON.parse(readFileSync(join(dir, `${kind}.schema.json`), "utf8")) as Schema;
      const messages = seen.get(kind) ?? [];
      expect(messages.length, `${kind} messages seen`).toBeGreaterThan(0);
      for (const m of messages.slice(0, 200))
        expect(validate(schema, m), JSON.stringify(m)).toEqual([]);
    }
  }, 600_000);
});

function rigAccount(b: DeskBench, id: string) {
  return { username: id, password: b.credentials.rigs.find((r) => r.id === id)!.password };
}

needs("mosquitto").describe("a desk constellation over Mosquitto with the generated ACL", () => {
  it("rounds reach every rig; an assignment from a rig's account is dropped", async () => {
    const c = credentials(["desk-1", "desk-2", "desk-3"]);
    const broker = mosquittoBroker(c, await freePort());
    await broker.start();
    const rounds: DeskRound[] = [];
    const got = new Map<string, number[]>();
    const rig = compressedRig();
    const bench = await startDeskBench({
      rigs: [rig, rig, rig],
      speed: "max",
      record: null,
      broker: { url: broker.url, credentials: c },
      onRound: (r) => rounds.push(r),
      onAssign: (id, a) => got.set(id, [...(got.get(id) ?? []), a.round]),
    });
    try {
      await waitUntil("assignments at every rig", 120_000, () =>
        ["desk-1", "desk-2", "desk-3"].every((id) => (got.get(id)?.length ?? 0) >= 5) ? true : null,
      );
      // Mosquitto (MQTT 3.1.1) cannot refuse one publish: it drops what the ACL forbids.
      const rogue = await connectAsync(broker.url, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        ...rigAccount(bench, "desk-1"),
      });
      const forged = {
        v: 1,
        rig: "desk-2",
        slot: 1,
        round: 1_000_000,
        level: 0,
        backlogAccelS: 0,
        incomingAccelS: 0,
        sheds: false,
        forSeq: 0,
        atOrbitS: 0,
        alignPhase: null,
      };
      await rogue.publishAsync(
        `orbitrig/v1/${c.class}/constellation/assign/desk-2`,
        JSON.stringify(forged),
        { qos: 1 },
      );
      const n = rounds.length;
      await waitUntil("five more rounds", 60_000, () => (rounds.length >= n + 5 ? true : null));
      await rogue.endAsync();
      expect(got.get("desk-2")).not.toContain(1_000_000);
      expect(Math.max(...got.get("desk-2")!)).toBeGreaterThan(n);
    } finally {
      await bench.stop();
      await broker.stop();
    }
  }, 300_000);
});
