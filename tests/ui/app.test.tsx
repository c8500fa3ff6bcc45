import { afterEach, describe, expect, it, vi } from "vitest";
import type { SessionControls } from "../../src/session/types.js";
import { chooseLayout } from "../../src/ui/layout.js";
import { dashboardLines, toRows } from "../../src/ui/screen.js";
import type { DashboardControls, SessionSnapshot } from "../../src/ui/snapshot.js";
import { startDashboard } from "../../src/ui/start.js";
import { formatStatusLine, startStatusLine } from "../../src/ui/status-line.js";
import { FIXTURES, makeFrame, makeSnapshot, movingSnapshot } from "./fixtures.js";
import {
  asStdin,
  asStdout,
  expectFits,
  FakeStdin,
  FakeStdout,
  mountApp,
  stripAnsi,
  until,
} from "./render-helpers.js";
import { freshScreen, screenAfter } from "./terminal.js";

/** What the terminal behind a fake stdout shows after everything written to it. */
const shownText = async (out: FakeStdout) =>
  (await screenAfter(out.frames, out.columns, out.rows)).text.join("\n");

function fakeControls(caps: SessionControls["capabilities"]) {
  let resolveQuit: () => void = () => undefined;
  const c = {
    quit: vi.fn(
      () =>
        new Promise<void>((r) => {
          resolveQuit = r;
        }),
    ),
    togglePause: vi.fn(),
    changeSpeed: vi.fn(),
    seek: vi.fn(),
    cycleLampMode: vi.fn(),
    forceEclipse: vi.fn(),
    acknowledgeAlarms: vi.fn(),
    addNote: vi.fn(),
    cycleTrendWindow: vi.fn(() => 600),
    capabilities: caps,
    finishQuit: () => resolveQuit(),
  };
  return c;
}
const LIVE = { pause: false, speed: false, seek: false, lamp: true };
const REPLAY = { pause: true, speed: true, seek: true, lamp: false };

const LEFT = "\u001B[D";
const RIGHT = "\u001B[C";
const ESC = "\u001B";

function mount(snapshot: SessionSnapshot, controls: DashboardControls) {
  const onQuitDone = vi.fn();
  const r = mountApp({ snapshot, controls, color: false, staleLinkS: 2, onQuitDone });
  return { ...r, onQuitDone };
}

