/** ORBITRIG_THREADS: a count, or one line saying it is not one (never silently ignored). */
import { availableParallelism } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { OrbitrigError } from "../../src/core/errors.js";
import { threadBudget } from "../../src/core/threads.js";

const saved = process.env.ORBITRIG_THREADS;
afterEach(() => {
  if (saved === undefined) delete process.env.ORBITRIG_THREADS;
  else process.env.ORBITRIG_THREADS = saved;
});

function withEnv(value: string | undefined): number {
  if (value === undefined) delete process.env.ORBITRIG_THREADS;
  else process.env.ORBITRIG_THREADS = value;
  return threadBudget(4);
}

describe("threadBudget", () => {
  it("takes the machine's parallelism, at most the job's maximum, when unset or empty", () => {
    expect(withEnv(undefined)).toBe(Math.min(availableParallelism(), 4));
    expect(withEnv("")).toBe(Math.min(availableParallelism(), 4));
  });

  it("takes a whole number, capped at the maximum", () => {
    expect(withEnv("1")).toBe(1);
    expect(withEnv("0")).toBe(0);
    expect(withEnv(" 3 ")).toBe(3);
    expect(withEnv("16")).toBe(4);
  });

  it("refuses anything else with a usage error naming the value", () => {
    for (const bad of ["abc", "2.5", "-1", "two"]) {
      let err: unknown = null;
      try {
        withEnv(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OrbitrigError);
      expect((err as OrbitrigError).code).toBe("USAGE");
      expect((err as OrbitrigError).exitCode).toBe(2);
      expect((err as Error).message).toContain(`"${bad}"`);
    }
  });
});
