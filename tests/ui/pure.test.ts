import { describe, expect, it, vi } from "vitest";
import { emptyLinkStats } from "../../src/core/board.js";
import type { SessionControls } from "../../src/session/types.js";
import { bigText, bigWidth } from "../../src/ui/big-digits.js";
import { gauge } from "../../src/ui/gauge.js";
import { applyKeyAction, editNote, parseKey } from "../../src/ui/keys.js";
import { chooseLayout } from "../../src/ui/layout.js";
import { linkHealth, snapshotLinkHealth } from "../../src/ui/link-health.js";
import { countdownText, markerIndex, orbitCells, REGION_SYMBOL } from "../../src/ui/orbit-strip.js";
import { headerLines } from "../../src/ui/panels/header.js";
import { fractionBars, resample, sparkline, sparkRows } from "../../src/ui/sparkline.js";
import { isInteractive } from "../../src/ui/start.js";
import { createThrottle, RenderPace } from "../../src/ui/throttle.js";
import { makeFrame, makeSnapshot, SEGMENTS } from "./fixtures.js";

describe("sparkline", () => {
  it.each([
    ["rising", [0, 1, 2, 3, 4, 5, 6, 7], 8, {}, "▁▂▃▄▅▆▇█"],
    ["flat draws mid height", [5, 5, 5], 3, {}, "▄▄▄"],
    ["flat at a fixed floor stays on the floor", [0, 0, 0], 3, { min: 0 }, "▁▁▁"],
    ["flat at a fixed ceiling is full", [100, 100], 2, { min: 0, max: 100 }, "██"],
    ["fewer values than width: right-aligned", [0, 10], 5, {}, "   ▁█"],
    ["NaN is a gap", [0, Number.NaN, 10], 3, {}, "▁ █"],
    ["all NaN", [Number.NaN, Number.NaN], 2, {}, "  "],
    ["empty", [], 4, {}, "    "],
    ["fixed scale clamps", [-10, 50, 200], 3, { min: 0, max: 100 }, "▁▅█"],
    ["bucket means", [0, 0, 10, 10], 2, {}, "▁█"],
  ] as [string, number[], number, { min?: number; max?: number }, string][])(
    "%s",
    (_n, values, width, opts, text) => {
      expect(sparkline(values, width, opts).text).toBe(text);
    },
  );

  it("reports range and the newest finite value", () => {
    expect(sparkline([3, 9, 1, Number.NaN], 10)).toMatchObject({ min: 1, max: 9, last: 1 });
  });

  it("resamples long series into at most width buckets, skipping NaN", () => {
    expect(resample([1, Number.NaN, 3, 5, 7, 9], 3)).toEqual([1, 4, 8]);
    expect(resample([1, 2], 5)).toEqual([1, 2]);
  });

  it("draws taller charts with 8 levels per row, the minimum still visible", () => {
    expect(sparkRows([0, 5, 10, 15], 4, 2, { min: 0, max: 15 })).toEqual(["  ▃█", "▁▆██"]);
    expect(sparkRows([1, Number.NaN, 2], 3, 3)).toEqual(["  █", "  █", "▁ █"]);
    expect(sparkRows([3, 4], 2, 1)).toEqual([sparkline([3, 4], 2).text]);
    expect(sparkRows([0, 0], 2, 2, { min: 0 })).toEqual(["  ", "▁▁"]);
  });

  it("duty bars keep the newest orbits", () => {
    expect(fractionBars([0, 0, 1, 0.5], 3)).toBe("▁█▅");
  });
});

