/**
 * The teacher's ring, from fixed messages: the class state keeps the coordinator's plan,
 * latest round and events (and ignores what it cannot read); the ring puts each rig where
 * its orbit has it (phase 0 by the Sun on the left, 0.5 in the shadow on the right) and says
 * each rig's load pin, queue and the work moving; the teacher's view shows it above the
 * rigs' rows.
 */
import { describe, expect, it } from "vitest";
import { ClassState } from "../../src/network/class-state.js";
import type {
  DeskEventPayload,
  DeskStatePayload,
  PlanPayload,
} from "../../src/network/desk-payloads.js";
import { classroomLines } from "../../src/ui/classroom-panels.js";
import { ringLines, slotMark } from "../../src/ui/classroom-ring.js";
import { INITIAL_UI } from "../../src/ui/classroom-state.js";
import type { Line } from "../../src/ui/lines.js";

const text = (l: Line) => l.map((s) => s.text).join("");
const topic = (kind: string) => `orbitrig/v1/physics/constellation/${kind}`;

const plan: PlanPayload = {
  v: 1,
  online: true,
  ids: ["desk-1", "desk-2", "desk-3"],
  startPhases: [0, 0.3333, 0.6667],
  periodS: 5739,
  timeScale: 30,
  wallMs: 1,
};

const node = (rig: string, slot: number, phase: number, over: object = {}) => ({
  rig,
  slot,
  live: true,
  phase,
  region: "sunlit" as const,
  sheds: false,
  level: 0,
  backlogAccelS: 0,
  doneAccelS: 0,
  sentAccelS: 0,
  receivedAccelS: 0,
  ...over,
});

const state: DeskStatePayload = {
  v: 1,
  round: 42,
  orbitS: 1434.75,
  dtS: 6,
  periodS: 5739,
  nodes: [
    node("desk-1", 0, 0, { level: 1, backlogAccelS: 7200, receivedAccelS: 3600 }),
    node("desk-2", 1, 0.5, { region: "umbra", sheds: true, sentAccelS: 3600 }),
    node("desk-3", 2, 0.25, { level: 0.5 }),
  ],
  routes: [{ from: "desk-2", to: "desk-1", amountAccelS: 1800 }],
  totals: {
    arrivedAccelS: 36000,
    doneUsefulAccelS: 20000,
    movedAccelS: 3600,
    evacuatedAccelS: 0,
    droppedAccelS: 0,
    queuedAccelS: 7200,
  },
  wallMs: 2,
};

const dropOut: DeskEventPayload = {
  v: 1,
  kind: "drop-out",
  rig: "desk-3",
  orbitS: 1500,
  text: "desk-3 dropped out (offline): its 2.0 accel-h re-planned on desk-1",
  wallMs: 3,
};

function classWithRing(): ClassState {
  const c = new ClassState("physics");
  expect(c.apply(topic("plan"), JSON.stringify(plan), 0)).toBe(true);
  expect(c.apply(topic("state"), JSON.stringify(state), 0)).toBe(true);
  return c;
}

describe("the class state keeps a desk constellation", () => {
  it("the plan, the latest round, the events; nothing of what it cannot read", () => {
    const c = classWithRing();
    expect(c.apply(topic("event"), JSON.stringify(dropOut), 0)).toBe(true);
    expect(c.apply(topic("state"), JSON.stringify({ v: 1, round: "x" }), 0)).toBe(false);
    expect(c.ignored).toBe(1);
    // An assignment is the rig's business, not the view's.
    expect(c.apply(topic("assign/desk-1"), "{}", 0)).toBe(false);
    const s = c.snapshot(0, { broker: "b", connected: true, problem: null });
    expect(s.constellation?.plan?.ids).toEqual(plan.ids);
    expect(s.constellation?.state?.round).toBe(42);
    expect(s.constellation?.events.map((e) => e.kind)).toEqual(["drop-out"]);
    // A class without a coordinator has none.
    expect(
      new ClassState("physics").snapshot(0, { broker: "b", connected: true, problem: null })
        .constellation,
    ).toBeNull();
  });
});

describe("the ring", () => {
  const view = { plan, state, events: [dropOut] };

  it("puts each rig where its orbit has it: noon by the Sun, midnight in the shadow", () => {
    const lines = ringLines(view, 160, 30).map(text);
    const pic = lines.slice(1, 10);
    const sunRow = pic.findIndex((l) => l.startsWith("☀"));
    expect(sunRow).toBeGreaterThan(0);
    const row = pic[sunRow]!;
    // desk-1 at phase 0 is between the Sun and the Earth; desk-2 at 0.5 beyond the shadow.
    const earth = row.indexOf("◯");
    expect(row.indexOf("1")).toBeGreaterThan(0);
    expect(row.indexOf("1")).toBeLessThan(earth);
    expect(row.lastIndexOf("2")).toBeGreaterThan(row.lastIndexOf("░"));
    // desk-3 at a quarter orbit is at the top.
    expect(pic.findIndex((l) => l.includes("3"))).toBeLessThan(sunRow);
    expect(slotMark(0)).toBe("1");
    expect(slotMark(9)).toBe("a");
  });

  it("says each rig's load pin, queue and the work moving", () => {
    const all = ringLines(view, 160, 30).map(text).join("\n");
    expect(all).toMatch(
      /ring of 3 · round 42 · orbit 25% · moved 1\.00 acc·h · coordinator online/,
    );
    expect(all).toMatch(/1 desk-1 +☀ sun +pin █+ 100% queue +2\.00 acc·h/);
    expect(all).toMatch(/2 desk-2 +● shadow +pin ░+ +0% queue +0\.00 acc·h sheds/);
    expect(all).toMatch(/3 desk-3 .*pin █+░+ +50%/);
    expect(all).toContain("moving now: desk-2 → desk-1 0.50 acc·h");
    expect(all).toContain(dropOut.text);
    // Narrow: the picture above the rows, every line within the width.
    const narrow = ringLines(view, 70, 40);
    expect(narrow.map(text).every((l) => [...l].length <= 70)).toBe(true);
    expect(narrow.map(text).join("\n")).toContain("desk-3");
  });

  it("the teacher's view draws it above the rigs' rows", () => {
    const s = classWithRing().snapshot(0, { broker: "b", connected: true, problem: null });
    const lines = classroomLines(s, INITIAL_UI, 140, 40).map(text);
    const ring = lines.findIndex((l) => l.includes("CONSTELLATION"));
    const rigs = lines.findIndex((l) => l.includes("RIGS"));
    expect(ring).toBeGreaterThan(0);
    expect(rigs).toBeGreaterThan(ring);
    expect(lines.length).toBeLessThanOrEqual(39);
  });
});
