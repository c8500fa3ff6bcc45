/**
 * The projector view (src/ui/panels/projector.ts): the four numbers in block digits as large
 * as the terminal allows, the orbit strip with its compute row, at any terminal size.
 */
import { describe, expect, it } from "vitest";
import { bigText, bigWidth, scaledBigText, scaledBigWidth } from "../../src/ui/big-digits.js";
import { projectorGrid, projectorItems } from "../../src/ui/panels/projector.js";
import { projectorScreenLines } from "../../src/ui/screen.js";
import { FIXTURES } from "./fixtures.js";

const text = (l: { text: string }[]) => l.map((s) => s.text).join("");

function screen(name: string, columns: number, rows: number) {
  const input = {
    snapshot: FIXTURES[name]!,
    ui: { help: false, note: null, message: null, projector: true },
    capabilities: { pause: false, speed: true, seek: false, lamp: true },
    staleLinkS: 2,
  };
  return projectorScreenLines(input, columns, rows).map(text);
}

describe("scaled block digits", () => {
  it("scale 1 is the three-row readout; scale k is k times as tall and wide", () => {
    expect(scaledBigText("49%", 1)).toEqual(bigText("49%"));
    const big = scaledBigText("49%", 3);
    expect(big).toHaveLength(9);
    for (const row of big) expect([...row]).toHaveLength(3 * bigWidth("49%"));
    expect(scaledBigWidth("49%", 3)).toBe(3 * bigWidth("49%"));
  });

  it("keeps the glyph's shape: a full block stays full, an empty cell stays empty", () => {
    // "1" at scale 1 has a full block in its middle row; scaled by 2 that cell is 2×2 full.
    const one = bigText("1");
    const x = [...one[1]].indexOf("█");
    const two = scaledBigText("1", 2);
    expect([...two[2]!][2 * x]).toBe("█");
    expect([...two[3]!][2 * x + 1]).toBe("█");
    expect(scaledBigText(" ", 4).every((r) => r.trim() === "")).toBe(true);
  });
});

describe("projector view", () => {
  it.each([
    [80, 24],
    [200, 60],
    [60, 20],
    [30, 10],
  ])("fits %ix%i: nothing wider, fewer lines than rows", (columns, rows) => {
    const lines = screen("sunlit", columns, rows);
    expect(lines.length).toBeLessThan(rows);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
  });

  it("draws each of the four numbers in digits that grow with the terminal", () => {
    const items = projectorItems(FIXTURES.sunlit!);
    expect(items.map((i) => i.label)).toEqual([
      "DUTY THIS ORBIT",
      "BATTERY SoC",
      "ARRAY POWER kW",
      "NODE TEMP °C",
    ]);
    const small = projectorGrid(items, 79, 24)!;
    const large = projectorGrid(items, 199, 60)!;
    expect(large.scale).toBeGreaterThan(small.scale);
    const shown = screen("sunlit", 200, 60).join("\n");
    for (const it of items) {
      expect(shown).toContain(it.label);
      for (const row of scaledBigText(it.text, large.scale)) expect(shown).toContain(row);
    }
  });

  it("keeps the orbit strip, the compute row and the alarm line above the digits", () => {
    const lines = screen("sunlit", 80, 24);
    expect(lines[0]).toMatch(/^ORBIT \d+ +☀ SUNLIT/);
    expect(lines[1]).toMatch(/^[█▒░]+$/);
    expect(lines[2]).toMatch(/^[▁-█·]+▲ node/);
    expect(lines[3]).toBe("ALARMS ✓ none");
    expect(screen("alarmActive", 80, 24)[3]).toMatch(/^(✖ RED|⚠ YELLOW)/);
  });

  it("below block-digit size, the four numbers on one line", () => {
    const lines = screen("sunlit", 30, 10);
    expect(lines[0]).toMatch(/^DUTY THIS ORBIT \d+%/);
  });
});
