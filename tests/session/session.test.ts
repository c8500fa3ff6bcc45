import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import {
  initialLampGuard,
  type LampGuardConfig,
  levelForIllumination,
  stepLampGuard,
} from "../../src/session/lamp-guard.js";
import { SessionView } from "../../src/ui/session-view.js";
import { TrendBuffer } from "../../src/ui/trends.js";
import { FakeBoard, SquareOrbitModel, startSession } from "./fakes.js";

const lamp: LampGuardConfig = {
  driver: "pwm",
  fullLevel: 200,
  maxPanelTempC: 60,
  hysteresisC: 5,
  maxLampOnS: 1000,
  cooldownS: 30,
};

async function started(opts: Partial<LampGuardConfig> = {}, trendWindowS?: number) {
  const model = new SquareOrbitModel();
  const r = await startSession({ rigName: "test", model, lamp: { ...lamp, ...opts } });
  // The dashboard's view of the session, as the CLI attaches it.
  const view = new SessionView(r.session, trendWindowS !== undefined ? { trendWindowS } : {});
  await flush();
  return { ...r, model, view };
}

/** Lets the promise chains of command sends settle (no time passes). */
async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Advances bench time in 100 ms steps with one frame per step. */
async function runFor(board: FakeBoard, ms: number, panelTempC: number | null = 25) {
  for (let t = 0; t < ms; t += 100) {
    board.clock.advance(100);
    await flush();
    board.emitFrame(panelTempC);
  }
}

