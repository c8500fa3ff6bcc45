/**
 * The one duration grammar (src/core/duration.ts): what a person may type for a time, and
 * how a time is printed back.
 */
import { describe, expect, it } from "vitest";
import { formatDurationS, parseDurationS } from "../../src/core/duration.js";

describe("parseDurationS", () => {
  it.each([
    ["90", 90],
    ["12.5", 12.5],
    ["0", 0],
    ["90s", 90],
    ["250ms", 0.25],
    ["5m", 300],
    ["5min", 300],
    ["2.5min", 150],
    ["1.5h", 5400],
    ["1h30m", 5400],
    ["1h 30m", 5400],
    ["1d", 86400],
    ["1d2h3m4s5ms", 93784.005],
    ["2m30s", 150],
    ["1m500ms", 60.5],
    ["  45s ", 45],
  ] as const)("%j is %s s", (text, s) => {
    expect(parseDurationS(text)).toBeCloseTo(s, 9);
  });

  it.each([
    ["", "empty"],
    ["soon", "no number"],
    ["-3s", "negative"],
    ["1e3", "exponent"],
    ["90x", "unknown unit"],
    ["1h3x", "unknown unit after a good part"],
    ["1h30", "number without a unit after a part"],
    ["30m1h", "units out of order"],
    ["5m5m", "a unit twice"],
    ["1m2min", "m and min are the same unit"],
    ["h", "a unit without a number"],
    [".5s", "no digit before the point"],
    ["1H", "capital unit"],
  ] as const)("rejects %j (%s)", (text, _why) => {
    expect(parseDurationS(text)).toBeNull();
  });
});

describe("formatDurationS", () => {
  it.each([
    [0, "0.0s"],
    [12.34, "12.3s"],
    [59.9, "59.9s"],
    [59.96, "1m00s"],
    [119.6, "2m00s"],
    [754, "12m34s"],
    [5400, "1h30m00s"],
    [93784, "26h03m04s"],
    [Number.POSITIVE_INFINITY, "-"],
  ] as const)("%s s reads %s", (s, text) => {
    expect(formatDurationS(s)).toBe(text);
  });

  it("reads back what it prints, to a tenth under a minute and to the second above", () => {
    for (const s of [0.5, 12.34, 61.4, 3599, 3600, 5400.5, 86399]) {
      const back = parseDurationS(formatDurationS(s));
      expect(back).not.toBeNull();
      expect(Math.abs(back! - s)).toBeLessThanOrEqual(s < 59.95 ? 0.05 : 0.5);
    }
  });
});
