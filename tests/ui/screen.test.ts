/** Placing lines on the screen (src/ui/screen.ts): columns side by side, cut, padded, wrapped. */
import { describe, expect, it } from "vitest";
import { lineToAnsi } from "../../src/ui/ansi.js";
import { type Line, lineWidth, seg } from "../../src/ui/lines.js";
import {
  beside,
  panelErrorLines,
  plainLines,
  smallTerminalLines,
  toRows,
  wrapText,
} from "../../src/ui/screen.js";
import { FIXTURES } from "./fixtures.js";
import { stripAnsi } from "./render-helpers.js";

const spark: Line = [
  seg("bench ", "dim"),
  seg("▁▂▃▄▅▆▇█", "sunlit"),
  seg(" 23.4 °C", "warn", true),
];
const text = (lines: Line[]) => toRows(lines, false).map(stripAnsi);

describe("columns side by side", () => {
  it("a column's neighbour starts right after its width, the line's colours kept", () => {
    const rows = beside([
      { lines: [spark], width: 24 },
      { lines: [[seg("|end")]], width: 10 },
    ]);
    expect(text(rows)).toEqual(["bench ▁▂▃▄▅▆▇█ 23.4 °C  |end"]);
    const drawn = toRows(rows, true)[0]!;
    expect(drawn).toContain("\u001B[93m▁▂▃▄▅▆▇█");
    expect(drawn.startsWith(lineToAnsi(spark, true).split("°C")[0]!)).toBe(true);
  });

  it("cuts a line to its column with an ellipsis, on one row", () => {
    const rows = beside([
      { lines: [spark], width: 10 },
      { lines: [[seg("|")]], width: 1 },
    ]);
    expect(text(rows)).toEqual(["bench ▁▂▃…|"]);
  });

  it("rows are as many as the tallest column's; an empty line keeps its row", () => {
    const rows = beside([
      { lines: [[seg("a")], [], [seg("b")]], width: 5 },
      { lines: [[seg("x")]], width: 5 },
    ]);
    expect(text(rows)).toEqual(["a    x", "", "b"]);
  });

  it("pads only where a later column has something: no trailing blanks", () => {
    const rows = beside([
      { lines: [[seg("left")], [seg("left")]], width: 8 },
      { lines: [], width: 1 },
      { lines: [[seg("right")]], width: 8 },
    ]);
    expect(text(rows)).toEqual(["left     right", "left"]);
    for (const r of rows) expect(lineWidth(r)).toBeLessThanOrEqual(17);
  });
});

describe("plain text on the screen", () => {
  it.each([
    [
      "words wrap at spaces",
      "the dashboard needs 60x20 (q quits)",
      12,
      ["the", "dashboard", "needs 60x20", "(q quits)"],
    ],
    ["a word longer than the width is cut", "abcdefghij k", 4, ["abcd", "efgh", "ij k"]],
    ["newlines start a line", "one\ntwo three", 20, ["one", "two three"]],
    ["symbols count one cell", "34.5 °C ▲ up", 7, ["34.5 °C", "▲ up"]],
  ])("%s", (_n, input, width, want) => {
    expect(wrapText(input, width)).toEqual(want);
    for (const l of wrapText(input, width)) expect([...l].length).toBeLessThanOrEqual(width);
  });

  it("stays a row short of the screen, so it never scrolls", () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    expect(plainLines(long, 10, 6)).toHaveLength(5);
  });

  it("a small terminal says what it needs and shows the status line", () => {
    const out = text(smallTerminalLines(FIXTURES.sunlit!, 50, 16)).join("\n");
    expect(out).toContain("terminal 50x16: the dashboard needs 60x20");
    expect(out).toContain("orbit 4 at 20%, sunlit");
    for (const l of out.split("\n")) expect([...l].length).toBeLessThanOrEqual(50);
  });

  it("a panel error shows the status line and the error's message", () => {
    const out = text(panelErrorLines(FIXTURES.sunlit!, new Error("boom"), 100, 30)).join("\n");
    expect(out).toContain("orbit 4 at 20%, sunlit");
    expect(out).toContain("dashboard error: boom: showing the status line; q still quits safely");
  });
});
