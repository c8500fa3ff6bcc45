import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.FORCE_COLOR = "1";
});

import { Box } from "ink";
import { lineToAnsi } from "../../src/ui/ansi.js";
import { type Line, seg } from "../../src/ui/lines.js";
import { ColorContext, LinesView, LineView } from "../../src/ui/views/lines-view.js";
import { renderAt, stripAnsi } from "./render-helpers.js";

const spark: Line = [
  seg("bench ", "dim"),
  seg("▁▂▃▄▅▆▇█", "sunlit"),
  seg(" 23.4 °C", "warn", true),
];

function frameOf(tree: React.ReactElement, columns = 60) {
  const r = renderAt(tree, columns, 10);
  const out = r.lastFrame();
  r.unmount();
  return out;
}

describe("LineView (measured placeholder, drawn by Transform)", () => {
  it("draws the line itself, with its colours, not the placeholder", () => {
    const out = frameOf(<LineView line={spark} width={40} />);
    // ink re-serialises the codes (its own order of resets), so compare up to the last glyph.
    expect(out.startsWith(lineToAnsi(spark, true).split("°C")[0]!)).toBe(true);
    expect(out).toContain("\u001B[93m▁▂▃▄▅▆▇█");
    expect(stripAnsi(out)).toBe("bench ▁▂▃▄▅▆▇█ 23.4 °C");
    expect(out).not.toContain("x");
  });

  it("lays lines out at their real width: a neighbour starts right after", () => {
    const out = frameOf(
      <Box flexDirection="row">
        <LineView line={spark} width={40} />
        <LineView line={[seg("|end")]} width={10} />
      </Box>,
    );
    expect(stripAnsi(out)).toBe("bench ▁▂▃▄▅▆▇█ 23.4 °C|end");
  });

  it("cuts a line to its width with an ellipsis, on one row", () => {
    const out = stripAnsi(frameOf(<LineView line={spark} width={10} />));
    expect(out.split("\n")).toHaveLength(1);
    expect([...out]).toHaveLength(10);
    expect(out).toBe("bench ▁▂▃…");
  });

  it("a box narrower than the line's width still gets one row that fits", () => {
    const out = stripAnsi(
      frameOf(
        <Box width={12} flexDirection="column">
          <LineView line={spark} width={40} />
          <LineView line={[seg("next")]} width={40} />
        </Box>,
      ),
    );
    const rows = out.split("\n");
    expect(rows[0]).toBe("bench ▁▂▃▄▅…");
    expect(rows.slice(1).join("\n").trim()).toBe("next");
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(12);
  });

  it("an empty line keeps its row", () => {
    const out = stripAnsi(frameOf(<LinesView lines={[[seg("a")], [], [seg("b")]]} width={20} />));
    expect(out.split("\n").map((l) => l.trimEnd())).toEqual(["a", "", "b"]);
  });

  it("without colour, no colour codes", () => {
    const out = frameOf(
      <ColorContext.Provider value={false}>
        <LineView line={spark} width={40} />
      </ColorContext.Provider>,
    );
    expect(stripAnsi(out)).toBe("bench ▁▂▃▄▅▆▇█ 23.4 °C");
    expect(out).toContain("\u001B[1m");
    for (const code of [33, 90, 93]) expect(out).not.toContain(`\u001B[${code}m`);
  });
});