describe("keys reach the session", () => {
  it("a, l, e on a live board", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.alarmActive!, c);
    r.stdin.write("a");
    await until(() => c.acknowledgeAlarms.mock.calls.length === 1, "acknowledge");
    r.stdin.write("l");
    await until(() => c.cycleLampMode.mock.calls.length === 1, "lamp");
    r.stdin.write("e");
    await until(() => c.forceEclipse.mock.calls.length === 1, "eclipse");
    await until(() => stripAnsi(r.lastFrame()).includes("eclipse forced"), "message");
    r.stdin.write(LEFT);
    await until(() => stripAnsi(r.lastFrame()).includes("seek: replay only"), "refusal message");
    expect(c.seek).not.toHaveBeenCalled();
    r.unmount();
  });

  it("t switches the trend window and names it", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("t");
    await until(() => c.cycleTrendWindow.mock.calls.length === 1, "trend window");
    await until(() => stripAnsi(r.lastFrame()).includes("trends: last 10:00"), "message");
    r.unmount();
  });

  it("p moves the scheduler to the next policy and names it; without live settings it says so", async () => {
    const setPolicy = vi.fn((name: string) => ({ ok: true as const, text: `policy ${name}` }));
    const c = { ...fakeControls(LIVE), setPolicy };
    // The fixture flies soc-hysteresis; the next policy in the cycle is predictive.
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("p");
    await until(() => setPolicy.mock.calls.length === 1, "setPolicy");
    expect(setPolicy).toHaveBeenCalledWith("predictive");
    await until(() => stripAnsi(r.lastFrame()).includes("policy: predictive"), "message");
    r.unmount();
    const bare = mount(FIXTURES.sunlit!, fakeControls(LIVE));
    bare.stdin.write("p");
    await until(
      () => stripAnsi(bare.lastFrame()).includes("policy: this session cannot"),
      "refusal",
    );
    bare.unmount();
  });

  it("P switches to the projector view and back", async () => {
    const r = mount(FIXTURES.sunlit!, fakeControls(LIVE));
    expect(stripAnsi(r.lastFrame())).toContain("TRENDS");
    r.stdin.write("P");
    await until(() => stripAnsi(r.lastFrame()).includes("DUTY THIS ORBIT"), "projector view");
    expect(stripAnsi(r.lastFrame())).not.toContain("TRENDS");
    r.stdin.write("P");
    await until(() => stripAnsi(r.lastFrame()).includes("TRENDS"), "dashboard again");
    r.unmount();
  });

  it("space, +, -, ←, → in replay", async () => {
    const c = fakeControls(REPLAY);
    const r = mount(FIXTURES.replayPaused!, c);
    for (const k of [" ", "+", "-", LEFT, RIGHT]) r.stdin.write(k);
    await until(() => c.seek.mock.calls.length === 2, "two seeks");
    expect(c.togglePause).toHaveBeenCalledTimes(1);
    expect(c.changeSpeed.mock.calls).toEqual([[2], [0.5]]);
    expect(c.seek.mock.calls).toEqual([[-10], [10]]);
    r.stdin.write("l");
    await until(() => stripAnsi(r.lastFrame()).includes("lamp: not in replay"), "refusal");
    expect(c.cycleLampMode).not.toHaveBeenCalled();
    r.unmount();
  });

  it("n opens the note line; typed text goes to addNote on Enter; Esc cancels", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("n");
    await until(() => stripAnsi(r.lastFrame()).includes("note›"), "note input");
    r.stdin.write("lamp moved");
    await until(() => stripAnsi(r.lastFrame()).includes("note› lamp moved"), "typed text");
    // Keys are text while typing: "q" must not quit.
    r.stdin.write(" q");
    r.stdin.write("\r");
    await until(() => c.addNote.mock.calls.length === 1, "addNote");
    expect(c.addNote).toHaveBeenCalledWith("lamp moved q");
    expect(c.quit).not.toHaveBeenCalled();
    r.stdin.write("n");
    await until(() => stripAnsi(r.lastFrame()).includes("note›"), "note input again");
    r.stdin.write("x");
    r.stdin.write(ESC);
    await until(() => !stripAnsi(r.lastFrame()).includes("note›"), "note line closed");
    expect(c.addNote).toHaveBeenCalledTimes(1);
    r.unmount();
  });

  it("keys that arrive together in one read are taken one by one", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("lanfast note");
    await until(() => stripAnsi(r.lastFrame()).includes("note› fast note"), "note text");
    expect(c.cycleLampMode).toHaveBeenCalledTimes(1);
    expect(c.acknowledgeAlarms).toHaveBeenCalledTimes(1);
    r.stdin.write("\r");
    await until(() => c.addNote.mock.calls.length === 1, "addNote");
    expect(c.addNote).toHaveBeenCalledWith("fast note");
    r.unmount();
  });

  it("text and Enter in one read submit the note; without a recording it says so", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("nxyz\r");
    await until(() => c.addNote.mock.calls.length === 1, "addNote");
    expect(c.addNote).toHaveBeenCalledWith("xyz");
    await until(() => stripAnsi(r.lastFrame()).includes("note added to the recording"), "message");
    r.unmount();
    const replay = fakeControls(REPLAY);
    const q = mount(FIXTURES.replayPaused!, replay);
    q.stdin.write("nabc\n");
    await until(() => replay.addNote.mock.calls.length === 1, "addNote in replay");
    await until(
      () => stripAnsi(q.lastFrame()).includes("note shown (not recording)"),
      "not-recording message",
    );
    q.unmount();
  });

  it("? toggles help, Esc closes it", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("?");
    await until(() => stripAnsi(r.lastFrame()).includes("HELP"), "help");
    expect(stripAnsi(r.lastFrame())).not.toContain("TRENDS");
    r.stdin.write(ESC);
    await until(() => stripAnsi(r.lastFrame()).includes("TRENDS"), "dashboard back");
    r.unmount();
  });

  it("q quits through the session and the dashboard goes once quit() has settled", async () => {
    const c = fakeControls(LIVE);
    const r = mount(FIXTURES.sunlit!, c);
    r.stdin.write("q");
    await until(() => c.quit.mock.calls.length === 1, "quit");
    await until(() => stripAnsi(r.lastFrame()).includes("quitting: lamp off"), "quitting message");
    expect(r.onQuitDone).not.toHaveBeenCalled();
    r.stdin.write("q");
    c.finishQuit();
    await until(() => r.onQuitDone.mock.calls.length === 1, "onQuitDone");
    expect(c.quit).toHaveBeenCalledTimes(1);
    r.unmount();
  });
});