describe("session control path", () => {
  it("drives the lamp from the eclipse schedule at the rig's time scale", async () => {
    const { board } = await started();
    // Orbit 100 s at timeScale 10 = 10 s of bench time; sunlit for 6 s, then 4 s dark.
    await runFor(board, 5_900);
    expect(board.lamp).toBe(200);
    await runFor(board, 300);
    expect(board.lamp).toBe(0);
    await runFor(board, 4_000);
    expect(board.lamp).toBe(200);
    const lampCommands = board.commands
      .filter((c) => c.command === "LAMP")
      .map((c) => [c.atMs - 5000, c.level]);
    expect(lampCommands).toEqual([
      [0, 200],
      [6000, 0],
      [10000, 200],
    ]);
  });

  it("sets the compute-load pin from the node's compute level", async () => {
    const { board } = await started();
    await runFor(board, 1000);
    expect(board.load).toBe(255);
    await runFor(board, 6000);
    expect(board.load).toBe(128);
  });

  it("records every frame with its node state, and lamp transitions as events", async () => {
    const { board, recorder, session } = await started();
    await runFor(board, 12_000);
    await session.stop("quit");
    expect(recorder.frames).toHaveLength(120);
    expect(recorder.frames.map((f) => f.frame.seq)).toEqual([...Array(120).keys()]);
    expect(recorder.frames[119]!.frame.hostMs).toBe(12_000);
    const lampEvents = recorder.events.filter((e) => e.kind === "lamp").map((e) => e.data.on);
    expect(lampEvents).toEqual([true, false, true]);
    expect(recorder.footer).toMatchObject({ reason: "quit", frames: 120 });
  });

  it("turns lamp and load off and closes the board on stop, once, whatever the reason", async () => {
    const { board, recorder, session } = await started();
    await runFor(board, 1000);
    expect(board.lamp).toBeGreaterThan(0);
    await Promise.all([session.stop("SIGTERM"), session.stop("quit")]);
    expect(board.lamp).toBe(0);
    expect(board.load).toBe(0);
    expect(board.closed).toBe(true);
    expect(board.commands.filter((c) => c.command === "SAFE")).toHaveLength(1);
    expect(recorder.events.find((e) => e.kind === "session-end")?.data.reason).toBe("SIGTERM");
    // Nothing is sent after the stop.
    const n = board.commands.length;
    await runFor(board, 2000);
    expect(board.commands.length).toBe(n);
  });

  it("still closes the recording when the board cannot be told to go safe", async () => {
    const { board, recorder, session } = await started();
    board.failSafe = true;
    await session.stop("error");
    expect(recorder.footer).not.toBeNull();
    expect(recorder.events.some((e) => e.kind === "command-failed")).toBe(true);
  });

  it("cuts the lamp above the panel temperature limit and restores it below the hysteresis", async () => {
    const { board, recorder } = await started();
    await runFor(board, 1000, 40);
    expect(board.lamp).toBe(200);
    await runFor(board, 300, 61);
    expect(board.lamp).toBe(0);
    await runFor(board, 500, 57); // below the limit but inside the hysteresis band
    expect(board.lamp).toBe(0);
    await runFor(board, 300, 54);
    expect(board.lamp).toBe(200);
    expect(recorder.events.filter((e) => e.kind === "limit").map((e) => e.data.kind)).toEqual([
      "over-temp-cut",
      "over-temp-clear",
    ]);
  });

  it("lamp override keys and force-eclipse reach the board", async () => {
    const { board, session } = await started();
    await runFor(board, 1000);
    session.cycleLampMode(); // on
    session.cycleLampMode(); // off
    await runFor(board, 200);
    expect(board.lamp).toBe(0);
    session.cycleLampMode(); // auto
    await runFor(board, 200);
    expect(board.lamp).toBe(200);
    session.forceEclipse();
    await runFor(board, 200);
    expect(board.lamp).toBe(0);
    expect(session.status().node?.region).toBe("umbra");
  });

  it("builds a snapshot with trends, link and orbit", async () => {
    const { board, session, view } = await started();
    await runFor(board, 3000);
    session.addNote("cell re-taped");
    const s = view.getSnapshot();
    expect(s.rigName).toBe("test");
    expect(s.frame?.powerMw).toBe(200);
    expect(s.benchElapsedS).toBeCloseTo(3, 6);
    expect(s.orbitElapsedS).toBeCloseTo(30, 6);
    expect(s.orbit.next).toMatchObject({ kind: "eclipse-entry" });
    expect(s.trends.benchPowerMw.filter(Number.isFinite).length).toBeGreaterThan(0);
    expect(s.recentEvents.at(-1)?.text).toBe("note: cell re-taped");
  });

  it("cycles the trend window; every window has its history from the start", async () => {
    const { board, view } = await started();
    await runFor(board, 90_000);
    const finite = (xs: number[]) => xs.filter(Number.isFinite).length;
    const w = () => view.getSnapshot().trends;
    expect(w().windowS).toBe(120);
    // Frames from bench 0 s to 90 s, in buckets of 1 s (120 s / 120): 91 buckets hold one.
    expect(finite(w().benchPowerMw)).toBe(91);
    expect(view.cycleTrendWindow()).toBe(600);
    expect(w().windowS).toBe(600);
    expect(finite(w().socPct)).toBe(19); // 5 s buckets

    expect(view.cycleTrendWindow()).toBe(3600);
    expect(view.cycleTrendWindow()).toBe(60);
    expect(finite(w().nodeTempC)).toBe(120);
    expect(w().benchPowerMw).toHaveLength(120);
    expect(view.cycleTrendWindow()).toBe(120);
  });

  it("a command failing every tick is logged once per 5 s with a count, not each time", async () => {
    const { board, recorder, session, view } = await started();
    await runFor(board, 1000);
    board.failCommands = "NAK BUSY";
    session.cycleLampMode(); // on: already on, no change
    session.cycleLampMode(); // off: a new level to send, failing on every control tick
    await runFor(board, 12_000);
    const failed = recorder.events.filter((e) => e.kind === "command-failed");
    const sends = board.commands.filter((c) => c.command === "LAMP").length;
    expect(sends).toBeGreaterThan(50);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.length).toBeLessThanOrEqual(3);
    const counted = failed.reduce((n, e) => n + 1 + Number(e.data.repeatsSinceLast ?? 0), 0);
    // Every failure is in the recording's counts, except those after the last report.
    expect(counted).toBeLessThanOrEqual(sends);
    expect(counted).toBeGreaterThan(sends - 55);
    expect(view.getSnapshot().recentEvents.at(-1)?.text).toMatch(
      /^LAMP\/LOAD failed: NAK BUSY \(×\d+ since last shown\)$/,
    );
  });

  it("sends no commands while the link is down, and the new levels once it is back", async () => {
    const { board, recorder, session } = await started();
    await runFor(board, 1000);
    board.link = "reconnecting";
    const before = board.commands.length;
    session.cycleLampMode();
    session.cycleLampMode(); // off
    await runFor(board, 3000);
    expect(board.commands.length).toBe(before);
    expect(recorder.events.some((e) => e.kind === "command-failed")).toBe(false);
    board.link = "up";
    await runFor(board, 300);
    expect(board.lamp).toBe(0);
  });

  it("a seek back in replay restarts the trends instead of mixing before and after", async () => {
    const board = new FakeBoard();
    // A recording: no commands, but pause and seek.
    board.commandable = false;
    board.playback = { paused: false, pause() {}, resume() {}, seekBy() {} };
    const { session } = await startSession({ mode: "replay", lamp, board });
    const view = new SessionView(session);
    await runFor(board, 5000);
    const finite = () => view.getSnapshot().trends.benchPowerMw.filter(Number.isFinite).length;
    expect(finite()).toBeGreaterThan(4);
    session.seek(10);
    expect(finite()).toBeGreaterThan(4);
    session.seek(-10);
    expect(finite()).toBe(0);
    await runFor(board, 2000);
    expect(finite()).toBeGreaterThanOrEqual(2);
    expect(finite()).toBeLessThanOrEqual(3);
  });

  it("starts on the rig's trend window and offers it among the others", async () => {
    const { view } = await started({}, 300);
    expect(view.getSnapshot().trends.windowS).toBe(300);
    const seen = [1, 2, 3, 4, 5].map(() => view.cycleTrendWindow());
    expect(seen).toEqual([600, 3600, 60, 120, 300]);
  });
});

