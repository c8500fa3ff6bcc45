import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import {
  FRAME_LIMIT_FIELDS,
  limitsSchema,
  NODE_LIMIT_FIELDS,
} from "../../src/config/schema/limits.js";
import { emptyLinkStats } from "../../src/core/board.js";
import {
  AlarmMonitor,
  type AlarmSample,
  describeAlarmTransition,
  readField,
} from "../../src/session/alarms.js";
import { makeFrame, makeNode } from "../ui/fixtures.js";

const limits = (fields: Record<string, unknown>, persistSamples = 3) =>
  limitsSchema.parse({
    persistSamples,
    fields: {
      "frame.panelTempC": null,
      "node.socFraction": null,
      "node.nodeTempC": null,
      "link.lastFrameAgeS": null,
      "node.batteryOcvV": null,
      ...fields,
    },
  });

let t = 0;
const tick = () => {
  t += 100;
  return t;
};
const panel = (panelTempC: number | null): AlarmSample => ({
  hostMs: tick(),
  frame: makeFrame({ panelTempC }),
  node: null,
  link: null,
});
const soc = (socFraction: number): AlarmSample => ({
  hostMs: tick(),
  frame: null,
  node: makeNode({ socFraction }),
  link: null,
});

/** Feeds values and returns the severity listed after each (or "-"), with active/ack flags. */
function trace(m: AlarmMonitor, samples: AlarmSample[]): string[] {
  return samples.map((s) => {
    m.evaluate(s);
    const a = m.alarms()[0];
    return a ? `${a.severity}${a.active ? "" : " inactive"}${a.acknowledged ? " ack" : ""}` : "-";
  });
}

