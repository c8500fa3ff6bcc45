import { describe, expect, it } from "vitest";
import { chooseLayout } from "../../src/ui/layout.js";
import { type DashboardUiState, dashboardLines, toRows } from "../../src/ui/screen.js";
import { FIXTURES } from "./fixtures.js";
import { expectFits, stripAnsi } from "./render-helpers.js";

const UI: DashboardUiState = { help: false, note: null, message: null };
const LIVE = { pause: false, speed: false, seek: false, lamp: true };
const REPLAY = { pause: true, speed: true, seek: true, lamp: false };

/** The screen's text for a fixture at a terminal size, as the rows sent to the terminal. */
function frameOf(name: string, columns = 80, rows = 24, ui = UI) {
  const s = FIXTURES[name]!;
  const caps = s.mode === "replay" ? REPLAY : LIVE;
  const lines = dashboardLines({
    snapshot: s,
    layout: chooseLayout(columns, rows),
    ui,
    capabilities: caps,
    staleLinkS: 2,
  });
  return stripAnsi(toRows(lines, false).join("\n"));
}

/** What a person must be able to read in each situation, without colour. */
const EXPECT: Record<string, (string | RegExp)[]> = {
  sunlit: [
    "ORBITRIG emulated desk rig",
    "EMULATED",
    "fw 0.3.0",
    "● REC 3.3 MB  2026-11-29T14-00-00.ndjson",
    "bench 20:34",
    "orbit 5:05:55",
    "ORBIT 4",
    "☀ SUNLIT",
    "eclipse in 10:33",
    /█+▒░+▒█+/,
    "▲ node",
    "5.12 V",
    "118.4 mA",
    "606.2 mW",
    "34.5 °C",
    "lamp ☀ 100% auto",
    "load   71%",
    "array     26.3 kW",
    /SoC █+.*82%\s+12\.3 kWh/,
    "+8.40 kW ▲ charging",
    "compute  100%   16.0 kW",
    "node  38.2 °C",
    "radiator   17.4 kW",
    "this orbit 64%",
    "last 61%",
    "session 60%",
    "per orbit ▅▅▅",
    "work 51.1 acc·h",
    "TRENDS last 10:00",
    // Beside each trend, the value now (as the panels show it), not its last bucket's mean.
    /bench mW [▁-█ ]+ +606\.2 mW/,
    /SoC % +[▁-█ ]+ +82%/,
    /node °C +[▁-█ ]+ +38\.2 °C/,
    /compute +[▁-█ ]+ +100%/,
    // Where compute ran this orbit (75 % then full), up to the node.
    /^▆+█+▲ node/m,
    "ALARMS ✓ none",
    "LINK ● UP",
    "10.0 fr/s",
    "gaps 1 (2 lost)",
    "crc 3",
    "reconn 0",
    "last 0.1 s",
    // The newest event (80x24 has a row for one).
    "scheduler: compute 100%",
    "q quit",
    "? help",
  ],
  penumbra: ["◐ PENUMBRA", "sun 42%", "eclipse in 0:05", "-6.00 kW ▼ discharging"],
  umbra: [
    "● ECLIPSE",
    "sunlight in 17:55",
    "array         0 W",
    "-17.9 kW ▼ discharging",
    /lamp ● +0%/,
    "SoC",
    "46%",
  ],
  alarmActive: [
    "ALARMS 2 active, 2 to acknowledge [a]",
    "✖ RED    panel temp 61.3 °C > 60.0 °C",
    "NEW",
    "⚠ YELLOW battery SoC 27% < 30%",
  ],
  alarmAcknowledged: [
    "1 active, 0 to acknowledge",
    "✖ RED    panel temp 60.4 °C > 60.0 °C",
    "ack'd",
  ],
  staleLink: ["LINK ◌ STALE no frame for 7.4 s", "BENCH ◌ STALE values", "NODE ◌ held 7.4 s"],
  reconnecting: ["LINK ↻ RECONNECTING last frame 3.0 s ago", "reconn 2", "NODE ↻ held 3.0 s"],
  replayPaused: ["REPLAY", "‖ PAUSED ×8", "○ not recording", "space pause", "←/→ seek"],
  noFrameYet: [
    "waiting for the first frame…",
    "node model: no state yet",
    "LINK ○ CONNECTING waiting for the first frame",
    "waiting for data",
    "no events yet",
    "ORBIT 1",
  ],
  nullNode: ["node model: no state yet", "ORBIT", "606.2 mW", "LINK ● UP"],
  faultyBench: [
    "⚠ SENSOR OVERFLOW · OVER-TEMP CUT",
    "⚠ SAFE MODE · WATCHDOG",
    "panel      63.5 °C",
  ],
  multiChannel: [/load 0x41 +401\.8 mW +80\.2 mA/, /battery 0x44 +absent/],
};