describe("what the board can do decides the controls, not the mode", () => {
  it("a board with a pace: the speed shown is the board's, and +/- multiply it", async () => {
    const board = new FakeBoard();
    const speeds: number[] = [];
    board.speedControl = {
      speed: 8,
      setSpeed(x: number) {
        speeds.push(x);
        (this as { speed: number }).speed = x;
      },
    };
    const { session } = await startSession({ board, lamp });
    expect(session.capabilities).toEqual({ pause: false, speed: true, seek: false, lamp: true });
    expect(session.status().speed).toBe(8);
    session.changeSpeed(2);
    expect(speeds).toEqual([16]);
    expect(session.status().speed).toBe(16);
    session.changeSpeed(0.5);
    session.changeSpeed(0.5);
    expect(session.status().speed).toBe(4);
  });

  it("a board without commands gets none, and its schedule cannot be forced", async () => {
    const board = new FakeBoard();
    board.commandable = false;
    const { session } = await startSession({ board, lamp, mode: "live" });
    await runFor(board, 2000);
    session.forceEclipse();
    await runFor(board, 500);
    expect(board.commands).toEqual([]);
    expect(session.capabilities.lamp).toBe(false);
    expect(session.capabilities.speed).toBe(false);
  });

  it("the recorder and a view are equal sinks: both see every frame and event", async () => {
    const { board, recorder, session, view } = await started();
    const seen: string[] = [];
    session.addSink({ event: (e) => seen.push(e.kind), frame: () => seen.push("frame") });
    await runFor(board, 1000);
    session.addNote("hello");
    expect(seen.filter((k) => k === "frame")).toHaveLength(recorder.frames.length);
    expect(seen.filter((k) => k === "note")).toHaveLength(1);
    expect(recorder.events.filter((e) => e.kind === "note")).toHaveLength(1);
    expect(view.getSnapshot().recentEvents.at(-1)?.text).toBe("note: hello");
  });
});

