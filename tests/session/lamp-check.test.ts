import { describe, expect, it } from "vitest";
import {
  initialLampCheck,
  type LampCheckConfig,
  type LampCheckState,
  stepLampCheck,
} from "../../src/session/lamp-check.js";

const cfg: LampCheckConfig = {
  fullSunBenchMw: 600,
  responseFactor: 3,
  responseMs: 2000,
  fullLevel: 255,
};

/** Feeds (time s, level, mW) rows and returns the verdict after each. */
function run(rows: [number, number, number][], c: LampCheckConfig = cfg): string[] {
  let s: LampCheckState = initialLampCheck();
  return rows.map(([nowS, level, benchPowerMw]) => {
    s = stepLampCheck(s, c, { nowS, level, benchPowerMw });
    return s.verdict;
  });
}

describe("lamp check", () => {
  it("a lamp that goes dark on time is ok; one that stays lit past the lag is stuck on", () => {
    expect(
      run([
        [0, 255, 600],
        [5, 0, 600],
        [6.9, 0, 500],
        [7.1, 0, 5],
      ]),
    ).toEqual(["ok", "ok", "ok", "ok"]);
    expect(
      run([
        [0, 255, 600],
        [5, 0, 600],
        [6.9, 0, 590],
        [7.1, 0, 580],
      ]),
    ).toEqual(["ok", "ok", "ok", "stuck-on"]);
  });

  it("the threshold is the reference over the response factor", () => {
    expect(
      run([
        [0, 0, 0],
        [3, 0, 199],
      ]),
    ).toEqual(["ok", "ok"]);
    expect(
      run([
        [0, 0, 0],
        [3, 0, 201],
      ]),
    ).toEqual(["ok", "stuck-on"]);
    expect(
      run(
        [
          [0, 0, 0],
          [3, 0, 201],
        ],
        { ...cfg, responseFactor: 2 },
      ),
    ).toEqual(["ok", "ok"]);
  });

  it("a full lamp that leaves the cell dark is no light; a dimmed one proves nothing", () => {
    expect(
      run([
        [0, 255, 0],
        [2.5, 255, 10],
      ]),
    ).toEqual(["ok", "no-light"]);
    expect(
      run([
        [0, 128, 0],
        [2.5, 128, 10],
      ]),
    ).toEqual(["ok", "ok"]);
  });

  it("without a measured full-sun power, the lit power seen this session is the reference", () => {
    const c = { ...cfg, fullSunBenchMw: null };
    // Nothing seen lit yet: no verdict possible.
    expect(
      run(
        [
          [0, 0, 0],
          [3, 0, 500],
        ],
        c,
      ),
    ).toEqual(["ok", "ok"]);
    expect(
      run(
        [
          [0, 255, 300],
          [3, 255, 300],
          [4, 0, 300],
          [6.5, 0, 290],
        ],
        c,
      ),
    ).toEqual(["ok", "ok", "ok", "stuck-on"]);
  });

  it("recovers once the cell follows the lamp again", () => {
    expect(
      run([
        [0, 0, 0],
        [3, 0, 500],
        [4, 0, 3],
      ]),
    ).toEqual(["ok", "stuck-on", "ok"]);
  });
});
