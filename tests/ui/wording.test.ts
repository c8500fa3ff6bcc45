/**
 * Words a student reads: the orbit's share is how far through it (not how sunlit), compute
 * at level 0 is "off" with its idle draw named, and the summary says why a session ended.
 */
import { describe, expect, it } from "vitest";
import { endReasonText, formatSummary } from "../../src/cli/summary.js";
import { nodeLines } from "../../src/ui/panels/power.js";
import { formatStatusLine } from "../../src/ui/status-line.js";
import { makeNode, makeSnapshot } from "./fixtures.js";

const text = (l: { text: string }[]) => l.map((s) => s.text).join("");

describe("wording", () => {
  it("the status line says where in the orbit, apart from sunlit or not", () => {
    const line = formatStatusLine(makeSnapshot({ node: makeNode({ orbitNumber: 0 }) }));
    expect(line).toMatch(/orbit 1 at \d+%, (sunlit|penumbra|eclipse)/);
    expect(line).not.toMatch(/orbit \d+ \d+% /);
  });

  it("compute at level 0 reads 'off', with the payload's idle draw named as such", () => {
    const off = nodeLines(
      makeSnapshot({ node: makeNode({ computeLevel: 0, computePowerW: 12_000 }) }),
      20,
    ).map(text);
    expect(off.find((l) => l.startsWith("compute"))).toMatch(/^compute +off idle +12\.0 kW/);
    const on = nodeLines(
      makeSnapshot({ node: makeNode({ computeLevel: 0.75, computePowerW: 85_500 }) }),
      20,
    ).map(text);
    expect(on.find((l) => l.startsWith("compute"))).toMatch(/^compute +75% +85\.5 kW/);
  });

  it("the summary says why the session ended in words, with its code", () => {
    expect(endReasonText("duration")).toBe("the --duration was reached (duration)");
    expect(endReasonText("something-new")).toBe("something-new");
    expect(formatSummary({ reason: "quit" }, null)).toMatch(
      /^why it ended +you quit \(q\) \(quit\)$/m,
    );
  });
});
