/**
 * The lesson panel: pure lines from the lesson's state (step, narration, countdown in bench
 * time, expectations ticked), and the dashboard mounted in ink with a lesson under way.
 */
import { describe, expect, it, vi } from "vitest";
import { chooseLayout } from "../../src/ui/layout.js";
import { type LessonPanelState, lessonLines } from "../../src/ui/panels/lesson.js";
import { dashboardLines, toRows } from "../../src/ui/screen.js";
import { FIXTURES } from "../ui/fixtures.js";
import { expectFits, mountApp, stripAnsi, until } from "../ui/render-helpers.js";

const text = (lines: ReturnType<typeof lessonLines>) =>
  lines.map((l) => l.map((s) => s.text).join(""));

const STATE: LessonPanelState = {
  title: "24-hour sunlight?",
  index: 2,
  total: 40,
  kind: "run",
  narration: "We start with the Sun in the orbit's plane: beta 0.",
  runEndsAtOrbitS: 6000,
  expectations: [
    { quantity: "beta0.eclipseMin", status: "pass" },
    { quantity: "beta30.eclipseMin", status: "fail" },
  ],
};

describe("lesson panel", () => {
  it("shows the step, the narration, the countdown in bench time and the checks", () => {
    // 3000 orbit s to go at 30 orbit s per bench s: 100 bench s.
    const t = text(lessonLines(STATE, 100, 3000, 30));
    expect(t[0]).toMatch(/^─ LESSON 24-hour sunlight\? step 3\/40 · run · next in 1:40 ─+$/);
    expect(t[1]).toContain("beta 0");
    expect(t[2]).toBe("checks ✓ beta0.eclipseMin  ✗ beta30.eclipseMin  ");
    expect(text(lessonLines({ ...STATE, kind: "say", expectations: [] }, 100, 0, 30))[2]).toBe(
      "checks none yet",
    );
  });

  it("fits the dashboard from 80x24 to 160x40 with a lesson under way", () => {
    for (const [c, r] of [
      [80, 24],
      [100, 40],
      [120, 24],
      [120, 30],
      [160, 40],
    ] as const) {
      const lines = dashboardLines({
        snapshot: { ...FIXTURES.alarmActive!, lesson: STATE },
        layout: chooseLayout(c, r),
        ui: { help: false, note: null, message: null },
        capabilities: { pause: false, speed: false, seek: false, lamp: true },
        staleLinkS: 2,
      });
      const frame = toRows(lines, false).join("\n");
      expect(frame).toContain("LESSON 24-hour sunlight?");
      expectFits(frame, c, r);
    }
  });

  it("is drawn by the dashboard in ink", async () => {
    const controls = {
      quit: vi.fn(async () => undefined),
      togglePause: vi.fn(),
      changeSpeed: vi.fn(),
      seek: vi.fn(),
      cycleLampMode: vi.fn(),
      forceEclipse: vi.fn(),
      acknowledgeAlarms: vi.fn(),
      addNote: vi.fn(),
      cycleTrendWindow: vi.fn(() => 600),
      capabilities: { pause: false, speed: false, seek: false, lamp: true },
    };
    const snapshot = { ...FIXTURES.sunlit!, lesson: STATE };
    const r = mountApp({ snapshot, controls, color: false, staleLinkS: 2, onQuitDone: () => {} });
    await until(() => stripAnsi(r.lastFrame()).includes("LESSON"), "the lesson panel");
    expect(stripAnsi(r.lastFrame())).toContain("✓ beta0.eclipseMin");
    r.rerender({
      snapshot: { ...snapshot, lesson: { ...STATE, kind: "done", expectations: [] } },
      controls,
      color: false,
      staleLinkS: 2,
      onQuitDone: () => {},
    });
    await until(() => stripAnsi(r.lastFrame()).includes("LESSON 24-hour sunlight? done"), "done");
    r.unmount();
  });
});