describe("orbit strip", () => {
  it("shades sunlit, penumbra and umbra with distinct symbols and proportions", () => {
    const c = orbitCells(SEGMENTS, 80);
    expect(c).toHaveLength(80);
    const umbra = c.filter((r) => r === "umbra").length;
    expect(umbra).toBeGreaterThanOrEqual(29);
    expect(umbra).toBeLessThanOrEqual(31);
    expect(c[0]).toBe("sunlit");
    expect(c[40]).toBe("umbra");
    expect(new Set(Object.values(REGION_SYMBOL)).size).toBe(3);
  });

  it("keeps a penumbra narrower than a cell visible", () => {
    const c = orbitCells(SEGMENTS, 20);
    expect(c.filter((r) => r === "penumbra").length).toBe(2);
  });

  it("an orbit without eclipse is all sunlit", () => {
    expect(new Set(orbitCells([{ fromPhase: 0, toPhase: 1, region: "sunlit" }], 30))).toEqual(
      new Set(["sunlit"]),
    );
  });

  it.each([
    [0, 80, 0],
    [0.5, 80, 40],
    [0.9999, 80, 79],
    [1, 80, 0],
    [1.25, 80, 20],
    [Number.NaN, 80, 0],
  ])("marker at phase %s of %s cells is cell %s", (phase, width, i) => {
    expect(markerIndex(phase, width)).toBe(i);
  });

  it.each([
    [{ kind: "eclipse-entry" as const, inS: 634 }, 15, "eclipse in 10:34 (bench 0:42)"],
    [{ kind: "eclipse-exit" as const, inS: 2150 }, 1, "sunlight in 35:50"],
    [null, 15, "no eclipse this orbit"],
  ])("countdown %j", (next, scale, text) => {
    expect(countdownText(next, scale)).toBe(text);
  });
});

describe("gauge", () => {
  it.each([
    [0, 10, "░░░░░░░░░░"],
    [1, 10, "██████████"],
    [0.5, 10, "█████░░░░░"],
    [0.82, 10, "████████▎░"],
    [1.7, 4, "████"],
    [-1, 4, "░░░░"],
    [Number.NaN, 4, "????"],
  ])("%s over %s cells", (f, w, text) => {
    expect(gauge(f, w)).toBe(text);
    expect([...gauge(f, w)]).toHaveLength(w);
  });
});

describe("big digits", () => {
  it("draws every digit, %, - and . in three rows of equal width", () => {
    const rows = bigText("0123456789%-.");
    expect(new Set(rows.map((r) => [...r].length)).size).toBe(1);
    expect(bigWidth("82%")).toBe(11);
    expect(bigText("8")).toEqual(["█▀█", "█▀█", "█▄█"]);
    // Distinct glyphs: no two digits look alike.
    const glyphs = [..."0123456789"].map((d) => bigText(d).join("|"));
    expect(new Set(glyphs).size).toBe(10);
  });
});

describe("layout by terminal size", () => {
  it.each([
    [80, 24, false, 79],
    [100, 30, false, 99],
    [119, 40, false, 118],
    [120, 30, true, 119],
    [200, 60, true, 199],
    [40, 10, false, 59],
  ])("%sx%s: two columns %s, strip %s", (cols, rows, two, strip) => {
    const l = chooseLayout(cols, rows);
    expect(l.twoColumns).toBe(two);
    expect(l.stripWidth).toBe(strip);
    if (two) expect(l.leftWidth + 1 + l.rightWidth).toBe(strip);
  });

  it("gives more room to sparklines, alarms and events on bigger terminals", () => {
    const small = chooseLayout(80, 24);
    const big = chooseLayout(160, 50);
    expect(big.sparkWidth).toBeGreaterThan(small.sparkWidth);
    expect(big.alarmLines).toBeGreaterThan(small.alarmLines);
    expect(chooseLayout(80, 40).eventLines).toBeGreaterThan(small.eventLines);
    expect(small.trendRows).toBe(1);
    expect(chooseLayout(140, 40).trendRows).toBeGreaterThan(1);
    expect(chooseLayout(140, 40).bigNumbers).toBe(true);
    expect(chooseLayout(120, 24).bigNumbers).toBe(false);
  });
});

