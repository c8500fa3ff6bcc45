/**
 * The dashboard's own state (src/ui/session-view.ts): trend ranges from the samples, the
 * compute row of this orbit, and the duty of past orbits when a replay seeks back and forth.
 */
import { describe, expect, it } from "vitest";
import type { NodeState } from "../../src/node/state.js";
import type { SessionSink, SessionStatus } from "../../src/session/types.js";
import { COMPUTE_BINS, OrbitComputeRow } from "../../src/ui/orbit-compute.js";
import { computeCells } from "../../src/ui/orbit-strip.js";
import { benchLines } from "../../src/ui/panels/power.js";
import { QUIET_AFTER_FRAMES, QuietChannels } from "../../src/ui/quiet-channels.js";
import { SessionView } from "../../src/ui/session-view.js";
import { TrendBuffer } from "../../src/ui/trends.js";
import { makeFrame, makeNode, makeSnapshot } from "./fixtures.js";

/** A session as the view sees it: its status, and the sink it hands frames to. */
function viewOfFakeSession() {
  let sink: SessionSink | null = null;
  const status = makeSnapshot() as SessionStatus;
  const view = new SessionView({
    status: () => status,
    addSink: (s) => {
      sink = s;
      return () => undefined;
    },
  });
  const frame = (hostMs: number, node: Partial<NodeState>) =>
    sink!.frame!(makeFrame({ hostMs }), makeNode(node));
  return { view, frame };
}

describe("trend buffer", () => {
  it("keeps each bucket's mean for the chart and the samples' extremes for the range", () => {
    const b = new TrendBuffer(10, 10);
    for (const [t, v] of [
      [0.1, 10],
      [0.5, 30],
      [0.9, 20],
      [1.5, 25],
    ] as const)
      b.push(t, v);
    expect(b.values()).toEqual([20, 25]);
    expect(b.range()).toEqual({ min: 10, max: 30 });
    b.clear();
    expect(b.range()).toBeNull();
  });

  it("the range forgets samples that left the window", () => {
    const b = new TrendBuffer(10, 10);
    b.push(0, 100);
    b.push(5, 50);
    b.push(12, 60);
    expect(b.range()).toEqual({ min: 50, max: 60 });
  });
});

describe("compute row of this orbit", () => {
  it("records the level by phase, starts afresh each orbit, and forgets what lies ahead after a seek back", () => {
    const row = new OrbitComputeRow();
    for (let i = 0; i < 100; i++) row.push(0, i / 200, i < 50 ? 1 : 0.5);
    let l = row.levels();
    expect(l[0]).toBe(1);
    expect(l[Math.floor(COMPUTE_BINS * 0.4)]).toBe(0.5);
    expect(l[Math.floor(COMPUTE_BINS * 0.75)]).toBeNaN();
    // Back to a quarter of the orbit: the second quarter has not been flown yet.
    row.push(0, 0.25, 0);
    l = row.levels();
    expect(l[Math.floor(COMPUTE_BINS * 0.1)]).toBe(1);
    expect(l[Math.floor(COMPUTE_BINS * 0.25)]).toBe(0);
    expect(l[Math.floor(COMPUTE_BINS * 0.4)]).toBeNaN();
    row.push(1, 0.01, 1);
    expect(row.levels().filter(Number.isFinite)).toEqual([1]);
  });

  it("draws a cell per terminal column: ▁ to █ by level, · where compute was off, blank ahead", () => {
    const levels = Array.from({ length: COMPUTE_BINS }, (_, i) =>
      i < 90 ? 1 : i < 180 ? 0.5 : i < 270 ? 0 : Number.NaN,
    );
    expect(computeCells(levels, 8).join("")).toBe("██▄▄··  ");
  });

  it("the view's snapshot carries this orbit's row", () => {
    const { view, frame } = viewOfFakeSession();
    frame(0, { orbitNumber: 2, orbitPhase: 0.1, computeLevel: 1 });
    frame(100, { orbitNumber: 2, orbitPhase: 0.2, computeLevel: 0 });
    const l = view.getSnapshot().computeThisOrbit;
    expect(l[Math.floor(COMPUTE_BINS * 0.1)]).toBe(1);
    expect(l[Math.floor(COMPUTE_BINS * 0.2)]).toBe(0);
    expect(l.filter(Number.isFinite)).toHaveLength(2);
  });
});