describe("a panel that throws", () => {
  it("falls back to the status line and the error, keeps q working, and recovers on the next snapshot", async () => {
    const c = fakeControls(LIVE);
    // A snapshot the contract does not allow (no trends) makes the trend panel throw.
    const broken = { ...FIXTURES.sunlit!, trends: undefined } as unknown as SessionSnapshot;
    const onQuitDone = vi.fn();
    const props = { snapshot: broken, controls: c, color: false, staleLinkS: 2, onQuitDone };
    const r = mountApp(props);
    await until(() => stripAnsi(r.lastFrame()).includes("dashboard error"), "fallback");
    expect(stripAnsi(r.lastFrame())).toContain("orbit 4 at 20%, sunlit");
    r.rerender({ ...props, snapshot: FIXTURES.sunlit! });
    await until(() => stripAnsi(r.lastFrame()).includes("TRENDS"), "recovered dashboard");
    r.rerender(props);
    await until(() => stripAnsi(r.lastFrame()).includes("dashboard error"), "fallback again");
    r.stdin.write("q");
    await until(() => c.quit.mock.calls.length === 1, "quit from the fallback");
    r.unmount();
  });
});

describe("terminal size", () => {
  const mountAt = (c: DashboardControls, columns: number, rows: number) =>
    mountApp(
      {
        snapshot: FIXTURES.sunlit!,
        controls: c,
        color: false,
        staleLinkS: 2,
        onQuitDone: () => undefined,
      },
      columns,
      rows,
    );

  it("re-lays out on resize: 80 columns to 140 and back", async () => {
    const c = fakeControls(LIVE);
    const r = mountAt(c, 80, 24);
    expect(stripAnsi(r.lastFrame())).not.toMatch(/BENCH.*TRENDS/);
    r.stdout.resize(140, 40);
    await until(() => /BENCH.*TRENDS/.test(stripAnsi(r.lastFrame())), "two-column layout");
    expectFits(r.lastFrame(), 140, 40);
    r.stdout.resize(80, 24);
    await until(() => !/BENCH.*TRENDS/.test(stripAnsi(r.lastFrame())), "one-column layout");
    expectFits(r.lastFrame(), 80, 24);
    r.unmount();
  });

  it("below 60x20 says so and shows the status line, wrapped, instead of broken panels", async () => {
    const c = fakeControls(LIVE);
    const r = mountAt(c, 50, 16);
    const out = stripAnsi(r.lastFrame());
    expect(out).toContain("terminal 50x16: the dashboard needs 60x20");
    expect(out).not.toContain("BENCH");
    for (const line of out.split("\n")) expect([...line].length).toBeLessThanOrEqual(50);
    r.stdin.write("q");
    await until(() => c.quit.mock.calls.length === 1, "q still quits");
    r.unmount();
  });
});

