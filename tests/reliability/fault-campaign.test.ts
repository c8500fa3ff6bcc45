/**
 * Faults in the emulator at a size for every run of the suite: each kind once, in a
 * session of two compressed orbits, bounded by emulated time (`npm run reliability` runs
 * more orbits, the fault in each but the last).
 */
import { describe, expect, it } from "vitest";
import { runFaultCase } from "./fault-campaign.js";
import { FAULT_CASES } from "./fault-cases.js";

describe("faults in the emulator (reduced)", () => {
  it("has at least ten kinds", () => {
    expect(FAULT_CASES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FAULT_CASES.map((c) => [c.name, c] as const))(
    "%s: the session survives, records the fault and every whole frame, and ends with the lamp off",
    async (_name, c) => {
      const r = await runFaultCase(c, { orbits: 2 });
      expect(r.failures, r.notes.join("\n")).toEqual([]);
    },
    60_000,
  );
});