describe("keys", () => {
  it.each([
    ["q", {}, { kind: "quit" }],
    ["c", { ctrl: true }, { kind: "quit" }],
    [" ", {}, { kind: "pause" }],
    ["+", {}, { kind: "speed", factor: 2 }],
    ["-", {}, { kind: "speed", factor: 0.5 }],
    ["", { leftArrow: true }, { kind: "seek", deltaS: -10 }],
    ["", { rightArrow: true, shift: true }, { kind: "seek", deltaS: 60 }],
    ["l", {}, { kind: "lamp" }],
    ["e", {}, { kind: "eclipse" }],
    ["a", {}, { kind: "acknowledge" }],
    ["n", {}, { kind: "note" }],
    ["t", {}, { kind: "trend-window" }],
    ["?", {}, { kind: "help" }],
    ["", { escape: true }, { kind: "close" }],
    ["x", {}, null],
    ["a", { ctrl: true }, null],
  ])("%j %j", (input, key, action) => {
    expect(parseKey(input, key)).toEqual(action);
  });

  function fakeControls(caps: SessionControls["capabilities"]) {
    return {
      quit: vi.fn(async () => undefined),
      togglePause: vi.fn(),
      changeSpeed: vi.fn(),
      seek: vi.fn(),
      cycleLampMode: vi.fn(),
      forceEclipse: vi.fn(),
      acknowledgeAlarms: vi.fn(),
      addNote: vi.fn(),
      cycleTrendWindow: vi.fn(() => 600),
      capabilities: caps,
    };
  }

  it("t switches the trend window in every mode and says which", () => {
    const live = fakeControls({ pause: false, speed: false, seek: false, lamp: true });
    expect(applyKeyAction({ kind: "trend-window" }, live)).toEqual({
      kind: "message",
      text: "trends: last 10:00",
    });
    expect(live.cycleTrendWindow).toHaveBeenCalledTimes(1);
  });

  it("reaches the session for actions the mode allows and explains the others", () => {
    const live = fakeControls({ pause: false, speed: false, seek: false, lamp: true });
    expect(applyKeyAction({ kind: "seek", deltaS: 10 }, live)).toEqual({
      kind: "message",
      text: "seek: replay only",
    });
    expect(live.seek).not.toHaveBeenCalled();
    applyKeyAction({ kind: "lamp" }, live);
    expect(live.cycleLampMode).toHaveBeenCalledTimes(1);
    const replay = fakeControls({ pause: true, speed: true, seek: true, lamp: false });
    applyKeyAction({ kind: "seek", deltaS: -10 }, replay);
    expect(replay.seek).toHaveBeenCalledWith(-10);
    expect(applyKeyAction({ kind: "eclipse" }, replay).kind).toBe("message");
    expect(replay.forceEclipse).not.toHaveBeenCalled();
  });

  it("edits a note line: type, backspace, Enter submits, Esc cancels, control characters dropped", () => {
    let t = editNote("", "lamp ", {}).text;
    t = editNote(t, "movedx", {}).text;
    t = editNote(t, "", { backspace: true }).text;
    expect(t).toBe("lamp moved");
    expect(editNote(t, "\u0007\n!", {}).text).toBe("lamp moved!");
    expect(editNote(t, "", { return: true })).toEqual({ text: "lamp moved", done: "submit" });
    expect(editNote(t, "", { escape: true }).done).toBe("cancel");
  });
});

describe("link health", () => {
  it("a snapshot's link age is measured from its last frame, on the snapshot's time base", () => {
    const s = makeSnapshot({
      nowHostMs: 10_000,
      frame: makeFrame({ hostMs: 7_000 }),
      link: { ...emptyLinkStats(), link: "up", lastFrameHostMs: 7_214 },
    });
    expect(snapshotLinkHealth(s)).toMatchObject({ state: "stale", ageS: 3 });
  });

  const link = (over: Partial<ReturnType<typeof emptyLinkStats>>) => ({
    ...emptyLinkStats(),
    ...over,
  });
  it.each([
    [link({ link: "up", lastFrameHostMs: 1000 }), 2500, "up"],
    [link({ link: "up", lastFrameHostMs: 1000 }), 3001, "stale"],
    [link({ link: "up", lastFrameHostMs: null }), 3001, "connecting"],
    [link({ link: "connecting" }), 0, "connecting"],
    [link({ link: "reconnecting", lastFrameHostMs: 1000 }), 1500, "reconnecting"],
    [link({ link: "down", lastFrameHostMs: 1000 }), 1500, "down"],
  ])("%j at %s ms is %s", (l, now, state) => {
    const h = linkHealth(l, now);
    expect(h.state).toBe(state);
    expect(h.symbol.length).toBeGreaterThan(0);
    expect(h.label).toBe(state.toUpperCase());
  });
});

