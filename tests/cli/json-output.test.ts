/** The one units convention of `--json` (src/cli/json-output.ts): every share in percent, `…Pct`. */
import { describe, expect, it } from "vitest";
import { percentJson } from "../../src/cli/json-output.js";

describe("--json units", () => {
  it("turns fractions into percent under Pct keys, deeply, and leaves other numbers alone", () => {
    expect(
      percentJson({
        socFraction: 0.29,
        dutySession: 0.5,
        nodeTempC: 40.5,
        minSocPct: 42,
        footer: { session: { sessionMinSocFraction: null, workDutySession: 1 } },
        perOrbit: [{ orbit: 1, duty: 0.625, workAccelH: 3 }],
        policy: "predictive",
      }),
    ).toEqual({
      socPct: 29,
      dutySessionPct: 50,
      nodeTempC: 40.5,
      minSocPct: 42,
      footer: { session: { sessionMinSocPct: null, workDutySessionPct: 100 } },
      perOrbit: [{ orbit: 1, dutyPct: 62.5, workAccelH: 3 }],
      policy: "predictive",
    });
  });
});