describe("the board's outputs and the lamp, checked", () => {
  const check = { fullSunBenchMw: 200, responseFactor: 3, responseMs: 2000, fullLevel: 200 };

  it("a lamp stuck on in eclipse raises a red alarm and an event, the node ignores its light, and SAFE says it is contradicted", async () => {
    const board = new FakeBoard();
    const { recorder, session } = await startSession({
      board,
      lamp,
      lampCheck: check,
      model: new SquareOrbitModel(),
    });
    await runFor(board, 5000); // sunlit, lamp 200
    expect(board.lamp).toBe(200);
    board.stuckLightLevel = 200;
    await runFor(board, 4000); // eclipse from bench 6 s: lamp commanded 0, still lit
    expect(board.lamp).toBe(0);
    const faults = recorder.events.filter((e) => e.kind === "lamp-fault");
    expect(faults.map((e) => e.data.verdict)).toEqual(["stuck-on"]);
    expect(faults[0]!.hostMs).toBeGreaterThanOrEqual(8000);
    expect(session.status().alarms[0]).toMatchObject({
      field: "lamp.stuckOn",
      severity: "red",
      active: true,
    });
    // The model was fed no bench power while the verdict stood.
    const last = recorder.frames.at(-1)!;
    expect(last.node.arrayPowerW).toBe(0);
    await session.stop("quit");
    const safe = recorder.events.find((e) => e.data.command === "SAFE")!;
    expect(safe.kind).toBe("command");
    expect(String(safe.data.contradicted)).toMatch(/lamp stuck on/);
    expect(recorder.footer?.lampFault).toBe("stuck-on");
  });

  it("after the final SAFE the cell is watched: a lamp that stays lit is recorded as stuck on", async () => {
    for (const stuck of [false, true]) {
      const board = new FakeBoard();
      const wallClock = new ManualClock();
      const { recorder, session } = await startSession({
        board,
        lamp,
        lampCheck: check,
        verifySafe: { wallClock },
        model: new SquareOrbitModel(),
      });
      await runFor(board, 3000); // sunlit: lamp 200, cell 200 mW
      if (stuck) board.stuckLightLevel = 200;
      const stopped = session.stop("quit");
      await runFor(board, 3000); // frames keep coming while the SAFE is checked
      await stopped;
      const safe = recorder.events.find((e) => e.data.command === "SAFE")!;
      expect(safe.hostMs).toBeLessThan(3200); // stamped when it was sent, not after the watch
      if (stuck) {
        expect(safe.data.contradicted).toMatch(/cell still reads 200 mW/);
        expect(recorder.events.some((e) => e.kind === "lamp-fault")).toBe(true);
        expect(recorder.footer?.lampFault).toBe("stuck-on");
      } else {
        expect(safe.data.cellMw).toBe(0);
        expect(safe.data.contradicted).toBeUndefined();
      }
    }
  });

  it("the SAFE watch ends on the wall clock when no frame comes", async () => {
    const board = new FakeBoard();
    const wallClock = new ManualClock();
    const { recorder, session } = await startSession({
      board,
      lamp,
      lampCheck: check,
      verifySafe: { wallClock },
      model: new SquareOrbitModel(),
    });
    await runFor(board, 3000);
    const stopped = session.stop("quit");
    await flush();
    wallClock.advance(5001);
    await stopped;
    const safe = recorder.events.find((e) => e.data.command === "SAFE")!;
    expect(safe.kind).toBe("command");
    expect(safe.data.cellMw).toBeUndefined();
  });

  it("a watchdog trip (HOSTBACK) makes the host send lamp and load again, and says so", async () => {
    const { board, recorder } = await started();
    await runFor(board, 1000);
    const sent = board.commands.length;
    board.lamp = 0; // the firmware turned them off
    board.load = 0;
    board.emitEvent({
      kind: "board-event",
      hostMs: board.clock.nowMs(),
      name: "HOSTBACK",
      arg: "4000",
    });
    await runFor(board, 300);
    expect(board.lamp).toBe(200);
    expect(board.commands.slice(sent).map((c) => c.command)).toEqual(["LAMP", "LOAD"]);
    expect(recorder.events.filter((e) => e.kind === "reapply")).toHaveLength(1);
  });

  it("outputs the board reports apart from what was sent for a second are sent again", async () => {
    const { board, recorder } = await started();
    await runFor(board, 1000);
    board.lamp = 0; // reset behind the host's back, no event
    await runFor(board, 500);
    expect(board.lamp).toBe(0);
    await runFor(board, 1000);
    expect(board.lamp).toBe(200);
    expect(recorder.events.find((e) => e.kind === "reapply")?.data.cause).toMatch(/applied lamp 0/);
  });

  it("a SAFE that cannot reach the board is recorded as not delivered", async () => {
    const { board, recorder, session } = await started();
    await runFor(board, 1000);
    board.link = "reconnecting";
    await session.stop("duration");
    const safe = recorder.events.find((e) => e.data.command === "SAFE")!;
    expect(safe.kind).toBe("command-failed");
    expect(String(safe.data.error)).toMatch(/not delivered: the link is reconnecting/);
  });
});

