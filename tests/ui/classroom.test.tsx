/**
 * The teacher's view from fixed class states: rows, links, the leaderboard, commands and
 * their answers, keys that send commands, and text from the network shown as plain text.
 */
import { render } from "ink";
import { describe, expect, it, vi } from "vitest";
import type { ClassSnapshot, RigView } from "../../src/network/class-state.js";
import type { StatePayload } from "../../src/network/payloads.js";
import { parseSet } from "../../src/ui/classroom-keys.js";
import { leaderboard, plain, sortRigs } from "../../src/ui/classroom-state.js";
import { ClassroomApp } from "../../src/ui/classroom-view.js";
import { waitFor } from "../e2e/wait.js";
import {
  asStdin,
  asStdout,
  FakeStdin,
  FakeStdout,
  FrameRecorder,
  stripAnsi,
  until,
} from "./render-helpers.js";

const NOW = 1_000_000;

function state(
  over: Partial<NonNullable<StatePayload["node"]>> = {},
  extra: Partial<StatePayload> = {},
): StatePayload {
  return {
    v: 1,
    seq: 10,
    wallMs: NOW - 100,
    instance: "i1",
    benchS: 30,
    orbitS: 900,
    link: "up",
    frameAgeS: 0.1,
    bench: { powerMw: 612.3, busV: 5, currentMa: 120, panelTempC: 30, lamp: 255, load: 0 },
    node: {
      orbitNumber: 0,
      orbitPhase: 0.25,
      region: "sunlit",
      socFraction: 0.74,
      arrayPowerW: 150_000,
      batteryPowerW: 20_000,
      computeLevel: 1,
      nodeTempC: 41.2,
      dutyThisOrbit: 0.62,
      dutyLastOrbit: 0.58,
      workAccelS: 3600 * 12.5,
      floorViolationS: 0,
      minSocFraction: 0.6,
      ...over,
    },
    orbit: {
      periodS: 5500,
      timeScale: 60,
      segments: [
        [0, 0.3, "sunlit"],
        [0.3, 0.31, "penumbra"],
        [0.31, 0.69, "umbra"],
        [0.69, 0.7, "penumbra"],
        [0.7, 1, "sunlit"],
      ],
      next: { kind: "eclipse-entry", inS: 300 },
    },
    policy: "predictive",
    lampMode: "auto",
    paused: false,
    speed: 1,
    alarms: [],
    net: { queued: 0, dropped: 0 },
    ...extra,
  };
}

function rig(id: string, st: StatePayload | null, opts: Partial<RigView> = {}): RigView {
  return {
    id,
    hello: null,
    state: st,
    status: { v: 1, online: true, instance: "i1", wallMs: NOW - 5000 },
    stateAtMs: st ? NOW - 100 : null,
    statesLost: 0,
    events: [],
    ...opts,
  };
}

function snapshot(rigs: RigView[], over: Partial<ClassSnapshot> = {}): ClassSnapshot {
  return {
    cls: "physics",
    broker: "mqtt://127.0.0.1:1883",
    connected: true,
    problem: null,
    nowMs: NOW,
    rigs,
    ignored: 0,
    received: 100,
    commands: [],
    ...over,
  };
}

const CLASS = snapshot([
  rig("desk-1", state()),
  rig(
    "desk-2",
    state(
      { socFraction: 0.38, workAccelS: 3600 * 20, floorViolationS: 42 },
      {
        alarms: [{ field: "node.socFraction", severity: "red", active: true }],
      },
    ),
  ),
  rig("desk-3", state({ workAccelS: 3600 * 15 }), { stateAtMs: NOW - 10_000 }),
  rig("desk-4", null, {
    status: { v: 1, online: false, instance: "x", wallMs: NOW, reason: "lost" },
  }),
]);