describe("startDashboard", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function source(initial: SessionSnapshot) {
    let snap = initial;
    const listeners = new Set<() => void>();
    let pulls = 0;
    return {
      set(s: SessionSnapshot) {
        snap = s;
        for (const l of listeners) l();
      },
      getSnapshot: () => {
        pulls++;
        return snap;
      },
      subscribe(l: () => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      pulls: () => pulls,
      listeners: () => listeners.size,
    };
  }

  it("renders at most 15 times in a second of 1000 updates, and shows the newest", async () => {
    vi.useFakeTimers();
    const src = source(makeSnapshot());
    const stdout = new FakeStdout(100, 30);
    const h = startDashboard({
      source: src,
      controls: fakeControls(LIVE),
      stdout: asStdout(stdout),
      stdin: asStdin(new FakeStdin()),
    });
    for (let i = 0; i < 1000; i++) {
      src.set(makeSnapshot({ frame: makeFrame({ powerMw: 100 + i / 10 }) }));
      vi.advanceTimersByTime(1);
    }
    // Every render pulls the snapshot once: count pulls, not our own counter.
    expect(src.pulls()).toBeLessThanOrEqual(15);
    // The pace may slow below 15/s when renders are costly (CPU budget), never below ~6/s.
    expect(src.pulls()).toBeGreaterThanOrEqual(5);
    expect(h.renders()).toBe(src.pulls());
    vi.advanceTimersByTime(200);
    h.unmount();
    expect(src.listeners()).toBe(0);
    vi.useRealTimers();
    expect(await shownText(stdout)).toContain("199.9 mW");
  });

  it("re-pulls once a second without updates, so a silent link is seen going stale", async () => {
    vi.useFakeTimers();
    let now = 1_234_100;
    const base = makeSnapshot();
    const src = {
      getSnapshot: () => ({ ...base, nowHostMs: now }),
      subscribe: () => () => undefined,
    };
    const stdout = new FakeStdout(100, 30);
    const h = startDashboard({
      source: src,
      controls: fakeControls(LIVE),
      stdout: asStdout(stdout),
      stdin: asStdin(new FakeStdin()),
    });
    const up = stdout.frames.length;
    now += 5000;
    vi.advanceTimersByTime(1100);
    h.unmount();
    vi.useRealTimers();
    const before = (await screenAfter(stdout.frames.slice(0, up), 100, 30)).text.join("\n");
    expect(before).toContain("LINK ● UP");
    expect(await shownText(stdout)).toContain("LINK ◌ STALE no frame for 5.1 s");
  });

  it("the terminal shows exactly a fresh render of the newest snapshot, after 300 updates drawn in place", async () => {
    vi.useFakeTimers();
    const src = source(movingSnapshot(0));
    const stdout = new FakeStdout(140, 40);
    stdout.write("$ orbitrig demo\r\n");
    const controls = fakeControls(LIVE);
    const h = startDashboard({
      source: src,
      controls,
      stdout: asStdout(stdout),
      stdin: asStdin(new FakeStdin()),
      env: {},
    });
    for (let i = 1; i <= 300; i++) {
      src.set(movingSnapshot(i));
      vi.advanceTimersByTime(7);
    }
    vi.advanceTimersByTime(200);
    h.unmount();
    vi.useRealTimers();
    const newest = toRows(
      dashboardLines({
        snapshot: movingSnapshot(300),
        layout: chooseLayout(140, 40),
        ui: { help: false, note: null, message: null },
        capabilities: controls.capabilities,
        staleLinkS: 2,
      }),
      true,
    );
    const shown = await screenAfter(stdout.frames, 140, 40);
    const fresh = await freshScreen(["$ orbitrig demo", ...newest], 140, 40);
    expect(shown.text).toEqual(fresh.text);
    expect(shown.cells).toEqual(fresh.cells);
    // Drawn in place: far fewer bytes than a whole frame per render.
    const bytes = stdout.frames.reduce((n, f) => n + f.length, 0);
    expect(bytes).toBeLessThan(0.5 * h.renders() * newest.join("\r\n").length);
  });

  it("q: waitUntilExit resolves after the session's quit()", async () => {
    const src = source(makeSnapshot());
    const c = fakeControls(LIVE);
    const stdin = new FakeStdin();
    const h = startDashboard({
      source: src,
      controls: c,
      stdout: asStdout(new FakeStdout(80, 24)),
      stdin: asStdin(stdin),
    });
    let exited = false;
    void h.waitUntilExit().then(() => {
      exited = true;
    });
    stdin.write("q");
    await until(() => c.quit.mock.calls.length === 1, "quit called");
    expect(exited).toBe(false);
    c.finishQuit();
    await until(() => exited, "dashboard exit");
  });
});

describe("status line (not a TTY)", () => {
  it.each([
    [
      "sunlit",
      "[20:34] orbit 4 at 20%, sunlit (eclipse in 10:33) | bench 606.2 mW | SoC 82% | duty 64% | node 38.2 °C | link up 10.0 fr/s",
    ],
    ["staleLink", "link stale (last frame 7.4 s ago)"],
    ["alarmActive", "ALARM RED frame.panelTempC, YELLOW node.socFraction"],
    ["replayPaused", "PAUSED | speed ×8"],
    ["noFrameYet", "bench -- | SoC -- | duty -- | node -- | link connecting"],
  ])("%s", (name, want) => {
    const line = formatStatusLine(FIXTURES[name]!);
    expect(line).toContain(want);
    expect(line.includes("\n") || line.includes("\u001B")).toBe(false);
  });

  it("writes one line now and one every everyS seconds, and a last one on unmount", () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const h = startStatusLine({
        source: { getSnapshot: () => FIXTURES.sunlit!, subscribe: () => () => undefined },
        out: { write: (s: string) => lines.push(s) },
        everyS: 5,
      });
      vi.advanceTimersByTime(12_000);
      expect(lines).toHaveLength(3);
      h.unmount();
      expect(lines).toHaveLength(4);
      expect(lines.every((l) => l.endsWith("\n") && l.split("\n").length === 2)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