describe("limits schema", () => {
  it("has sensible defaults for panel, SoC, node temperature, the battery bus and a stale link", () => {
    const l = parseRig({}).limits;
    expect(l.persistSamples).toBe(3);
    expect(l.fields["frame.panelTempC"]).toEqual({
      yellowAbove: 50,
      redAbove: 60,
      yellowBelow: 5,
      redBelow: -10,
    });
    // Cold as well as hot: the node's battery is rated 0..50 °C (cells), -10 °C (pack).
    expect(l.fields["node.nodeTempC"]).toMatchObject({ yellowBelow: 0, redBelow: -10 });
    expect(l.fields["node.socFraction"]).toEqual({ yellowBelow: 0.3, redBelow: 0.2 });
    expect(l.fields["node.nodeTempC"]?.redAbove).toBeGreaterThan(
      l.fields["node.nodeTempC"]?.yellowAbove ?? Infinity,
    );
    expect(l.fields["link.lastFrameAgeS"]?.yellowAbove).toBe(2);
  });

  it("scales the default battery bus limits with the rig's cells in series, and keeps the rig's own", () => {
    const bus = (node: unknown, limits?: unknown) =>
      parseRig({ node, ...(limits ? { limits } : {}) }).limits.fields["node.batteryOcvV"];
    // 3.40 / 3.30 V a cell: 96 cells by default, 48 when the rig says so.
    expect(bus({})).toEqual({ yellowBelow: 326.4, redBelow: 316.8 });
    expect(bus({ battery: { cellsInSeries: 48 } })).toEqual({
      yellowBelow: 163.2,
      redBelow: 158.4,
    });
    expect(
      bus(
        { battery: { cellsInSeries: 48 } },
        { fields: { "node.batteryOcvV": { redBelow: 150 } } },
      ),
    ).toEqual({ redBelow: 150 });
    expect(
      bus({ battery: { cellsInSeries: 48 } }, { fields: { "node.batteryOcvV": null } }),
    ).toBeUndefined();
  });

  it.each([
    ["a cold node", { nodeTempC: -17 }, "RED node.nodeTempC -17 < -10"],
    ["a cool node", { nodeTempC: -3 }, "YELLOW node.nodeTempC -3 < 0"],
    ["a sagging battery bus", { batteryOcvV: 320 }, "YELLOW node.batteryOcvV 320 < 326.4"],
  ])("the default limits alarm on %s", (_what, node, line) => {
    const m = new AlarmMonitor(parseRig({}).limits);
    const s = (i: number): AlarmSample => ({
      hostMs: i,
      frame: makeFrame({ hostMs: i }),
      node: makeNode(node),
      link: { ...emptyLinkStats(), lastFrameHostMs: i },
    });
    const tr = [0, 1, 2].flatMap((i) => m.evaluate(s(i)));
    expect(tr.map(describeAlarmTransition)).toEqual([line]);
  });

  it("the default limits alarm on a cold panel (a misread TMP36 reads -50 °C)", () => {
    const m = new AlarmMonitor(parseRig({}).limits);
    const s = (panelTempC: number, i: number): AlarmSample => ({
      hostMs: i,
      frame: makeFrame({ panelTempC, hostMs: i }),
      node: makeNode(),
      link: { ...emptyLinkStats(), lastFrameHostMs: i },
    });
    const tr = [2, 2, 2, -40, -40, -40].flatMap((v, i) => m.evaluate(s(v, i)));
    expect(tr.map(describeAlarmTransition)).toEqual([
      "YELLOW frame.panelTempC 2 < 5",
      "RED frame.panelTempC -40 < -10",
    ]);
  });

  it("merges rig entries over the defaults and null removes one", () => {
    const l = parseRig({
      limits: { fields: { "node.nodeTempC": null, "frame.busV": { redBelow: 3 } } },
    }).limits;
    expect(l.fields["node.nodeTempC"]).toBeUndefined();
    expect(l.fields["frame.busV"]).toEqual({ redBelow: 3 });
    expect(l.fields["frame.panelTempC"]).toBeDefined();
  });

  it.each([
    [
      { fields: { "node.nodeTemp": { redAbove: 1 } } },
      /limits\.fields\.node\.nodeTemp: unknown field/,
    ],
    [{ fields: { "frame.busV": {} } }, /limits\.fields\.frame\.busV: expected at least one/],
    [
      { fields: { "frame.busV": { yellowAbove: 5, redAbove: 3 } } },
      /redAbove must be >= yellowAbove/,
    ],
    [
      { fields: { "frame.busV": { yellowBelow: 3, redBelow: 4 } } },
      /redBelow must be <= yellowBelow/,
    ],
    [{ persistSamples: 0 }, /limits\.persistSamples/],
    [{ fields: { "frame.busV": { redAbove: "hot" } } }, /limits\.fields\.frame\.busV\.redAbove/],
  ])("rejects %j with an error naming the field", (bad, message) => {
    expect(() => parseRig({ limits: bad })).toThrow(message);
  });

  it("lists every numeric field of a Frame and of a NodeState", () => {
    const numeric = (o: object) =>
      Object.entries(o)
        .filter(([, v]) => typeof v === "number")
        .map(([k]) => k);
    const frameFields = numeric(makeFrame()).filter(
      (k) => !["seq", "boardMs", "hostMs", "flags"].includes(k),
    );
    expect([...FRAME_LIMIT_FIELDS].sort()).toEqual(expect.arrayContaining(frameFields.sort()));
    const nodeFields = numeric(makeNode()).filter(
      (k) => !["tS", "orbitNumber", "orbitPhase"].includes(k),
    );
    expect([...NODE_LIMIT_FIELDS].sort()).toEqual(expect.arrayContaining(nodeFields.sort()));
  });
});

