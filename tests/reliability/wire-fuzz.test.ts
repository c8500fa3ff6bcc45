/**
 * The wire fuzz of the reliability campaign at a size for every run of the suite (the
 * full million lines: `npm run reliability`). A failure prints its seed.
 */
import { describe, expect, it } from "vitest";
import { runWireFuzz } from "./wire-fuzz.js";

describe("wire fuzzing (reduced)", () => {
  it("20,000 damaged lines: none escapes, each rejected with a reason or decoded as sent; a never-ending line stays bounded", async () => {
    const seed = Number(process.env.ORBITRIG_FUZZ_SEED ?? 20261130);
    const r = await runWireFuzz({
      lines: 10_000,
      seed,
      hugeMaxBytes: 4096,
      neverEndingBytes: 8 * 2 ** 20,
    });
    expect(r.failures, r.notes.join("\n")).toEqual([]);
  });
});