describe("render throttle", () => {
  it("runs at most once per interval, first at once, last always drawn", () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const th = createThrottle(67, fn);
      for (let i = 0; i < 1000; i++) {
        th.request();
        vi.advanceTimersByTime(1);
      }
      expect(fn.mock.calls.length).toBeLessThanOrEqual(15);
      expect(fn.mock.calls.length).toBeGreaterThanOrEqual(14);
      th.request();
      vi.advanceTimersByTime(100);
      const n = fn.mock.calls.length;
      vi.advanceTimersByTime(1000);
      expect(fn.mock.calls.length).toBe(n);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("render pace under a CPU budget", () => {
  it.each([
    ["no measurement yet: the fps cap", [], 67],
    ["cheap renders: the fps cap", [1], 67],
    ["6 ms renders at 3 %: 200 ms, held to the latency bound", [6], 170],
    ["4 ms renders at 3 %: 133 ms", [4], 133.3],
    ["a single slow render is smoothed", [2, 2, 2, 30], 170],
    ["negative or NaN costs are ignored", [3, Number.NaN, -1], 100],
  ])("%s", (_name, costs, interval) => {
    const p = new RenderPace(67, 170, 0.03);
    for (const c of costs) p.record(c);
    expect(p.intervalMs()).toBeCloseTo(interval, 0);
  });

  it("a throttle paced by a function re-reads the interval", () => {
    vi.useFakeTimers();
    try {
      let interval = 10;
      const fn = vi.fn();
      const th = createThrottle(() => interval, fn);
      for (let i = 0; i < 100; i++) {
        th.request();
        vi.advanceTimersByTime(1);
      }
      const fast = fn.mock.calls.length;
      interval = 50;
      for (let i = 0; i < 100; i++) {
        th.request();
        vi.advanceTimersByTime(1);
      }
      expect(fast).toBeGreaterThanOrEqual(9);
      expect(fn.mock.calls.length - fast).toBeLessThanOrEqual(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("interactive or not", () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;
  it.each([
    [tty, {}, true],
    [pipe, {}, false],
    [tty, { CI: "true" }, false],
    [tty, { CI: "false" }, true],
    [tty, { CI_JOB_ID: "7" }, false],
    [tty, { CONTINUOUS_INTEGRATION: "1" }, false],
  ])("%j with %j: dashboard %s", (out, env, yes) => {
    expect(isInteractive(out, env)).toBe(yes);
  });
});

describe("header", () => {
  const text = (l: { text: string }[]) => l.map((x) => x.text).join("");

  it("keeps the recording's size when a long file name is cut at 80 columns", () => {
    const s = makeSnapshot({
      recording: {
        path: "/home/lab/recordings/emulated-rig-2026-11-29T174159Z.ndjson",
        bytes: 3_456_789,
      },
    });
    const line2 = text(headerLines(s, 79)[1]!);
    expect([...line2].length).toBeLessThanOrEqual(79);
    expect(line2).toContain("● REC 3.3 MB  emulated-rig-2026");
  });

  it("names the board kind with its port", () => {
    const board = makeSnapshot().board!;
    const serial = makeSnapshot({ board: { ...board, kind: "serial", port: "/dev/ttyACM0" } });
    expect(text(headerLines(serial, 120)[0]!)).toContain("serial ttyACM0 · uno-ina219");
    const firmata = makeSnapshot({ board: { ...board, kind: "firmata", port: "/dev/ttyUSB0" } });
    expect(text(headerLines(firmata, 120)[0]!)).toContain("firmata ttyUSB0");
    expect(text(headerLines(makeSnapshot(), 120)[0]!)).toContain("emulator · uno-ina219");
  });
});