/** ClassroomApp in ink on fake streams (100×30); its frames go to a recorder. */
function mount(
  snapshot: ClassSnapshot,
  send: (t: string, c: unknown) => Promise<unknown> = vi.fn(async () => "id"),
) {
  const stdout = new FakeStdout(100, 30);
  const stdin = new FakeStdin();
  const recorder = new FrameRecorder();
  const inst = render(
    <ClassroomApp
      snapshot={snapshot}
      send={send}
      onQuit={vi.fn()}
      color={false}
      frames={recorder}
    />,
    { stdout: asStdout(stdout), stdin: asStdin(stdin), exitOnCtrlC: false, patchConsole: false },
  );
  return { stdin, lastFrame: recorder.lastFrame, unmount: () => inst.unmount() };
}

const frame = (r: ReturnType<typeof mount>) => stripAnsi(r.lastFrame());

describe("the teacher's view", () => {
  it("one row per rig: link, strip, bench, SoC, duty now/last, work, node °C, alarms", () => {
    const r = mount(CLASS, vi.fn());
    const f = frame(r);
    expect(f).toContain("ORBITRIG CLASSROOM physics");
    expect(f).toContain("4 rigs: 2 online 1 stale 1 offline");
    const row = (id: string) => f.split("\n").find((l) => l.includes(id)) ?? "";
    expect(row("desk-1")).toMatch(
      /● on .*[█▒░▲]+ .*612\.3 mW .*74% .*62% \/ 58% .*12\.5 acc·h .*41\.2 °C .*—/,
    );
    expect(row("desk-2")).toMatch(/38% .* socFra/);
    expect(row("desk-3")).toContain("◌ stale");
    expect(row("desk-4")).toContain("✖ off");
    // The strip shows the node's marker where its phase is.
    expect(row("desk-1")).toContain("▲");
    r.unmount();
  });

  it("the leaderboard ranks work delivered among rigs that kept the battery floor", () => {
    expect(leaderboard(CLASS.rigs).map((e) => `${e.rig.id}${e.brokeFloor ? "!" : ""}`)).toEqual([
      "desk-3",
      "desk-1",
      "desk-2!",
    ]);
    const r = mount(CLASS, vi.fn());
    r.stdin.write("b");
    return until(() => frame(r).includes("LEADERBOARD"), "the leaderboard").then(() => {
      const lines = frame(r).split("\n");
      const at = (id: string) => lines.findIndex((l) => l.includes(id));
      expect(at("desk-3")).toBeLessThan(at("desk-1"));
      expect(lines[at("desk-2")]).toContain("✖ broke the floor for 42 s");
      r.unmount();
    });
  });

  it("sorts by work, SoC, duty or power", () => {
    expect(sortRigs(CLASS.rigs, "work").map((x) => x.id)).toEqual([
      "desk-2",
      "desk-3",
      "desk-1",
      "desk-4",
    ]);
    expect(
      sortRigs(CLASS.rigs, "soc")
        .map((x) => x.id)
        .slice(0, 2),
    ).toEqual(["desk-1", "desk-3"]);
  });

  it("keys send commands to all rigs or the selected one", async () => {
    const send = vi.fn(async () => "id");
    const r = mount(CLASS, send);
    r.stdin.write("e");
    await until(() => send.mock.calls.length === 1, "the eclipse command");
    expect(send).toHaveBeenLastCalledWith("all", { action: "force-eclipse" });
    r.stdin.write("\u001B[B"); // down: the first rig
    await until(() => frame(r).includes("target: desk-1"), "desk-1 selected");
    r.stdin.write("p");
    await until(() => frame(r).includes("policy for desk-1"), "the policy prompt");
    r.stdin.write("2");
    await until(() => send.mock.calls.length === 2, "the policy command");
    expect(send).toHaveBeenLastCalledWith("desk-1", {
      action: "set-policy",
      policy: "sunlit-only",
    });
    r.stdin.write("s");
    await until(() => frame(r).includes("key=value"), "the set prompt");
    for (const ch of "scheduler.socLowFraction=0.5") r.stdin.write(ch);
    r.stdin.write("\r");
    await until(() => send.mock.calls.length === 3, "the set command");
    expect(send).toHaveBeenLastCalledWith("desk-1", {
      action: "set",
      key: "scheduler.socLowFraction",
      value: 0.5,
    });
    r.stdin.write("n");
    await until(() => frame(r).includes("note for every rig"), "the note prompt");
    for (const ch of "look") r.stdin.write(ch);
    r.stdin.write("\r");
    await until(() => send.mock.calls.length === 4, "the note");
    expect(send).toHaveBeenLastCalledWith("all", { action: "note", text: "look" });
    r.stdin.write(" ");
    await until(() => send.mock.calls.length === 5, "pause");
    expect(send).toHaveBeenLastCalledWith("desk-1", { action: "pause" });
    r.unmount();
  });

  it("answers: done, waiting and refused with the rig's reason", () => {
    const s = snapshot(CLASS.rigs, {
      commands: [
        {
          id: "a",
          action: "force-eclipse",
          target: "all",
          text: "force eclipse",
          sentAtMs: NOW - 1000,
          expected: ["desk-1", "desk-2", "desk-3"],
          answers: {
            "desk-1": { ok: true, text: "eclipse forced now" },
            "desk-2": { ok: false, text: "this rig replays a recording" },
          },
        },
      ],
    });
    const r = mount(s, vi.fn());
    expect(frame(r)).toContain(
      "force eclipse → all  1 done  1 waiting  1 refused: desk-2: this rig replays a recording",
    );
    r.unmount();
  });

  it("text from the network is plain text: no escape sequences, no carriage returns", () => {
    const evil = "\u001B[2J\u001B]0;pwned\u0007<script>alert(1)</script>\rX";
    expect(plain(evil)).toBe("[2J]0;pwned<script>alert(1)</script>X");
    const s = snapshot(CLASS.rigs, {
      problem: evil,
      connected: false,
      commands: [
        {
          id: "a",
          action: "note",
          target: "all",
          text: `note "${evil}"`,
          sentAtMs: NOW,
          expected: ["desk-1"],
          answers: { "desk-1": { ok: false, text: evil } },
        },
      ],
    });
    const r = mount(s, vi.fn());
    // No colour asked for: bold (SGR) is ours; any other escape would be the network's.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching SGR sequences
    const raw = r.lastFrame().replace(/\u001B\[[0-9;]*m/g, "");
    expect(raw).not.toContain("\u001B");
    expect(raw).not.toContain("\u0007");
    expect(raw).toContain("<script>alert(1)</script>");
    r.unmount();
  });

  it("a set command is key=value; anything else is explained", () => {
    expect(parseSet("scheduler.policy=always-on")).toEqual({
      action: "set",
      key: "scheduler.policy",
      value: "always-on",
    });
    expect(parseSet("nonsense")).toMatch(/expected key=value/);
  });
});

describe("startClassroomView", () => {
  it("draws the source's class, redraws when it changes, and q ends it", async () => {
    const { startClassroomView } = await import("../../src/ui/classroom-view.js");
    const { FakeStdin, FakeStdout, asStdin, asStdout } = await import("./render-helpers.js");
    const listeners = new Set<() => void>();
    let current = snapshot([rig("desk-1", state())]);
    const source = {
      getSnapshot: () => current,
      subscribe: (l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const stdout = new FakeStdout(120, 30);
    const stdin = new FakeStdin();
    const view = startClassroomView({
      source,
      send: vi.fn(async () => "id"),
      stdout: asStdout(stdout),
      stdin: asStdin(stdin),
      env: { NO_COLOR: "1" },
    });
    // ink also writes bare cursor sequences: look at every write since the last check.
    const seen = () => stripAnsi(stdout.frames.join(""));
    // The view paces its renders (at least 100 ms apart): wait on the clock, bounded.
    const drawn = (what: string) =>
      waitFor(() => seen().includes(what), { timeoutMs: 5000, what: `${what} on screen` });
    await drawn("desk-1");
    current = snapshot([rig("desk-1", state()), rig("desk-2", state())]);
    for (const l of listeners) l();
    await drawn("desk-2");
    stdin.write("q");
    await view.done;
    expect(listeners.size).toBe(0);
  });
});