describe("lamp guard", () => {
  it.each([
    ["pwm", 0, 0],
    ["pwm", 0.5, 100],
    ["pwm", 1, 200],
    ["pwm", Number.NaN, 0],
    ["relay", 0.49, 0],
    ["relay", 0.51, 200],
  ] as const)("%s lamp at illumination %f -> level %d", (driver, illumination, level) => {
    expect(levelForIllumination(illumination, { driver, fullLevel: 200 })).toBe(level);
  });

  it("limits continuous on-time and cools down before resuming", () => {
    const cfg = { ...lamp, maxLampOnS: 10, cooldownS: 5 };
    let s = initialLampGuard();
    const levels: number[] = [];
    const kinds: string[] = [];
    for (let t = 0; t <= 20; t++) {
      const r = stepLampGuard(s, cfg, { nowS: t, illumination: 1, panelTempC: 25 });
      s = r.state;
      levels.push(s.level);
      kinds.push(...r.events.map((e) => e.kind));
    }
    // On 0..10, cut at 11, off through 15, on again from 16.
    expect(levels.slice(0, 11).every((l) => l === 200)).toBe(true);
    expect(levels.slice(11, 16)).toEqual([0, 0, 0, 0, 0]);
    expect(levels[16]).toBe(200);
    expect(kinds).toEqual(["max-on-time-cut", "max-on-time-clear"]);
  });
});

describe("trend buffer", () => {
  it("keeps the last window in evenly spaced means", () => {
    const tb = new TrendBuffer(4, 4);
    for (let t = 0; t < 10; t += 0.5) tb.push(t, t);
    expect(tb.values()).toEqual([6.25, 7.25, 8.25, 9.25]);
  });
  it("marks buckets with no sample as NaN", () => {
    const tb = new TrendBuffer(4, 4);
    tb.push(0.1, 1);
    tb.push(3.1, 2);
    const v = tb.values();
    expect(v[0]).toBe(1);
    expect(Number.isNaN(v[1]!)).toBe(true);
    expect(v[3]).toBe(2);
  });
});

describe("alarms on a silent link", () => {
  it("raises the stale-link alarm when frames stop, though no frame arrives to trigger it", async () => {
    const { AlarmMonitor } = await import("../../src/session/alarms.js");
    const { limitsSchema } = await import("../../src/config/schema/limits.js");
    const board = new FakeBoard();
    const alarms = new AlarmMonitor(limitsSchema.parse({}), { link: () => board.stats() });
    const { session, recorder } = await startSession({ board, lamp, alarms });
    await runFor(board, 2000);
    expect(session.status().alarms).toEqual([]);
    // Frames stop; only the control tick runs.
    for (let i = 0; i < 150; i++) {
      board.clock.advance(100);
      await flush();
    }
    const snapshot = session.status();
    expect(snapshot.alarms.map((a) => [a.field, a.severity])).toEqual([
      ["link.lastFrameAgeS", "red"],
    ]);
    expect(snapshot.link.lastFrameHostMs).toBe(2000);
    expect(
      recorder.events.some((e) => e.kind === "alarm" && e.data.field === "link.lastFrameAgeS"),
    ).toBe(true);
  });
});