describe("duty of past orbits", () => {
  it("one entry per orbit, whether a replay seeks back over orbits or not", () => {
    const { view, frame } = viewOfFakeSession();
    let t = 0;
    const fly = (orbits: number[]) => {
      for (const k of orbits) {
        t += 100;
        frame(t, {
          orbitNumber: k,
          dutyThisOrbit: 0.1 * (k + 1),
          dutyLastOrbit: k > 0 ? 0.1 * k : null,
        });
      }
    };
    fly([0, 0, 1, 1, 2, 2]);
    expect(view.getSnapshot().dutyHistory.map((d) => d.toFixed(1))).toEqual(["0.1", "0.2"]);
    fly([1, 1]); // a seek back into orbit 1: orbits 1 and 2 are flown again
    expect(view.getSnapshot().dutyHistory.map((d) => d.toFixed(1))).toEqual(["0.1"]);
    fly([2, 3]);
    expect(view.getSnapshot().dutyHistory.map((d) => d.toFixed(1))).toEqual(["0.1", "0.2", "0.3"]);
  });

  it("the compute trend follows the node's level, in percent", () => {
    const { view, frame } = viewOfFakeSession();
    frame(0, { computeLevel: 0.25 });
    frame(50, { computeLevel: 0.75 });
    const t = view.getSnapshot().trends;
    expect(t.computePct.filter(Number.isFinite)).toEqual([50]);
    expect(t.ranges.computePct).toEqual({ min: 25, max: 75 });
  });
});

describe("a load channel that can only show noise", () => {
  const loadChannel = (currentMa: number) => ({
    role: "load" as const,
    address: 0x41,
    present: true,
    overflow: false,
    busV: 6,
    shuntMv: currentMa / 10,
    currentMa,
    powerMw: 6 * currentMa,
  });
  const run = (currentMa: number, frames: number) => {
    const q = new QuietChannels();
    for (let i = 0; i < frames; i++)
      q.frame(
        makeFrame({ load: 255, channels: [makeFrame().channels[0]!, loadChannel(currentMa)] }),
      );
    return q.addresses();
  };

  it("the emulated rig's 100 kΩ indicator (0.06 mA at full duty) is named, not shown as a reading", () => {
    expect(run(0.06, QUIET_AFTER_FRAMES - 1)).toEqual([]);
    expect(run(0.06, QUIET_AFTER_FRAMES)).toEqual([0x41]);
    // A desk rig's 100 Ω load draws 50 mA: shown.
    expect(run(50, 100)).toEqual([]);
    // One switching transient of 3 mA (as in the classroom recording) does not make a load.
    const q = new QuietChannels();
    for (let i = 0; i < 40; i++)
      q.frame(
        makeFrame({
          load: 255,
          channels: [makeFrame().channels[0]!, loadChannel(i === 5 ? 3.1 : 0.1)],
        }),
      );
    expect(q.addresses()).toEqual([0x41]);
    const snap = makeSnapshot({
      frame: makeFrame({ channels: [makeFrame().channels[0]!, loadChannel(0.06)] }),
      quietChannels: [0x41],
    });
    const bench = benchLines(snap, 2).map((l) => l.map((s) => s.text).join(""));
    expect(bench.find((l) => l.startsWith("load 0x41"))).toMatch(/indicator load \(< 0\.5 mA\)/);
    expect(bench.join("\n")).not.toMatch(/load 0x41 .*mA$/m);
  });
});