describe("dashboard panels from fixed snapshots", () => {
  it.each(Object.keys(EXPECT))("%s: readable without colour and fits 80x24", (name) => {
    const out = frameOf(name);
    for (const want of EXPECT[name]!) {
      if (typeof want === "string") expect(out, out).toContain(want);
      else expect(out, out).toMatch(want);
    }
    expectFits(out, 80, 24);
  });

  it("the link is not called stale while frames flow, nor the others alarming without alarms", () => {
    const out = frameOf("sunlit");
    expect(out).not.toMatch(/STALE|RECONNECTING|✖|⚠/);
    expect(frameOf("replayPaused")).not.toContain("l lamp");
    expect(frameOf("sunlit")).not.toContain("←/→ seek");
  });

  it.each(Object.keys(FIXTURES))("%s fits 100x30, 120x30 and 140x40 too", (name) => {
    for (const [c, r] of [
      [100, 30],
      [120, 30],
      [140, 40],
    ] as const)
      expectFits(frameOf(name, c, r), c, r);
  });

  it("uses two columns and longer sparklines at 140x40", () => {
    const out = frameOf("alarmActive", 140, 40);
    expect(out).toMatch(/─ BENCH ─+ +─ TRENDS/);
    // The right column starts after the left one (58 cells) and a gap.
    expect(out).toMatch(/^.{59}─ ALARMS 2 active/m);
    expect(out).toMatch(/AT A GLANCE/);
    // The longest run of sparkline cells anywhere: the bench-power chart's bottom row.
    const spark = (f: string) =>
      Math.max(
        ...(f.match(/[▁▂▃▄▅▆▇█]+/g) ?? [""]).filter((r) => !r.includes("▒")).map((r) => r.length),
      );
    const trendRun = (f: string) =>
      Math.max(
        ...f
          .split("\n")
          .filter((l) => l.includes("bench mW") || l.includes("…600"))
          .map((l) => spark(l)),
      );
    expect(trendRun(out)).toBeGreaterThan(trendRun(frameOf("alarmActive", 80, 24)));
    expect(out.split("\n").filter((l) => l.includes("█▒░") || l.includes("░▒█"))[0]!.length).toBe(
      139,
    );
  });

  it("shows the help overlay and the note input", () => {
    const help = frameOf("sunlit", 80, 24, { ...UI, help: true });
    expect(help).toContain("HELP");
    expect(help).toContain("quit safely (lamp off, recording closed)");
    expect(help).toMatch(/space\s+pause \/ resume\s+\(not in this mode\)/);
    expectFits(help, 80, 24);
    const note = frameOf("sunlit", 80, 24, { ...UI, note: "lamp moved 2 cm" });
    expect(note).toContain("note› lamp moved 2 cm█");
    expect(note).not.toContain("q quit");
  });

  it("flags come before extra channels; channels show where there is room", () => {
    expect(frameOf("faultyBench", 80, 24)).not.toContain("load 0x41");
    const wide = frameOf("faultyBench", 120, 30);
    expect(wide).toMatch(/load 0x41 +401\.8 mW/);
    expect(wide).toMatch(/battery 0x44 +absent/);
    expect(wide).toMatch(/aux 0x45 +33\.0 mW/);
  });

  it("says the orbit's period and shadow share when there is room, and big digits on tall terminals", () => {
    // Fixture: period 5736 s; shadow from phase 0.3105 to 0.6895 = 0.379 × 5736 s = 2173.9 s.
    expect(frameOf("sunlit", 140, 40)).toMatch(/period 1:35:36, shadow 36:13 \(38%\)/);
    expect(frameOf("sunlit", 80, 24)).not.toContain("period");
    const tall = frameOf("sunlit", 100, 34);
    expect(tall).toContain("AT A GLANCE");
    expectFits(tall, 100, 34);
    expect(frameOf("sunlit", 100, 30)).not.toContain("AT A GLANCE");
  });

  it("shows more events when the terminal is taller", () => {
    const lines = (f: string) => f.split("\n").filter((l) => l.startsWith("▸")).length;
    expect(lines(frameOf("sunlit", 80, 30))).toBeGreaterThan(lines(frameOf("alarmActive", 80, 24)));
  });
});