describe("alarm evaluator", () => {
  it.each([
    ["needs N consecutive samples above yellow", [51, 51, 51], ["-", "-", "yellow"]],
    [
      "restarts persistence when a sample is back in range",
      [51, 51, 49, 51, 51, 51],
      ["-", "-", "-", "-", "-", "yellow"],
    ],
    ["a red sample counts toward yellow", [51, 61, 55], ["-", "-", "yellow"]],
    ["goes red after N samples above red", [61, 61, 61], ["-", "-", "red"]],
    [
      "escalates yellow to red",
      [55, 55, 55, 61, 61, 61],
      ["-", "-", "yellow", "yellow", "yellow", "red"],
    ],
    ["keeps the worst severity while active", [61, 61, 61, 55], ["-", "-", "red", "red"]],
    [
      "clears on the first in-range sample (no hysteresis)",
      [55, 55, 55, 50],
      ["-", "-", "yellow", "yellow inactive"],
    ],
    ["the limit itself is in range", [50, 50, 50, 50], ["-", "-", "-", "-"]],
  ])("%s", (_name, values, expected) => {
    const m = new AlarmMonitor(limits({ "frame.panelTempC": { yellowAbove: 50, redAbove: 60 } }));
    expect(trace(m, values.map(panel))).toEqual(expected);
  });

  it("works below as well as above, with its own persistence", () => {
    const m = new AlarmMonitor(
      limits({ "node.socFraction": { yellowBelow: 0.3, redBelow: 0.2, persistSamples: 2 } }),
    );
    expect(trace(m, [0.31, 0.29, 0.29, 0.19, 0.19, 0.5].map(soc))).toEqual([
      "-",
      "-",
      "yellow",
      "yellow",
      "red",
      "red inactive",
    ]);
    // Below, the worst value is the lowest (not the 0.5 that cleared it).
    const a = m.alarms()[0]!;
    expect(a).toMatchObject({
      field: "node.socFraction",
      direction: "below",
      limit: 0.2,
      value: 0.19,
    });
  });

  it("watches both sides of one field separately", () => {
    const m = new AlarmMonitor(limits({ "frame.busV": { redAbove: 6, redBelow: 4 } }, 1));
    const bus = (busV: number): AlarmSample => ({
      hostMs: tick(),
      frame: makeFrame({ busV }),
      node: null,
      link: null,
    });
    m.evaluate(bus(7));
    m.evaluate(bus(3));
    expect(m.alarms().map((a) => `${a.direction}:${a.active}`)).toEqual([
      "above:false",
      "below:true",
    ]);
  });

  it("treats null, NaN and missing data as unknown: they break persistence and never clear", () => {
    const m = new AlarmMonitor(limits({ "frame.panelTempC": { yellowAbove: 50 } }));
    expect(trace(m, [51, 51, null, 51, 51, Number.NaN, 51, 51, 51, null].map(panel))).toEqual([
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "yellow",
      "yellow",
    ]);
    m.evaluate({ hostMs: tick(), frame: null, node: null, link: null });
    expect(m.alarms()[0]?.active).toBe(true);
  });

  it("records when the out-of-range run began and the worst value, not the latest", () => {
    const m = new AlarmMonitor(limits({ "frame.panelTempC": { yellowAbove: 50 } }));
    const first = panel(52);
    m.evaluate(first);
    m.evaluate(panel(53));
    m.evaluate(panel(58));
    m.evaluate(panel(54));
    expect(m.alarms()[0]).toMatchObject({
      sinceHostMs: first.hostMs,
      value: 58,
      limit: 50,
      severity: "yellow",
    });
  });

  it("a red alarm back between yellow and red keeps a value beyond its red limit, acknowledged too", () => {
    const m = new AlarmMonitor(
      limits({ "frame.panelTempC": { yellowAbove: 25, redAbove: 28 } }, 2),
    );
    for (const v of [28.5, 29, 27, 27]) m.evaluate(panel(v));
    m.acknowledge(t);
    m.evaluate(panel(26));
    expect(m.alarms()[0]).toMatchObject({
      severity: "red",
      limit: 28,
      value: 29,
      active: true,
      acknowledged: true,
    });
  });

  it("a cleared alarm keeps its worst value and takes the clearing's time; the event keeps the start", () => {
    const m = new AlarmMonitor(limits({ "frame.panelTempC": { yellowAbove: 50 } }, 1));
    const first = panel(55);
    m.update({ hostMs: first.hostMs, frame: first.frame, node: null });
    m.update({ hostMs: tick(), frame: makeFrame({ panelTempC: 57 }), node: null });
    const clearMs = tick();
    const { cleared } = m.update({
      hostMs: clearMs,
      frame: makeFrame({ panelTempC: 40 }),
      node: null,
    });
    expect(m.alarms()[0]).toMatchObject({ active: false, value: 57, sinceHostMs: clearMs });
    // The session logs `cleared` at clearMs: with the start and the value that cleared it.
    expect(cleared).toEqual([
      expect.objectContaining({ active: false, value: 40, sinceHostMs: first.hostMs }),
    ]);
  });

  it("a cleared red re-raised by a yellow excursion keeps a value beyond its red limit", () => {
    const m = new AlarmMonitor(
      limits({ "frame.panelTempC": { yellowAbove: 50, redAbove: 60 } }, 1),
    );
    for (const v of [62, 40]) m.evaluate(panel(v));
    const again = panel(55);
    m.evaluate(again);
    expect(m.alarms()[0]).toMatchObject({
      severity: "red",
      limit: 60,
      value: 62,
      active: true,
      sinceHostMs: again.hostMs,
    });
  });

  it("every listed alarm's value is beyond its limit, whatever the values do", () => {
    const m = new AlarmMonitor(
      limits({ "frame.panelTempC": { yellowAbove: 50, redAbove: 60 } }, 2),
    );
    // A deterministic wander across both limits, acknowledging now and then.
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    let v = 45;
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      v = Math.min(70, Math.max(35, v + (next() - 0.5) * 8));
      m.evaluate(panel(v));
      if (next() < 0.02) m.acknowledge(t);
      for (const a of m.alarms()) {
        seen.add(`${a.severity} ${a.active ? "active" : "cleared"} ${a.acknowledged ? "ack" : ""}`);
        if (!(a.value > a.limit)) wrong.push(`#${i} ${a.severity} ${a.value} > ${a.limit}`);
      }
    }
    // The walk did reach every kind of listed alarm.
    expect([...seen].sort()).toEqual([
      "red active ",
      "red active ack",
      "red cleared ",
      "yellow active ",
      "yellow active ack",
      "yellow cleared ",
    ]);
    expect(wrong).toEqual([]);
  });

  it("acknowledge: drops cleared alarms, keeps active ones acknowledged, drops those when they clear", () => {
    const m = new AlarmMonitor(
      limits(
        { "frame.panelTempC": { yellowAbove: 50 }, "node.socFraction": { yellowBelow: 0.3 } },
        1,
      ),
    );
    m.evaluate({
      hostMs: 1,
      frame: makeFrame({ panelTempC: 55 }),
      node: makeNode({ socFraction: 0.2 }),
      link: null,
    });
    m.evaluate({
      hostMs: 2,
      frame: makeFrame({ panelTempC: 40 }),
      node: makeNode({ socFraction: 0.2 }),
      link: null,
    });
    const acks = m.acknowledge(3);
    expect(acks.map((x) => x.kind)).toEqual(["alarm-acknowledged", "alarm-acknowledged"]);
    expect(m.alarms().map((a) => [a.field, a.acknowledged])).toEqual([["node.socFraction", true]]);
    const tr = m.evaluate({
      hostMs: 4,
      frame: makeFrame({ panelTempC: 40 }),
      node: makeNode({ socFraction: 0.5 }),
      link: null,
    });
    expect(tr.map((x) => x.kind)).toEqual(["alarm-cleared"]);
    expect(m.alarms()).toEqual([]);
  });

  it("escalation to red un-acknowledges an acknowledged alarm", () => {
    const m = new AlarmMonitor(
      limits({ "frame.panelTempC": { yellowAbove: 50, redAbove: 60 } }, 1),
    );
    m.evaluate(panel(55));
    m.acknowledge(t);
    expect(m.alarms()[0]?.acknowledged).toBe(true);
    const tr = m.evaluate(panel(65));
    expect(tr).toEqual([
      expect.objectContaining({ kind: "alarm-raised", severity: "red", limit: 60 }),
    ]);
    expect(m.alarms()[0]).toMatchObject({ severity: "red", acknowledged: false, active: true });
  });

  it("emits transitions the session can log, once each", () => {
    const m = new AlarmMonitor(
      limits({ "frame.panelTempC": { yellowAbove: 50, redAbove: 60 } }, 2),
    );
    const lines = [55, 55, 56, 61, 61, 40, 40].flatMap((v) =>
      m.evaluate(panel(v)).map(describeAlarmTransition),
    );
    expect(lines).toEqual([
      "YELLOW frame.panelTempC 55 > 50",
      "RED frame.panelTempC 61 > 60",
      "cleared frame.panelTempC 40 (was RED)",
    ]);
  });

  it("reads the link's age from the last frame's hostMs (session time) before the board's own figure", () => {
    const sample: AlarmSample = {
      hostMs: 5000,
      frame: makeFrame({ hostMs: 2000 }),
      node: null,
      // A board counting on its own clock (offset by the session's start).
      link: { ...emptyLinkStats(), lastFrameHostMs: 2214 },
    };
    expect(readField(sample, "link.lastFrameAgeS")).toBe(3);
  });

  it("alarms on a stale link from the link stats alone, not before the first frame", () => {
    const m = new AlarmMonitor(
      limits({ "link.lastFrameAgeS": { yellowAbove: 2, redAbove: 10, persistSamples: 1 } }),
    );
    const at = (hostMs: number, last: number | null): AlarmSample => ({
      hostMs,
      frame: null,
      node: null,
      link: { ...emptyLinkStats(), lastFrameHostMs: last },
    });
    expect(m.evaluate(at(5000, null))).toEqual([]);
    expect(m.evaluate(at(2000, 1000))).toEqual([]);
    expect(m.evaluate(at(3500, 1000))[0]).toMatchObject({ severity: "yellow", value: 2.5 });
    expect(m.evaluate(at(12_000, 1000))[0]).toMatchObject({ severity: "red", value: 11 });
    expect(readField(at(12_000, 1000), "link.lastFrameAgeS")).toBe(11);
  });

  it("the default limits raise a red panel alarm at 61 °C after 3 samples", () => {
    const m = new AlarmMonitor(parseRig({}).limits);
    const s = (panelTempC: number, i: number): AlarmSample => ({
      hostMs: i,
      frame: makeFrame({ panelTempC, hostMs: i }),
      node: makeNode(),
      link: { ...emptyLinkStats(), lastFrameHostMs: i },
    });
    const tr = [61, 61, 61].flatMap((v, i) => m.evaluate(s(v, i)));
    expect(tr.map(describeAlarmTransition)).toEqual(["RED frame.panelTempC 61 > 60"]);
  });

  it("implements the session's port: update() returns raised and cleared alarms, acknowledgeAll() acks", () => {
    const link = { ...emptyLinkStats(), lastFrameHostMs: 0 };
    const logged: string[] = [];
    const m = new AlarmMonitor(parseRig({}).limits, {
      link: () => link,
      onTransition: (x) => logged.push(describeAlarmTransition(x)),
    });
    // The session passes its last frame with every sample: frame.hostMs is when it came.
    let lastFrameMs = 0;
    const s = (hostMs: number, panelTempC: number) => ({
      hostMs,
      frame: makeFrame({ panelTempC, hostMs: lastFrameMs }),
      node: makeNode(),
    });
    expect(m.update(s(100, 20))).toEqual({ raised: [], cleared: [] });
    const r = m.update(s(3000, 20));
    expect(r.raised).toEqual([
      expect.objectContaining({ field: "link.lastFrameAgeS", severity: "yellow", value: 3 }),
    ]);
    lastFrameMs = 3000;
    expect(m.update(s(3100, 20)).cleared).toEqual([
      expect.objectContaining({ field: "link.lastFrameAgeS", active: false }),
    ]);
    m.acknowledgeAll();
    expect(m.alarms()).toEqual([]);
    expect(logged).toEqual([
      "YELLOW link.lastFrameAgeS 3 > 2",
      "cleared link.lastFrameAgeS 0.1 (was YELLOW)",
      "acknowledged YELLOW link.lastFrameAgeS",
    ]);
  });
});
