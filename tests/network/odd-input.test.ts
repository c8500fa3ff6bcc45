/**
 * Pure pieces of the classroom given odd input: each mistake is one line that says what
 * was expected, never a surprise that only shows later (a class with a rig called "0").
 */
import { describe, expect, it } from "vitest";
import { rigIds } from "../../src/network/credentials.js";

describe("--rigs", () => {
  it("a number is a count from 1 to 500, never a rig id", () => {
    expect(rigIds("3")).toEqual(["desk-1", "desk-2", "desk-3"]);
    expect(rigIds("500")).toHaveLength(500);
    for (const n of ["0", "501", "100000", "007"])
      expect(() => rigIds(n)).toThrow(`--rigs: "${n}": a count is 1 to 500`);
    // A list may still hold ids that are digits.
    expect(rigIds("7,8")).toEqual(["7", "8"]);
  });
});
