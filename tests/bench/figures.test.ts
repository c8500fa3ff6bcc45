import { describe, expect, it } from "vitest";
import { figure, LoadRange, median } from "../../bench/lib/figures.js";

const load = new LoadRange();

describe("bench figures", () => {
  it("reports the median of the rounds with their spread, and the ratio to the peer's median", () => {
    const f = figure({
      name: "x",
      unit: "frames/s",
      values: [300, 100, 200],
      peerValues: [50, 150, 100],
      peer: "p",
      limit: 150,
      ratioLimit: 1.5,
      load,
      bench: "b",
    });
    expect([f.value, f.peerValue, f.ratio]).toEqual([200, 100, 2]);
    expect([f.spread, f.peerSpread, f.rounds]).toEqual([[100, 300], [50, 150], 3]);
    expect(f.met).toBe(true);
  });

  it("turns the ratio round when lower is better, and misses a target on either bound", () => {
    const f = figure({
      name: "t",
      unit: "s",
      better: "lower",
      values: 4,
      peerValues: 6,
      limit: 8,
      ratioLimit: 2,
      load,
      bench: "b",
    });
    expect(f.ratio).toBe(1.5);
    expect(f.met).toBe(false);
    const g = figure({
      name: "t",
      unit: "s",
      better: "lower",
      values: 9,
      limit: 8,
      load,
      bench: "b",
    });
    expect([g.ratio, g.met, g.spread]).toEqual([null, false, null]);
  });

  it("has no verdict without a target or a value", () => {
    expect(figure({ name: "n", unit: "u", values: 1, load, bench: "b" }).met).toBeNull();
    expect(
      figure({ name: "n", unit: "u", values: null, limit: 1, load, bench: "b" }).met,
    ).toBeNull();
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
});
