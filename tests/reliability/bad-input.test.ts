/**
 * The bad-input corpus, checked on the built CLI (`npm run build` first). Every case has its
 * expected line and exit code; the suite runs every sixth case of each group (each is a
 * Node start, about a second of CPU) and `npm run reliability` runs them all.
 * ORBITRIG_RELIABILITY_FULL=1 runs them all here too.
 */
import { describe, expect, it } from "vitest";
import { corpus, judge, runCase } from "./bad-input.js";

const all = corpus();
const full = process.env.ORBITRIG_RELIABILITY_FULL === "1";
const picked = full
  ? all
  : all.filter((c, i) => all.findIndex((x) => x.group === c.group) % 6 === i % 6);

describe("bad input (the corpus)", () => {
  it("has at least 40 rig files, 20 recordings and 10 port paths, each named once", () => {
    const n = (g: string) => all.filter((c) => c.group === g).length;
    expect(n("rig")).toBeGreaterThanOrEqual(40);
    expect(n("recording")).toBeGreaterThanOrEqual(20);
    expect(n("port")).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((c) => `${c.group}/${c.name}`)).size).toBe(all.length);
  });

  it.each(picked.map((c) => [`${c.group}: ${c.name}`, c] as const))(
    "%s: one line and its exit code",
    async (_name, c) => {
      const a = await runCase(c);
      expect(judge(c, a), a.stderr).toBeNull();
    },
    90_000,
  );
});
