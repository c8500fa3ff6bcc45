import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatOrbitFigures, orbitFigures } from "../../src/cli/actions/orbit.js";
import { buildProgram, failureLine } from "../../src/cli/program.js";
import { isOrbitrigError } from "../../src/core/errors.js";

describe("orbitrig orbit", () => {
  it("prints period, eclipse durations, sunlit fraction and critical beta", () => {
    const f = orbitFigures({ altitudeKm: 400, betaDeg: 0 });
    expect(f.periodMin).toBeCloseTo(92.56, 1);
    expect(f.eclipseCylindricalMin).toBeCloseTo(36.11, 1);
    expect(f.umbraMin).toBeLessThan(f.eclipseCylindricalMin);
    expect(f.shadowMin).toBeGreaterThan(f.eclipseCylindricalMin);
    expect(f.sunlitFraction).toBeCloseTo(1 - f.shadowMin / f.periodMin, 9);
    const text = formatOrbitFigures(f);
    expect(text).toMatch(/period\s+92\.56\s+min/);
    expect(text).toMatch(/critical beta\s+70\.22\s+deg/);
    expect(text).toMatch(/eclipse, cylindrical shadow\s+36\.11\s+min/);
  });

  it("says 'none' above the critical beta", () => {
    const f = orbitFigures({ altitudeKm: 550, betaDeg: 70 });
    expect(f.shadowMin).toBe(0);
    expect(formatOrbitFigures(f)).toMatch(/entry \/ exit phase\s+none/);
  });

  it("rejects an unknown preset with a one-line usage error", () => {
    try {
      orbitFigures({ preset: "mars" });
      expect.unreachable();
    } catch (e) {
      expect(isOrbitrigError(e) && e.code === "USAGE" && e.message.includes("--preset")).toBe(true);
    }
  });
});

describe("orbitrig orbit on the command line", () => {
  beforeEach(() => {
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  async function failure(...args: string[]) {
    const cli = buildProgram();
    try {
      await cli.program.parseAsync(["node", "orbitrig", "orbit", ...args]);
      return null;
    } catch (e) {
      return failureLine(e, cli.active());
    }
  }

  // Both were reported as the rig file's fields (altitudeKm, epoch), not the flags typed.
  it.each([
    [["--altitude-km", "50"], /^--altitude-km: expected a number >= 100 and <= 400000, got "50"/],
    [
      ["--date", "garbage"],
      /^--date: expected an ISO 8601 date such as 2026-03-20T12:00:00Z, got "garbage"/,
    ],
  ])("%j names the flag", async (args, line) => {
    const f = await failure(...args);
    expect(f?.exitCode).toBe(2);
    expect(f?.line).toMatch(line);
  });

  it("the lowest orbit allowed runs", async () => {
    expect(await failure("--altitude-km", "100", "--beta-deg", "0")).toBeNull();
  });
});
