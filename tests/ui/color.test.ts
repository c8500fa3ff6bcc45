import { describe, expect, it } from "vitest";
import { chooseLayout } from "../../src/ui/layout.js";
import { dashboardLines, toRows } from "../../src/ui/screen.js";
import { colorEnabled } from "../../src/ui/theme.js";
import { FIXTURES } from "./fixtures.js";
import { stripAnsi } from "./render-helpers.js";

/** SGR colour parameters: 30–37, 38;…, 39, 40–47, 48;…, 49, 90–97, 100–107. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences
const COLOUR_SGR = /\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

/** The rows sent to an 80x24 terminal, with or without colour. */
function frame(name: string, color: boolean) {
  const lines = dashboardLines({
    snapshot: FIXTURES[name]!,
    layout: chooseLayout(80, 24),
    ui: { help: false, note: null, message: null },
    capabilities: { pause: false, speed: false, seek: false, lamp: true },
    staleLinkS: 2,
  });
  return toRows(lines, color).join("\n");
}

describe("colour and NO_COLOR", () => {
  it.each([
    [{}, true],
    [{ NO_COLOR: "1" }, false],
    [{ NO_COLOR: "" }, true],
  ])("env %j: colour %s", (env, on) => {
    expect(colorEnabled(env)).toBe(on);
  });

  it.each(["sunlit", "umbra", "alarmActive", "staleLink"])(
    "%s: coloured normally, no colour codes under NO_COLOR, same text",
    (name) => {
      const coloured = frame(name, true);
      const plain = frame(name, false);
      expect(coloured).toMatch(COLOUR_SGR);
      expect(plain).not.toMatch(COLOUR_SGR);
      const text = (f: string) =>
        stripAnsi(f)
          .split("\n")
          .map((l) => l.trimEnd())
          .join("\n");
      expect(text(plain)).toBe(text(coloured));
    },
  );

  it("states stay readable from symbols and words alone", () => {
    const text = (n: string) => stripAnsi(frame(n, false));
    expect(text("sunlit")).toContain("☀ SUNLIT");
    expect(text("umbra")).toContain("● ECLIPSE");
    expect(text("penumbra")).toContain("◐ PENUMBRA");
    expect(text("alarmActive")).toContain("✖ RED");
    expect(text("alarmActive")).toContain("⚠ YELLOW");
    expect(text("staleLink")).toContain("◌ STALE");
    expect(text("sunlit")).toMatch(/█+▒░+▒█+/);
  });
});
